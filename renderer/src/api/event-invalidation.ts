import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AppEvent, AppEventName } from '../../../main/rpc/events.ts';
import { queryKeys, WORKSPACE_KEY } from './query-keys.ts';
import { useTransport } from './transport-context.tsx';

/**
 * Which cached queries each event makes stale. The one table that ties the core's events to the
 * UI's cache: pages never poll, they re-read when an event says their data changed.
 */
const staleQueriesByEvent: Record<AppEventName, readonly QueryKey[]> = {
  // A crew's agent count and the agents' crew names both come from crews.
  'crews.changed': [queryKeys.crews, queryKeys.agents, queryKeys.connections],
  // An agent's name is in its bindings, endpoints and resolution.
  'agents.changed': [queryKeys.agents, queryKeys.crews, queryKeys.composioAccess],
  'preferences.changed': [queryKeys.preferences],
  'credentials.changed': [queryKeys.credentials],
  // Auto-bind changes server configs too: they now reference the credential.
  'credentials.autoBound': [queryKeys.credentials, queryKeys.mcpServers],
  'oauth.flow': [queryKeys.oauthFlows, queryKeys.credentials],
  // A remote server added, moved or given a credential changes which servers sign in (mcp.auth.list).
  'mcp.serversChanged': [queryKeys.mcpServers, queryKeys.mcpStatus, queryKeys.mcpCatalog, queryKeys.registryInstalls, queryKeys.mcpAuth],
  // An endpoint's state and the ready-of-total figure (composio.usage) follow each connection.
  'mcp.status': [queryKeys.mcpStatus, queryKeys.mcpCatalog, queryKeys.composioAccess],
  'mcp.toolsChanged': [queryKeys.mcpCatalog, queryKeys.mcpStatus],
  // What an agent is shown follows the pins (held tools), and the tester's "tools changed" notice.
  'mcp.toolPinsChanged': [queryKeys.mcpToolPins, queryKeys.mcpCatalog],
  'mcp.callStarted': [queryKeys.mcpCalls],
  // composio.usage counts the Composio tool calls this month from the call history.
  'mcp.callFinished': [queryKeys.mcpCalls, queryKeys.mcpStatus, queryKeys.composioAccess, queryKeys.agentEndpoint],
  // Progress and log lines are streamed into the page that shows them, not re-read.
  'mcp.callProgress': [],
  'mcp.callTask': [],
  'mcp.log': [],
  'mcp.protocolMessage': [],
  // The tester re-reads an updated resource it shows; the event itself is listed where subscriptions are.
  'mcp.resourceUpdated': [],
  'mcp.elicitationRequested': [queryKeys.mcpElicitations],
  'mcp.elicitationEnded': [queryKeys.mcpElicitations],
  'mcp.rootsChanged': [queryKeys.mcpRoots],
  'mcp.samplingRequested': [queryKeys.mcpSampling],
  'mcp.samplingEnded': [queryKeys.mcpSampling],
  // A sign-in's steps and requests, and each server's sign-in (which also decides its connection).
  'mcpAuth.flow': [queryKeys.mcpAuth],
  'mcpAuth.changed': [queryKeys.mcpAuth, queryKeys.mcpStatus],
  // Another key is another project: everything read from Composio is re-read.
  'composio.keyChanged': [queryKeys.composioStatus, queryKeys.composioCatalog, queryKeys.composioInventory, queryKeys.composioTriggers, queryKeys.composioAccess, queryKeys.composioBindingPreview],
  'composio.catalogSync': [queryKeys.composioStatus, queryKeys.composioCatalog],
  // A binding's preview and the default connector's candidates are the users' ACTIVE accounts.
  'composio.inventoryChanged': [queryKeys.composioInventory, queryKeys.composioStatus, queryKeys.composioCatalog, queryKeys.composioTriggers, queryKeys.composioAccess, queryKeys.composioBindingPreview],
  'composio.connect': [queryKeys.composioConnects, queryKeys.composioInventory, queryKeys.composioStatus],
  // A trigger names its account: an account removed or revoked changes what the Triggers tab offers and shows.
  'composio.triggersChanged': [queryKeys.composioTriggers],
  // What a workspace holds is in its row of the list; the current workspace is read from it too.
  // The shared-key warning (composio.status) names the workspaces COMPOSIO_API_KEY backs.
  'workspaces.changed': [queryKeys.workspaces, queryKeys.composioStatus],
  // A connection's list row carries its unread counts and message count; the thread is its own.
  'connections.changed': [queryKeys.connections],
  'connections.message': [queryKeys.connections],
  'connections.fileWritten': [queryKeys.connectionFiles],
  'registry.syncProgress': [queryKeys.registrySync, queryKeys.registrySources],
  // A sync may bring a newer version of an installed server.
  'registry.changed': [queryKeys.registryEntries, queryKeys.registrySync, queryKeys.registryInstalls, queryKeys.registrySources],
  'access.changed': [queryKeys.composioAccess, queryKeys.composioBindingPreview, queryKeys.mcpServers, queryKeys.agentEndpoint],
  'agentEndpoint.changed': [queryKeys.agentEndpoint],
  'agentEndpoint.approval': [queryKeys.agentApprovals, queryKeys.agentEndpoint],
};

