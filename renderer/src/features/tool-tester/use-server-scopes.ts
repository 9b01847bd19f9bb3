import { useCallback, useMemo } from 'react';
import { useMcpServers } from '../../api/mcp.ts';
import { scopeLabel } from '../mcp/scope-label.ts';

/**
 * Where each server comes from (Workspace, Crew …, Agent …), by server id: servers of one name
 * in different scopes are told apart wherever the tester names one.
 */
export function useServerScopes(): (serverId: string) => string | undefined {
  const servers = useMcpServers();
  const byId = useMemo(() => new Map((servers.data ?? []).map((server) => [server.id, scopeLabel(server.scope)])), [servers.data]);
  return useCallback((serverId: string) => byId.get(serverId), [byId]);
}

/** "everything · Crew Night Ops", or the name alone while the scope is not known. */
export function serverWithScope(serverName: string, scope: string | undefined): string {
  return scope ? `${serverName} · ${scope}` : serverName;
}
