import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { MethodInput, RegistryServerSummary } from '../../../main/rpc/contract.ts';
import { useCurrentWorkspaceId } from './current-workspace.tsx';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys, workspaceKey } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

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

/** Rows per read of the Registry list: a screen is ~15 rows, so one read covers many screens of scrolling. */
const REGISTRY_WINDOW_ROWS = 200;

type RegistryFilters = Omit<RegistrySearchInput, 'limit' | 'offset'>;

/**
 * The Registry list read in windows of REGISTRY_WINDOW_ROWS: the first at once (it carries the total),
 * the others as the list scrolls to them (`showRange`). `rows` is as long as the total, with holes
 * where a window is not read yet. Each window is its own query under registryEntries, so a sync's
 * registry.changed re-reads the windows read so far, and the list fills while a first sync runs.
 */
export function useRegistryWindows(filters: RegistryFilters) {
  const call = useCall();
  const workspace = useCurrentWorkspaceId();
  const filterKey = JSON.stringify(filters);
  const [wanted, setWanted] = useState<{ filterKey: string; windows: readonly number[] }>({ filterKey, windows: [0] });
  const windows = wanted.filterKey === filterKey ? wanted.windows : [0];
  const answers = useQueries({
    queries: windows.map((index) => {
      const input = { ...filters, limit: REGISTRY_WINDOW_ROWS, offset: index * REGISTRY_WINDOW_ROWS };
      return {
        queryKey: workspaceKey(workspace, [...queryKeys.registryEntries, 'search', input]),
        queryFn: () => call('registry.search', input),
        placeholderData: keepPreviousData,
      };
    }),
  });
  const first = answers[0]!;
  const total = first.data?.total;
  let rows: RegistryServerSummary[] | undefined;
  if (total !== undefined) {
    rows = new Array<RegistryServerSummary>(total);
    windows.forEach((index, at) => {
      answers[at]?.data?.rows.forEach((row, i) => {
        const position = index * REGISTRY_WINDOW_ROWS + i;
        if (position < total) (rows as RegistryServerSummary[])[position] = row;
      });
    });
  }
  const showRange = useCallback(
    (from: number, to: number) => {
      const needed: number[] = [];
      for (let index = Math.floor(from / REGISTRY_WINDOW_ROWS); index <= Math.floor(to / REGISTRY_WINDOW_ROWS); index++) needed.push(index);
      setWanted((current) => {
        const known = current.filterKey === filterKey ? current.windows : [0];
        const missing = needed.filter((index) => !known.includes(index));
        return missing.length === 0 && current.filterKey === filterKey ? current : { filterKey, windows: [...known, ...missing] };
      });
    },
    [filterKey],
  );
  return { first, rows, total, tookMs: first.data?.tookMs, showRange };
}
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
