import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { Db } from '../store/database.ts';
import { waitingBriefly } from '../store/lock-retry.ts';
import { isBusy } from '../store/store-errors.ts';
import { isAlive } from './process-tree.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { McpCallRecord, McpCallStats, McpCallStatus, McpCallSummary, McpCallTask } from './types.ts';

/** Calls older than the newest this many are dropped, so that history never grows without bound. */
const HISTORY_LIMIT = 5000;
/** A result larger than this (a big image) is kept without its content blocks. */
const MAX_STORED_RESULT_CHARS = 2 * 1024 * 1024;
/**
 * Changes wait this long and are written together: a commit costs far more than a row (≈ 70 µs
 * against ≈ 12 µs here), and a quick call is then written once, finished.
 */
const WRITE_DELAY_MS = 50;
/** How soon a batch that found another process's write lock is tried again. */
const LOCKED_RETRY_MS = 250;
/** Old calls are pruned after every this many writes, not after each. */
const PRUNE_EVERY = 100;

interface CallRow {
  id: string;
  server_id: string;
  server_name: string;
  tool: string;
  agent_id: string | null;
  actor: string;
  arguments: string;
  status: McpCallStatus;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  result: string | null;
  error: string | null;
  last_progress: string | null;
  replay_of: string | null;
  task: string | null;
  task_status: McpCallSummary['taskStatus'];
}

const summaryColumns = "id, server_id, server_name, tool, agent_id, actor, status, started_at, finished_at, duration_ms, replay_of, json_extract(task, '$.status') AS task_status";

function toSummary(row: Omit<CallRow, 'arguments' | 'result' | 'error' | 'last_progress' | 'task'>): McpCallSummary {
  return {
    callId: row.id,
    serverId: row.server_id,
    serverName: row.server_name,
    tool: row.tool,
    agentId: row.agent_id,
    actor: row.actor,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    replayOf: row.replay_of,
    taskStatus: row.task_status,
  };
}

function toRecord(row: CallRow): McpCallRecord {
  const { taskStatus: _status, ...summary } = toSummary(row);
  return {
    ...summary,
    task: row.task ? (JSON.parse(row.task) as McpCallTask) : null,
    arguments: JSON.parse(row.arguments) as Record<string, unknown>,
    result: row.result ? (JSON.parse(row.result) as McpCallRecord['result']) : null,
    error: row.error ? (JSON.parse(row.error) as McpCallRecord['error']) : null,
    lastProgress: row.last_progress ? (JSON.parse(row.last_progress) as McpCallRecord['lastProgress']) : null,
  };
}

/** How far the calls of other processes have been read: the last row seen, and those still running then. */
export interface ElsewhereCursor {
  seq: number;
  running: string[];
}

export interface HistoryFilter {
  serverId?: string | undefined;
  tool?: string | undefined;
  agentId?: string | undefined;
  limit: number;
  before?: string | undefined;
}

/**
 * The tool call history in `mcp_calls`. A call's answer never waits for the disk: what changed is
 * written in one transaction a moment later (a running call as running, a finished one with its
 * result), and every read first writes what is pending.
 */
export class CallHistory {
  private readonly db: Db;
  private readonly workspaceId: string;
  private readonly sql: ReturnType<typeof statementCache>;
  /** Records changed since the last write, by call id (the live objects: written as they are then). */
  private readonly pending = new Map<string, McpCallRecord>();
  /** Running calls already written, whose end is an UPDATE rather than an INSERT. */
  private readonly written = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private writesSincePrune = 0;
  private readonly flushLater: () => void;

  constructor(db: Db, workspaceId: string, logInternalError: InternalErrorLog) {
    this.db = db;
    this.workspaceId = workspaceId;
    this.sql = statementCache(db);
    this.flushLater = failSafe('mcp call history', logInternalError, () => this.flushInBackground());
  }

  /**
   * Calls left running by a process that has stopped will never finish. Those of a process still
   * running (the app, while a CLI command opens the same data) are its own business.
   */
  markAbandoned(): void {
    const owners = this.sql("SELECT DISTINCT owner_pid FROM mcp_calls WHERE workspace_id = ? AND status = 'running'").all(this.workspaceId) as { owner_pid: number }[];
    for (const { owner_pid: pid } of owners) {
      if (pid !== process.pid && isAlive(pid)) continue;
      this.sql(
        `UPDATE mcp_calls SET status = 'failed', finished_at = started_at,
           error = json_object('code', 'mcp_call_abandoned', 'message', 'The console stopped before the call finished.', 'hint', 'Run the call again.')
         WHERE workspace_id = ? AND status = 'running' AND owner_pid = ?`,
      ).run(this.workspaceId, pid);
    }
  }

