import type { Db } from '../store/database.ts';
import { nowIso } from '../store/ids.ts';
import type { Actor, AuditEntry } from './audit-entry.ts';

export type { Actor, AuditEntry } from './audit-entry.ts';

interface AuditRow {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  target: string;
  detail: string;
}

/** An entry another connection appended, with the workspace it was recorded in. */
export type EntryElsewhere = AuditEntry & { workspaceId: string };

/** What the logs of one core (one per workspace) share: which entries they appended themselves. */
interface OwnEntries {
  /** Entries appended through these logs since `appendedElsewhere` last read (seq → content), once `rememberOwnEntries` was called. */
  entries: Map<number, string> | undefined;
}

/** Append-only record of every change an operator makes, one workspace's. Details never hold secrets. */
export class AuditLog {
  private readonly db: Db;
  readonly workspaceId: string;
  private readonly own: OwnEntries;

  constructor(db: Db, workspaceId: string, own: OwnEntries = { entries: undefined }) {
    this.db = db;
    this.workspaceId = workspaceId;
    this.own = own;
  }

  /** The log of another workspace of the same store, which knows this one's own entries (and they its). */
  forWorkspace(workspaceId: string): AuditLog {
    return workspaceId === this.workspaceId ? this : new AuditLog(this.db, workspaceId, this.own);
  }

  private get ownEntries(): Map<number, string> | undefined {
    return this.own.entries;
  }

  append(actor: Actor, action: string, target: string, detail: Record<string, unknown> = {}): void {
    const row = { at: nowIso(), actor, action, target, detail: JSON.stringify(detail) };
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.workspaceId, row.at, row.actor, row.action, row.target, row.detail);
    this.ownEntries?.set(Number(lastInsertRowid), contentOf(row));
  }

  /**
   * From now on, tells this log's own entries from those that other connections (other processes)
   * append; see `appendedElsewhere`. Returns the newest entry's seq, the point to read on from.
   */
  rememberOwnEntries(): number {
    this.own.entries ??= new Map();
    return this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;
  }

  /** Whether own entries wait to be read past (they are forgotten then, so that memory stays small). */
  get hasOwnEntries(): boolean {
    return (this.ownEntries?.size ?? 0) > 0;
  }

  /**
   * The entries of every workspace after `afterSeq` that other connections appended, oldest first,
   * each with its workspace, and the seq read up to. An own entry (of any of this core's
   * workspaces) is known by its seq and its content: a seq that a rolled-back transaction here
   * gave up, and another process then took, is read as theirs.
   */
  appendedElsewhere(afterSeq: number): { entries: EntryElsewhere[]; lastSeq: number } {
    const rows = this.db
      .prepare('SELECT seq, workspace_id, at, actor, action, target, detail FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(afterSeq) as Array<AuditRow & { workspace_id: string }>;
    const lastSeq = rows.at(-1)?.seq ?? afterSeq;
    const own = this.ownEntries ?? new Map<number, string>();
    const entries = rows
      .filter((row) => own.get(row.seq) !== contentOf(row))
      .map(({ workspace_id: workspaceId, ...row }) => ({ ...toEntry(row), workspaceId }));
    // Every own entry appended since the last read has a seq above `afterSeq`: it was read now, or
    // its transaction rolled back. Either way it is done with.
    own.clear();
    return { entries, lastSeq };
  }

  recent(limit: number): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT seq, at, actor, action, target, detail FROM audit_log WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?')
      .all(this.workspaceId, limit) as AuditRow[];
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

function contentOf(row: Omit<AuditRow, 'seq'>): string {
  return JSON.stringify([row.at, row.actor, row.action, row.target, row.detail]);
}
