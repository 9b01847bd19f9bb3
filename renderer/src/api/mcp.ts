import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { McpCallRecord, MethodInput } from '../../../main/rpc/contract.ts';
import { isEventNamed, type AppEvents } from '../../../main/rpc/events.ts';
import { invalidateFor } from './event-invalidation.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { useCurrentWorkspaceId } from './current-workspace.tsx';
import { queryKeys, workspaceKey } from './query-keys.ts';
import { useCall, useTransport, type Call } from './transport-context.tsx';

/** What the tool tester looks at: one server's catalog, or everything that resolves for one agent. */
export type McpSource = { kind: 'server'; server: string } | { kind: 'agent'; agent: string };

function sourceInput(source: McpSource): { server: string } | { agent: string } {
  return source.kind === 'server' ? { server: source.server } : { agent: source.agent };
}

// ------------------------------------------------------------------ server configs and status

export const useMcpServers = () => useMethodQuery(queryKeys.mcpServers, 'mcp.servers.list', {});

/** Kept current by `mcp.status` events: every state change re-reads the list. */
export const useMcpStatus = () => useMethodQuery(queryKeys.mcpStatus, 'mcp.status', {});

export const useCreateMcpServer = () => useMethodMutation('mcp.servers.create', 'mcp.serversChanged');
export const useUpdateMcpServer = () => useMethodMutation('mcp.servers.update', 'mcp.serversChanged');
export const useDuplicateMcpServer = () => useMethodMutation('mcp.servers.duplicate', 'mcp.serversChanged');
export const useSetMcpServerEnabled = () => useMethodMutation('mcp.servers.setEnabled', 'mcp.serversChanged');
export const useDeleteMcpServer = () => useMethodMutation('mcp.servers.delete', 'mcp.serversChanged');
export const useImportMcpConfig = () => useMethodMutation('mcp.config.import', 'mcp.serversChanged');
export const useConnectMcpServers = () => useMethodMutation('mcp.servers.connect', 'mcp.serversChanged');
export const useReconnectMcpServer = () => useMethodMutation('mcp.servers.reconnect', 'mcp.serversChanged');

/**
 * The environment variables a `.mcp.json` would need allowed, asked while the operator looks at
 * it. Under the servers' key: a config changing elsewhere (a replaced entry's credential) re-reads it.
 */
export const useMcpImportVariables = (input: MethodInput<'mcp.config.importVariables'>, enabled: boolean) =>
  useMethodQuery([...queryKeys.mcpServers, 'import-variables', input], 'mcp.config.importVariables', input, { enabled, placeholderData: keepPreviousData });

/** Exporting writes nothing the console shows, so nothing goes stale. */
export const useExportMcpConfig = () => useMethodMutation('mcp.config.export');

// ------------------------------------------------------------------ the catalog: tools, resources, prompts

/**
 * Listing connects idle servers first, which can take the server's whole connect timeout: the
 * previous source's list stays on screen (marked as stale by the caller) until the new one arrives.
 */