  /** The record is kept by reference: what it holds when the batch is written is what is stored. */
  record(call: McpCallRecord): void {
    this.pending.set(call.callId, call);
    this.timer ??= setTimeout(this.flushLater, WRITE_DELAY_MS);
  }

  list(filter: HistoryFilter): McpCallSummary[] {
    this.flush();
    const where = ['workspace_id = ?'];
    const params: unknown[] = [this.workspaceId];
    if (filter.serverId) {
      where.push('server_id = ?');
      params.push(filter.serverId);
    }
    if (filter.tool) {
      where.push('tool = ?');
      params.push(filter.tool);
    }
    if (filter.agentId) {
      where.push('agent_id = ?');
      params.push(filter.agentId);
    }
    if (filter.before) {
      where.push('seq < (SELECT seq FROM mcp_calls WHERE id = ?)');
      params.push(filter.before);
    }
    const rows = this.sql(`SELECT ${summaryColumns} FROM mcp_calls WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`).all(...params, filter.limit) as CallRow[];
    return rows.map(toSummary);
  }

  get(callId: string): McpCallRecord | undefined {
    this.flush();
    const row = this.sql('SELECT * FROM mcp_calls WHERE workspace_id = ? AND id = ?').get(this.workspaceId, callId) as CallRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  stats(since: string): McpCallStats {
    this.flush();
    const counts = this.sql(
      `SELECT COUNT(*) AS calls, COALESCE(SUM(status IN ('failed', 'tool_error')), 0) AS failed, COALESCE(SUM(status = 'running'), 0) AS running
       FROM mcp_calls WHERE workspace_id = ? AND started_at >= ?`,
    ).get(this.workspaceId, since) as { calls: number; failed: number; running: number };
    const timed = this.sql('SELECT COUNT(*) FROM mcp_calls WHERE workspace_id = ? AND started_at >= ? AND duration_ms IS NOT NULL').pluck().get(this.workspaceId, since) as number;
    const median =
      timed === 0
        ? null
        : (this.sql('SELECT duration_ms FROM mcp_calls WHERE workspace_id = ? AND started_at >= ? AND duration_ms IS NOT NULL ORDER BY duration_ms LIMIT 1 OFFSET ?')
            .pluck()
            .get(this.workspaceId, since, Math.floor((timed - 1) / 2)) as number);
    return { since, ...counts, medianDurationMs: median };
  }

  /** How many calls to these servers started since `since` (the Composio usage figure). */
  countSince(serverIds: readonly string[], since: string): number {
    if (serverIds.length === 0) return 0;
    this.flush();
    return this.db
      .prepare(`SELECT COUNT(*) FROM mcp_calls WHERE workspace_id = ? AND started_at >= ? AND server_id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(this.workspaceId, since, JSON.stringify(serverIds)) as number;
  }

  /**
   * Calls that other processes (the CLI beside the app) recorded, or finished, since `cursor`, in
   * order, and the cursor to read on from; with no cursor, only where to start. Read in one
   * snapshot, by row and by the ids still running, so that no clock decides what is new.
   */
  recordedElsewhere(cursor: ElsewhereCursor | null): { calls: McpCallSummary[]; cursor: ElsewhereCursor } {
    return this.db.transaction(() => {
      const last = this.sql('SELECT COALESCE(MAX(seq), 0) FROM mcp_calls').pluck().get() as number;
      const ours = process.pid;
      if (!cursor) {
        const running = this.sql("SELECT id FROM mcp_calls WHERE workspace_id = ? AND owner_pid <> ? AND status = 'running'").pluck().all(this.workspaceId, ours) as string[];
        return { calls: [], cursor: { seq: last, running } };
      }
      const rows = this.sql(
        `SELECT ${summaryColumns} FROM mcp_calls
         WHERE workspace_id = ? AND owner_pid <> ?
           AND ((seq > ? AND seq <= ?) OR (status <> 'running' AND id IN (SELECT value FROM json_each(?))))
         ORDER BY seq`,
      ).all(this.workspaceId, ours, cursor.seq, last, JSON.stringify(cursor.running)) as CallRow[];
      const calls = rows.map(toSummary);
      const ended = new Set(calls.filter((call) => call.status !== 'running').map((call) => call.callId));
      const running = [...cursor.running, ...calls.filter((call) => call.status === 'running').map((call) => call.callId)].filter((id) => !ended.has(id));
      return { calls, cursor: { seq: last, running } };
    })();
  }

  exists(callId: string): boolean {
    return this.pending.has(callId) || this.sql('SELECT 1 FROM mcp_calls WHERE id = ?').get(callId) !== undefined;
  }

  clear(serverId: string | undefined): number {
    this.flush();
    const sql = `DELETE FROM mcp_calls WHERE workspace_id = ? AND status <> 'running'${serverId ? ' AND server_id = ?' : ''}`;
    return this.sql(sql).run(...(serverId ? [this.workspaceId, serverId] : [this.workspaceId])).changes;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.writesSincePrune += batch.length;
    const prune = this.writesSincePrune >= PRUNE_EVERY;
    if (prune) this.writesSincePrune = 0;
    const writtenBefore = batch.filter((call) => this.written.has(call.callId)).map((call) => call.callId);
    try {
      this.db.transaction(() => {
        for (const call of batch) this.write(call);
        // By seq rather than by count: a lookup of the newest row, not a walk over five thousand.
        if (prune) this.sql(`DELETE FROM mcp_calls WHERE status <> 'running' AND seq <= (SELECT MAX(seq) FROM mcp_calls) - ?`).run(HISTORY_LIMIT);
      })();
    } catch (error) {
      this.keepForNextWrite(batch, writtenBefore);
      throw error;
    }
  }

  /**
   * The timer's write: it waits only briefly for another process's lock (serve must go on
   * answering), and a batch that finds the lock taken is kept and written a little later.
   */
  private flushInBackground(): void {
    try {
      waitingBriefly(this.db, () => this.flush());
    } catch (error) {
      if (!isBusy(error)) throw error;
      this.timer ??= setTimeout(this.flushLater, LOCKED_RETRY_MS);
    }
  }

  /** Nothing was written (the transaction rolled back: a locked database): the batch waits, and which rows exist is as it was. */
  private keepForNextWrite(batch: McpCallRecord[], writtenBefore: string[]): void {
    for (const call of batch) {
      this.pending.set(call.callId, call);
      this.written.delete(call.callId);
    }
    for (const callId of writtenBefore) this.written.add(callId);
  }

  private write(call: McpCallRecord): void {
    const outcome = [
      call.status,
      call.finishedAt,
      call.durationMs,
      call.result ? storedResult(call.result) : null,
      call.error ? JSON.stringify(call.error) : null,
      call.lastProgress ? JSON.stringify(call.lastProgress) : null,
      call.task ? JSON.stringify(call.task) : null,
    ];
    if (this.written.has(call.callId)) {
      this.sql('UPDATE mcp_calls SET status = ?, finished_at = ?, duration_ms = ?, result = ?, error = ?, last_progress = ?, task = ? WHERE id = ?').run(...outcome, call.callId);
    } else {
      this.sql(
        `INSERT INTO mcp_calls (id, workspace_id, server_id, server_name, tool, agent_id, actor, owner_pid, arguments, replay_of, started_at,
           status, finished_at, duration_ms, result, error, last_progress, task)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        call.callId,
        this.workspaceId,
        call.serverId,
        call.serverName,
        call.tool,
        call.agentId,
        call.actor,
        process.pid,
        JSON.stringify(call.arguments),
        call.replayOf,
        call.startedAt,
        ...outcome,
      );
    }
    if (call.status === 'running') this.written.add(call.callId);
    else this.written.delete(call.callId);
  }
}

function storedResult(result: NonNullable<McpCallRecord['result']>): string {
  const text = JSON.stringify(result);
  if (text.length <= MAX_STORED_RESULT_CHARS) return text;
  return JSON.stringify({
    ...result,
    content: [{ type: 'text', text: `(The result was ${Math.round(text.length / 1024)} KiB; its content is not kept in history.)` }],
  });
}
