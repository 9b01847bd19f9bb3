import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { isEventNamed, type AppEvents } from '../../../main/rpc/events.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';
import { useTransport } from './transport-context.tsx';

export type ComposioStatus = MethodOutput<'composio.status'>;
export type ComposioKeyInfo = ComposioStatus['key'];
export type ComposioCatalogStatus = ComposioStatus['catalog'];
type ComposioToolkitList = MethodOutput<'composio.toolkits.list'>;
export type ComposioToolkit = ComposioToolkitList['toolkits'][number];
type ComposioToolkitPage = MethodOutput<'composio.toolkits.get'>;
export type ComposioTool = ComposioToolkitPage['tools'][number];
export type ComposioAuthConfig = ComposioToolkitPage['authConfigs'][number];
export type ComposioInventory = MethodOutput<'composio.inventory'>;
export type ComposioAccount = ComposioInventory['attention'][number];
export type ComposioConnectStarted = MethodOutput<'composio.connect'>;

/** The key panel and the KPI header; every Composio event re-reads it. */
export const useComposioStatus = () => useMethodQuery(queryKeys.composioStatus, 'composio.status', {});

export const useSetComposioKey = () => useMethodMutation('composio.key.set', 'composio.keyChanged');
export const useRemoveComposioKey = () => useMethodMutation('composio.key.remove', 'composio.keyChanged');

/**
 * Search as you type: one query per keystroke, answered by the core from its FTS5 cache (p99 well
 * under 5 ms at the full catalog, `npm run bench -- composio`); the previous answer stays on screen
 * until the next arrives, so the list never blanks between keystrokes.
 */
export const useComposioToolkits = (input: MethodInput<'composio.toolkits.list'>, enabled: boolean) =>
  useMethodQuery([...queryKeys.composioCatalog, 'toolkits', input], 'composio.toolkits.list', input, { enabled, placeholderData: keepPreviousData });

export const useComposioToolkit = (input: MethodInput<'composio.toolkits.get'>) =>
  useMethodQuery([...queryKeys.composioCatalog, 'toolkit', input], 'composio.toolkits.get', input, { placeholderData: keepPreviousData });

export const useSyncComposioCatalog = () => useMethodMutation('composio.catalog.sync', 'composio.catalogSync');

const inventoryChanged = 'composio.inventoryChanged';
export const useCreateAuthConfig = () => useMethodMutation('composio.authConfigs.create', inventoryChanged);
export const useEnableAuthConfig = () => useMethodMutation('composio.authConfigs.enable', inventoryChanged);
export const useDisableAuthConfig = () => useMethodMutation('composio.authConfigs.disable', inventoryChanged);
export const useDeleteAuthConfig = () => useMethodMutation('composio.authConfigs.delete', inventoryChanged);

export const useStartComposioConnect = () => useMethodMutation('composio.connect', 'composio.connect', inventoryChanged);
export const useCancelComposioConnect = () => useMethodMutation('composio.connect.cancel', 'composio.connect');
/** One connect attempt; `composio.connect` events make it re-read, so it never polls. */
export const useComposioConnectFlow = (connectId: string | undefined) =>
  useMethodQuery([...queryKeys.composioConnects, connectId], 'composio.connect.get', { connect: connectId ?? '' }, { enabled: connectId !== undefined });

/** Read from Composio (or its last reading when it cannot be reached); filters change the key, the previous answer stays meanwhile. */
export const useComposioInventory = (input: MethodInput<'composio.inventory'>, enabled: boolean) =>
  useMethodQuery([...queryKeys.composioInventory, input], 'composio.inventory', input, { enabled, placeholderData: keepPreviousData });

export const useRefreshAccount = () => useMethodMutation('composio.accounts.refresh', inventoryChanged);
export const useRevokeAccount = () => useMethodMutation('composio.accounts.revoke', inventoryChanged);
export const useEnableAccount = () => useMethodMutation('composio.accounts.enable', inventoryChanged);
export const useRemoveAccount = () => useMethodMutation('composio.accounts.remove', inventoryChanged);

/** Streams one Composio event into a component (a refresh's progress as it happens). */
export function useComposioEvent<N extends 'composio.catalogSync' | 'composio.connect'>(name: N, listener: (payload: AppEvents[N]) => void): void {
  const transport = useTransport();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      transport.onEvent((event) => {
        if (isEventNamed(event, name)) latest.current(event.payload);
      }),
    [transport, name],
  );
}
