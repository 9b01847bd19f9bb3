import type { McpServerConfig, McpServerStatus } from '../../../../main/rpc/contract.ts';

/** A server's state as the console shows it: its live status, else not connected (or disabled) until one arrives. */
export function serverState(server: McpServerConfig, statuses: ReadonlyMap<string, McpServerStatus>): McpServerStatus['state'] {
  return statuses.get(server.id)?.state ?? (server.enabled ? 'idle' : 'disabled');
}
