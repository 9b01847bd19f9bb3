import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AppEvent, AppEventName } from '../../../main/rpc/events.ts';
import { queryKeys } from './query-keys.ts';
import { useTransport } from './transport-context.tsx';

/**
 * Which cached queries each event makes stale. The one table that ties the core's events to the
 * UI's cache: pages never poll, they re-read when an event says their data changed.
 */
const staleQueriesByEvent: Record<AppEventName, readonly QueryKey[]> = {
  // A crew's agent count and the agents' crew names both come from crews.
  'crews.changed': [queryKeys.crews, queryKeys.agents],
  'agents.changed': [queryKeys.agents, queryKeys.crews],
  'preferences.changed': [queryKeys.preferences],
  'credentials.changed': [queryKeys.credentials],
  // Auto-bind changes server configs too: they now reference the credential.
  'credentials.autoBound': [queryKeys.credentials, queryKeys.mcpServers],
  'oauth.flow': [queryKeys.oauthFlows, queryKeys.credentials],
  'mcp.serversChanged': [queryKeys.mcpServers, queryKeys.mcpStatus, queryKeys.mcpCatalog, queryKeys.registryInstalls],
  'mcp.status': [queryKeys.mcpStatus, queryKeys.mcpCatalog],
  'mcp.toolsChanged': [queryKeys.mcpCatalog, queryKeys.mcpStatus],
  'mcp.callStarted': [queryKeys.mcpCalls],
  'mcp.callFinished': [queryKeys.mcpCalls, queryKeys.mcpStatus],
  // Progress and log lines are streamed into the page that shows them, not re-read.
  'mcp.callProgress': [],
  'mcp.log': [],
  'mcp.elicitationRequested': [queryKeys.mcpElicitations],
  'mcp.elicitationEnded': [queryKeys.mcpElicitations],
  'registry.syncProgress': [queryKeys.registrySync],
  // A sync may bring a newer version of an installed server.
  'registry.changed': [queryKeys.registryEntries, queryKeys.registrySync, queryKeys.registryInstalls],
};

/** Events that arrive together (a bulk import, a crew deleted with its agents) cause one re-read, not one each. */
const BATCH_WINDOW_MS = 60;

export function invalidateFor(queryClient: QueryClient, ...eventNames: AppEventName[]): Promise<void> {
  const keys = new Map<string, QueryKey>();
  for (const name of eventNames) {
    for (const key of staleQueriesByEvent[name] ?? []) keys.set(JSON.stringify(key), key);
  }
  return Promise.all([...keys.values()].map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** Mounted once, at the app's root: subscribes to the core's events and turns them into invalidations. */
export function useEventInvalidation(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const wasLive = useRef(false);

  useEffect(() => {
    const pending = new Set<AppEventName>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const names = [...pending];
      pending.clear();
      void invalidateFor(queryClient, ...names);
    };
    const unsubscribe = transport.onEvent((event: AppEvent) => {
      pending.add(event.name);
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
