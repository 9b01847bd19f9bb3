import type { Db } from '../store/database.ts';
import { nowIso } from '../store/ids.ts';

export type Actor = 'ui' | 'cli' | 'http' | 'system';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  target: string;
  detail: string;
}

/** Append-only record of every change an operator makes. Details never hold secrets. */
export class AuditLog {
  private readonly db: Db;
  private readonly workspaceId: string;

  constructor(db: Db, workspaceId: string) {
    this.db = db;
    this.workspaceId = workspaceId;
  }

  append(actor: Actor, action: string, target: string, detail: Record<string, unknown> = {}): void {
    this.db
      .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.workspaceId, nowIso(), actor, action, target, JSON.stringify(detail));
  }

  recent(limit: number): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT seq, at, actor, action, target, detail FROM audit_log WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?')
      .all(this.workspaceId, limit) as AuditRow[];
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }
}
