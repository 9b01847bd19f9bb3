import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { McpCallRecord } from '../../../main/mcp/types.ts';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import type { AppEvents } from '../../../main/rpc/events.ts';
import { invalidateFor } from './event-invalidation.ts';
import { queryKeys } from './query-keys.ts';
import { useCall, useTransport } from './transport-context.tsx';

export type {
  McpCallRecord,
  McpCallStatus,
  McpCallSummary,
  McpContent,
  McpLogLine,
  McpProgress,
  McpPrompt,
  McpResource,
  McpResourceContents,
  McpScope,
  McpServerConfig,
  McpServerStatus,
  McpTool,
  McpTransportConfig,
  McpUnavailableServer,
} from '../../../main/mcp/types.ts';

/** What the tool tester looks at: one server's catalog, or everything that resolves for one agent. */
export type McpSource = { kind: 'server'; server: string } | { kind: 'agent'; agent: string };

function sourceInput(source: McpSource): { server: string } | { agent: string } {
  return source.kind === 'server' ? { server: source.server } : { agent: source.agent };
}

// ------------------------------------------------------------------ server configs and status

export function useMcpServers() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.mcpServers, queryFn: () => call('mcp.servers.list', {}) });
}

/** Kept current by `mcp.status` events: every state change re-reads the list. */
export function useMcpStatus() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.mcpStatus, queryFn: () => call('mcp.status', {}) });
}

type ServerMutation =
  | 'mcp.servers.create'
  | 'mcp.servers.update'
  | 'mcp.servers.duplicate'
  | 'mcp.servers.setEnabled'
  | 'mcp.servers.delete'
  | 'mcp.config.import'
  | 'mcp.servers.connect'
  | 'mcp.servers.reconnect'
  | 'mcp.servers.disconnect';

function useMcpMutation<M extends ServerMutation>(method: M) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => invalidateFor(queryClient, 'mcp.serversChanged'),
  });
}

export const useCreateMcpServer = () => useMcpMutation('mcp.servers.create');
export const useUpdateMcpServer = () => useMcpMutation('mcp.servers.update');
export const useDuplicateMcpServer = () => useMcpMutation('mcp.servers.duplicate');
export const useSetMcpServerEnabled = () => useMcpMutation('mcp.servers.setEnabled');
export const useDeleteMcpServer = () => useMcpMutation('mcp.servers.delete');
export const useImportMcpConfig = () => useMcpMutation('mcp.config.import');
export const useConnectMcpServers = () => useMcpMutation('mcp.servers.connect');
export const useReconnectMcpServer = () => useMcpMutation('mcp.servers.reconnect');
export const useDisconnectMcpServer = () => useMcpMutation('mcp.servers.disconnect');

export function useExportMcpConfig() {
  const call = useCall();
  return useMutation<MethodOutput<'mcp.config.export'>, Error, MethodInput<'mcp.config.export'>>({
    mutationFn: (input) => call('mcp.config.export', input),
  });
}

// ------------------------------------------------------------------ the catalog: tools, resources, prompts

/**
 * Listing connects idle servers first, which can take the server's whole connect timeout: the
 * previous source's list stays on screen (marked as stale by the caller) until the new one arrives.
 */
function useCatalog<M extends 'mcp.tools.list' | 'mcp.resources.list' | 'mcp.prompts.list'>(method: M, part: string, source: McpSource | undefined) {
  const call = useCall();
  return useQuery({
    queryKey: [...queryKeys.mcpCatalog, part, source ?? null],
    queryFn: () => call(method, sourceInput(source!) as MethodInput<M>),
    enabled: source !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const useMcpTools = (source: McpSource | undefined) => useCatalog('mcp.tools.list', 'tools', source);
export const useMcpResources = (source: McpSource | undefined) => useCatalog('mcp.resources.list', 'resources', source);
export const useMcpPrompts = (source: McpSource | undefined) => useCatalog('mcp.prompts.list', 'prompts', source);

/** Reading a resource has no side effects, so it is a query: selecting a resource reads it. */
export function useMcpResourceContents(target: { serverId: string; uri: string } | undefined) {
  const call = useCall();
  return useQuery({
    queryKey: [...queryKeys.mcpResource, target ?? null],
    queryFn: () => call('mcp.resources.read', { server: target!.serverId, uri: target!.uri }),
    enabled: target !== undefined,
    staleTime: 0,
  });
}

export function useGetMcpPrompt() {
  const call = useCall();
  return useMutation<MethodOutput<'mcp.prompts.get'>, Error, MethodInput<'mcp.prompts.get'>>({
    mutationFn: (input) => call('mcp.prompts.get', input),
  });
}

// ------------------------------------------------------------------ calls and history

export function useMcpCallHistory(filter: { server?: string; agent?: string }) {
  const call = useCall();
  return useQuery({
    queryKey: [...queryKeys.mcpCalls, 'list', filter],
    queryFn: () => call('mcp.calls.list', { ...filter, limit: 200 }),
  });
}

export function useFetchMcpCall() {
  const call = useCall();
  return useCallback((callId: string) => call('mcp.calls.get', { callId }), [call]);
}

/** A call id the tester picks itself, so it can cancel and match progress before the answer arrives. */
export function newCallId(): string {
  return crypto.randomUUID();
}

export function useRunMcpTool() {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<McpCallRecord, Error, MethodInput<'mcp.tools.call'> & { callId: string }>({
    mutationFn: (input) => call('mcp.tools.call', input),
    onSettled: () => invalidateFor(queryClient, 'mcp.callFinished'),
  });
}

export function useReplayMcpCall() {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<McpCallRecord, Error, MethodInput<'mcp.calls.replay'> & { newCallId: string }>({
    mutationFn: (input) => call('mcp.calls.replay', input),
    onSettled: () => invalidateFor(queryClient, 'mcp.callFinished'),
  });
}

export function useCancelMcpCall() {
  const call = useCall();
  return useMutation<MethodOutput<'mcp.calls.cancel'>, Error, MethodInput<'mcp.calls.cancel'>>({
    mutationFn: (input) => call('mcp.calls.cancel', input),
  });
}

// ------------------------------------------------------------------ logs

export function useReadMcpLogs() {
  const call = useCall();
  return useCallback((server: string) => call('mcp.logs.read', { server, limit: 1000 }), [call]);
}

export function useClearMcpLogs() {
  const call = useCall();
  return useMutation<MethodOutput<'mcp.logs.clear'>, Error, MethodInput<'mcp.logs.clear'>>({
    mutationFn: (input) => call('mcp.logs.clear', input),
  });
}

// ------------------------------------------------------------------ live events

/**
 * Streams one kind of event into a component (progress, log lines) — for what is shown as it
 * happens rather than re-read. The latest listener is always the one called.
 */
export function useMcpEvent<N extends 'mcp.callProgress' | 'mcp.log'>(name: N, listener: (payload: AppEvents[N]) => void): void {
  const transport = useTransport();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      transport.onEvent((event) => {
        if (event.name === name) latest.current(event.payload as AppEvents[N]);
      }),
    [transport, name],
  );
}