function useCatalog<M extends 'mcp.tools.list' | 'mcp.resources.list' | 'mcp.prompts.list'>(method: M, part: string, source: McpSource | undefined) {
  const call = useCall();
  const workspace = useCurrentWorkspaceId();
  return useQuery({
    queryKey: workspaceKey(workspace, [...queryKeys.mcpCatalog, part, source ?? null]),
    queryFn: () => call(method, sourceInput(source!) as MethodInput<M>),
    enabled: source !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const useMcpTools = (source: McpSource | undefined) => useCatalog('mcp.tools.list', 'tools', source);
export const useMcpResources = (source: McpSource | undefined) => useCatalog('mcp.resources.list', 'resources', source);
export const useMcpPrompts = (source: McpSource | undefined) => useCatalog('mcp.prompts.list', 'prompts', source);

/** Reading a resource has no side effects, so it is a query: selecting a resource reads it. */
export const useMcpResourceContents = (target: { serverId: string; uri: string } | undefined) =>
  useMethodQuery([...queryKeys.mcpResource, target ?? null], 'mcp.resources.read', { server: target?.serverId ?? '', uri: target?.uri ?? '' }, { enabled: target !== undefined, staleTime: 0 });

export const useGetMcpPrompt = () => useMethodMutation('mcp.prompts.get');

// ------------------------------------------------------------------ calls and history

export const useMcpCallHistory = (filter: { server?: string; agent?: string }) =>
  useMethodQuery([...queryKeys.mcpCalls, 'list', filter], 'mcp.calls.list', { ...filter, limit: 200 });

/** Calls of the last day, for the overview; call events re-read it (it sits under the calls key). */
export const useMcpCallStats = () => useMethodQuery([...queryKeys.mcpCalls, 'stats'], 'mcp.calls.stats', { hours: 24 });

export function useFetchMcpCall() {
  const call = useCall();
  return useCallback((callId: string) => call('mcp.calls.get', { callId }), [call]);
}

/** The tester picks a call's id itself (of the core's one form), so it can cancel and match progress before the answer arrives. */
export { newCallId } from '../../../main/rpc/call-id.ts';

/** A call is kept in history whether it succeeds or fails, so the history is re-read either way. */
function useHistoryMutation<Input>(run: (call: Call, input: Input) => Promise<McpCallRecord>) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<McpCallRecord, Error, Input>({
    mutationFn: (input) => run(call, input),
    onSettled: () => invalidateFor(queryClient, 'mcp.callFinished'),
  });
}

export const useRunMcpTool = () => useHistoryMutation((call, input: MethodInput<'mcp.tools.call'> & { callId: string }) => call('mcp.tools.call', input));
export const useReplayMcpCall = () =>
  useHistoryMutation((call, input: MethodInput<'mcp.calls.replay'> & { newCallId: string }) => call('mcp.calls.replay', input));

export const useCancelMcpCall = () => useMethodMutation('mcp.calls.cancel');

// ------------------------------------------------------------------ logs

export function useReadMcpLogs() {
  const call = useCall();
  return useCallback((server: string) => call('mcp.logs.read', { server, limit: 1000 }), [call]);
}

export const useClearMcpLogs = () => useMethodMutation('mcp.logs.clear');
/** The level is part of the server's status (kept and sent again after a reconnect). */
export const useSetMcpLogLevel = () => useMethodMutation('mcp.logs.setLevel', 'mcp.status');
export const usePingMcpServer = () => useMethodMutation('mcp.servers.ping');

// ------------------------------------------------------------------ session requests and the protocol view

/** Subscriptions are part of the server's status, which lists them. */
export const useSubscribeMcpResource = () => useMethodMutation('mcp.resources.subscribe', 'mcp.status');
export const useUnsubscribeMcpResource = () => useMethodMutation('mcp.resources.unsubscribe', 'mcp.status');

export function useCompleteMcp() {
  const call = useCall();
  return useCallback((input: MethodInput<'mcp.completions.complete'>) => call('mcp.completions.complete', input), [call]);
}

export function useReadMcpProtocol() {
  const call = useCall();
  return useCallback((input: MethodInput<'mcp.protocol.read'>) => call('mcp.protocol.read', input), [call]);
}

export const useExportMcpProtocol = () => useMethodMutation('mcp.protocol.export');
export const useClearMcpProtocol = () => useMethodMutation('mcp.protocol.clear');

// ------------------------------------------------------------------ live events

/**
 * Streams one kind of event into a component (progress, log lines) — for what is shown as it
 * happens rather than re-read. The latest listener is always the one called.
 */
export function useMcpEvent<N extends 'mcp.callProgress' | 'mcp.callTask' | 'mcp.elicitationEnded' | 'mcp.log' | 'mcp.protocolMessage' | 'mcp.resourceUpdated'>(name: N, listener: (payload: AppEvents[N]) => void): void {
  const transport = useTransport();
  const workspace = useCurrentWorkspaceId();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      transport.onEvent((event) => {
        // Another workspace's progress and log lines are not this page's.
        if (event.workspaceId !== undefined && event.workspaceId !== workspace) return;
        if (isEventNamed(event, name)) latest.current(event.payload);
      }),
    [transport, name, workspace],
  );
}

/** Servers' requests for input waiting for the operator; events keep the list current. */
export const useMcpElicitations = () => useMethodQuery(queryKeys.mcpElicitations, 'mcp.elicitations.list', {});
export const useAnswerMcpElicitation = () => useMethodMutation('mcp.elicitations.answer', 'mcp.elicitationEnded');
export const useMcpRoots = (server: string) => useMethodQuery([...queryKeys.mcpRoots, server], 'mcp.roots.list', { server });
export const useSetMcpRoots = () => useMethodMutation('mcp.roots.set', 'mcp.rootsChanged');
export const useMcpSamplingRequests = () => useMethodQuery(queryKeys.mcpSampling, 'mcp.sampling.list', {});
export const useAnswerMcpSampling = () => useMethodMutation('mcp.sampling.answer', 'mcp.samplingEnded');
