/**
 * What an audit entry says, apart from the log that stores it: the contract names these types,
 * and its types reach the renderer, which must not see SQLite or Node.
 */
/** Who did it: the Electron window, a terminal, the local host's API, an agent through its MCP endpoint, or the console itself. */
export type Actor = 'ui' | 'cli' | 'http' | 'agent' | 'system';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}