/**
 * What an event of one workspace makes stale in every workspace's cache: a workspace's own
 * Composio key set or removed changes which workspaces COMPOSIO_API_KEY backs, which every
 * workspace's composio.status warns about.
 */
const staleEverywhereByEvent: Partial<Record<AppEventName, readonly QueryKey[]>> = {
  'composio.keyChanged': [queryKeys.composioStatus],
};

/** Events that arrive together (a bulk import, a crew deleted with its agents) cause one re-read, not one each. */
const BATCH_WINDOW_MS = 60;

/** What these events make stale, in every workspace's cache (a mutation's own re-read: the others are only marked stale). */
export function invalidateFor(queryClient: QueryClient, ...eventNames: AppEventName[]): Promise<void> {
  return invalidateIn(queryClient, undefined, eventNames);
}

/**
 * What these events make stale in one workspace's cache (and in what belongs to none); undefined:
 * in every workspace. Another workspace's event only marks that workspace's queries stale: the
 * page shown (of this workspace) is not re-read.
 */
function invalidateIn(queryClient: QueryClient, workspaceId: string | undefined, eventNames: readonly AppEventName[]): Promise<void> {
  const keys = new Map<string, QueryKey>();
  for (const name of eventNames) {
    for (const key of staleQueriesByEvent[name] ?? []) keys.set(JSON.stringify(key), key);
  }
  const everywhere = new Map<string, QueryKey>();
  for (const name of eventNames) {
    for (const key of staleEverywhereByEvent[name] ?? []) everywhere.set(JSON.stringify(key), key);
  }
  return Promise.all([
    ...[...keys.values()].map((key) => queryClient.invalidateQueries({ predicate: (query) => isUnder(query.queryKey, key, workspaceId) })),
    ...[...everywhere.values()].map((key) => queryClient.invalidateQueries({ predicate: (query) => isUnder(query.queryKey, key, undefined) })),
  ]).then(() => undefined);
}

/** Whether a cached query's key starts with `key`, after the workspace part of a key read in one (see workspaceKey). */
function isUnder(queryKey: QueryKey, key: QueryKey, workspaceId: string | undefined): boolean {
  const inWorkspace = queryKey[0] === WORKSPACE_KEY;
  if (inWorkspace && workspaceId !== undefined && queryKey[1] !== workspaceId) return false;
  const rest = inWorkspace ? queryKey.slice(2) : queryKey;
  return key.every((part, index) => rest[index] === part);
}

/** Mounted once, at the app's root: subscribes to the core's events and turns them into invalidations. */
export function useEventInvalidation(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const wasLive = useRef(false);

  useEffect(() => {
    // By workspace ('' for events of none), the names of the events that arrived.
    const pending = new Map<string, Set<AppEventName>>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batches = [...pending];
      pending.clear();
      for (const [workspaceId, names] of batches) void invalidateIn(queryClient, workspaceId || undefined, [...names]);
    };
    const unsubscribe = transport.onEvent((event: AppEvent) => {
      const workspaceId = event.workspaceId ?? '';
      const names = pending.get(workspaceId) ?? new Set<AppEventName>();
      names.add(event.name);
      pending.set(workspaceId, names);
      timer ??= setTimeout(flush, BATCH_WINDOW_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [transport, queryClient]);

  useEffect(() => {
    // Events sent while the stream was down are lost: after a reconnect, re-read everything once.
    return transport.onStreamStatus((status) => {
      if (status === 'live' && wasLive.current) void queryClient.invalidateQueries();
      if (status === 'live') wasLive.current = true;
    });
  }, [transport, queryClient]);
}
