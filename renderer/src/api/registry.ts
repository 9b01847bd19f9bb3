import { keepPreviousData } from '@tanstack/react-query';
import type { MethodInput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type {
  RegistryInstallField,
  RegistryInstallRecord,
  RegistryServerDetail,
  RegistryServerSummary,
  RegistrySyncStatus,
} from '../../../main/rpc/contract.ts';

type RegistrySearchInput = MethodInput<'registry.search'>;

export const useRegistrySync = () => useMethodQuery(queryKeys.registrySync, 'registry.sync.status', {});
export const useStartRegistrySync = () => useMethodMutation('registry.sync.start', 'registry.syncProgress');

export const useRegistrySearch = (input: RegistrySearchInput) =>
  useMethodQuery([...queryKeys.registryEntries, 'search', input], 'registry.search', input, { placeholderData: keepPreviousData });
export const useRegistryCategories = () => useMethodQuery([...queryKeys.registryEntries, 'categories'], 'registry.categories', {});
export const useRegistryServer = (name: string | undefined, version: string | undefined) =>
  useMethodQuery([...queryKeys.registryEntries, 'show', name, version], 'registry.show', { name: name ?? '', version }, { enabled: name !== undefined });
export const useInstallPlan = (input: MethodInput<'registry.install.plan'>, enabled: boolean) =>
  useMethodQuery([...queryKeys.registryEntries, 'plan', input], 'registry.install.plan', input, { enabled });

export const useRegistryInstall = () => useMethodMutation('registry.install', 'mcp.serversChanged');
export const useRegistryInstalls = () => useMethodQuery(queryKeys.registryInstalls, 'registry.installs.list', {});
export const useRegistryUpdate = () => useMethodMutation('registry.installs.update', 'mcp.serversChanged');

export const useRegistrySources = () => useMethodQuery(queryKeys.registrySources, 'registry.sources.list', {});
export const useAddRegistrySource = () => useMethodMutation('registry.sources.add', 'registry.changed');
export const useUpdateRegistrySource = () => useMethodMutation('registry.sources.update', 'registry.changed');
export const useRemoveRegistrySource = () => useMethodMutation('registry.sources.remove', 'registry.changed');
export const useSyncRegistrySources = () => useMethodMutation('registry.sources.sync', 'registry.syncProgress');
