/**
 * What an audit entry says, apart from the log that stores it: the contract names these types,
 * and its types reach the renderer, which must not see SQLite or Node.
 */
export type Actor = 'ui' | 'cli' | 'http' | 'system';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}
