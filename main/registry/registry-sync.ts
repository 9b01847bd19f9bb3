import { statSync } from 'node:fs';
import type { Actor } from '../audit/audit-log.ts';
import { AppError, toErrorBody, type ErrorBody } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { writeInBackground } from '../store/background-writes.ts';
import { nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import { fetchPage, type ClientOptions } from './registry-client.ts';
import type { RegistryCatalog } from './registry-catalog.ts';
import { parseListItem } from './server-json.ts';
import type { RegistrySyncProblem, RegistrySyncState, RegistrySyncStatus } from './types.ts';

const MAX_PROBLEMS = 50;
/** How often a running sync says the cache changed (the Registry list re-reads the windows it shows). */
const CHANGED_EVERY_MS = 1000;
/** SQLite's default for when a commit copies the WAL back; a running sync leaves it to a worker. */
const DEFAULT_WAL_AUTOCHECKPOINT_PAGES = 1000;
/** How large a running sync lets the WAL grow before a worker copies it back. */
const SYNC_CHECKPOINT_BYTES = 64 * 1024 * 1024;
/**
 * How long one slice of a page's write may hold the thread (and the write lock) before it lets others
 * in: a search asked meanwhile waits at most this long. Shorter slices commit more often, and each
 * commit of a sync that indexes row by row flushes a full-text segment: at 2 ms that cost a sync
 * ~60 % more CPU, at 4–5 ms about what whole pages do (`npm run bench -- registry`).
 */
const SLICE_MS = 4;

/** What a page's slices found, written by its last slice. */
interface PageTally {
  syncedAt: string;
  stored: number;
  skipped: number;
  maxUpdated: string | null;
  problems: RegistrySyncProblem[];
}

interface SourceRow {
  url: string;
  watermark: string | null;
  run_state: RegistrySyncState;
  run_owner_pid: number | null;
  run_since: string | null;
  resume_cursor: string | null;
  run_started_at: string | null;
  run_finished_at: string | null;
  run_pages: number;
  run_servers: number;
  run_skipped: number;
  run_elapsed_ms: number;
  run_max_updated: string | null;
  run_error: string | null;
  run_problems: string;
  index_deferred: 0 | 1;
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Syncs the cache from a registry, page by page (`limit=100`, following the cursor), in the
 * background of whatever process runs it: each page is written in slices of a few milliseconds
 * (see storePage) while the next page is on its way, so the UI, the CLI and MCP connections go on
 * meanwhile. A first sync reads everything; the next ones ask only for what changed since the
 * highest `updatedAt` seen (`updated_since`, which includes deleted entries). Where a run stopped
 * — a registry that went down, a process ended — is kept with each page (the cursor after it), so
 * the next run goes on from there: nothing stored is read again, nothing is missed. A malformed
 * entry is skipped and counted.
 */
export class RegistrySync {
  private readonly ctx: DomainContext;
  private readonly catalog: RegistryCatalog;
  private readonly client: ClientOptions;
  private readonly sql: ReturnType<typeof statementCache>;
  private readonly running = new Map<string, { promise: Promise<RegistrySyncStatus>; abort: AbortController }>();
  private readonly checkpoints = new Set<Promise<void>>();

  constructor(ctx: DomainContext, catalog: RegistryCatalog, client: ClientOptions) {
    this.ctx = ctx;
    this.catalog = catalog;
    this.client = client;
    this.sql = statementCache(ctx.db);
  }

  status(source: string): RegistrySyncStatus {
    const row = this.row(source);
    if (!row) return { ...emptyStatus(source), cached: this.catalog.count(source) };
    return this.toStatus(row);
  }

  /** Starts a sync and answers at once; `registry.syncProgress` reports each page and the end. */
  start(source: string, actor: Actor): RegistrySyncStatus {
    const run = this.run(source, actor);
    failSafe('registry sync', this.ctx.logInternalError, () => run.catch(() => undefined))();
    return this.status(source);
  }

  /** Runs a sync (or joins the one this process runs already) to its end; rejects with why it stopped. */
  run(source: string, actor: Actor): Promise<RegistrySyncStatus> {
    const existing = this.running.get(source);
    if (existing) return existing.promise;
    const abort = new AbortController();
    if (this.running.size === 0) this.deferCheckpoints(true);
    const promise = this.sync(source, actor, abort.signal).finally(() => {
      this.running.delete(source);
      if (this.running.size === 0) this.deferCheckpoints(false);
    });
    this.running.set(source, { promise, abort });
    return promise;
  }

  /**
   * While syncs run, this thread's commits never copy the WAL back (SQLite's default does every
   * ~4 MiB): a full sync writes tens of MiB, those checkpoints (each with an fsync) were about a
   * third of its writing time, and the one that found 64 MiB stopped a slice for a tenth of a
   * second. A worker copies it instead, when it has grown past SYNC_CHECKPOINT_BYTES and once the
   * syncs end. Readers are unaffected; closing waits for the worker.
   */
  private deferCheckpoints(defer: boolean): void {
    this.ctx.db.pragma(`wal_autocheckpoint = ${defer ? 0 : DEFAULT_WAL_AUTOCHECKPOINT_PAGES}`);
    if (!defer) this.checkpointInBackground();
  }

  /** After a page: a copy of the WAL on a worker if it has grown large and none is under way. */
  private checkpointIfLarge(): void {
    if (this.checkpoints.size > 0 || this.ctx.db.memory) return;
    // No WAL file (not yet written, or removed): nothing to copy.
    const size = statSync(`${this.ctx.db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (size > SYNC_CHECKPOINT_BYTES) this.checkpointInBackground();
  }

  private checkpointInBackground(): void {
    if (this.ctx.db.memory) return;
    const copied = writeInBackground(this.ctx.db.name, { checkpoint: true }).catch((error: unknown) => {
      // Not lost: the WAL stays valid, and the next checkpoint (SQLite's own, at a commit) copies it.
      this.ctx.logInternalError('registry sync checkpoint', error);
    });
    this.checkpoints.add(copied);
    void copied.finally(() => this.checkpoints.delete(copied));
  }

  isRunning(source: string): boolean {
    return this.running.has(source);
  }

  /** Stops runs under way (the core is closing): each is left interrupted, to go on next time. */
  async close(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.abort.abort();
    await Promise.allSettled(runs.map((run) => run.promise));
    await Promise.allSettled([...this.checkpoints]);
  }

  private async sync(source: string, actor: Actor, signal: AbortSignal): Promise<RegistrySyncStatus> {
    const resume = this.begin(source);
    let cursor = resume.cursor;
    const since = resume.since;
    let page = resume.pages;
    let lastReport = 0;
    let lastChange = Date.now();
    let mark = performance.now();
    const fetchFrom = (from: string | null) => {
      const fetching = fetchPage(source, { cursor: from, updatedSince: since }, this.client, signal);
      // Awaited below, unless storing the page before it fails first.
      fetching.catch(() => undefined);
      return fetching;
    };
    try {
      let next = fetchFrom(cursor);
      for (;;) {
        const fetched = await next;
        if (signal.aborted) throw new Error('aborted');
        page += 1;
        cursor = fetched.nextCursor;
        // The next page is on its way while this one is written: the sync waits on the registry, not on the store.
        // fetch sends its request from the event loop, so the loop gets a turn before the synchronous write begins.
        if (cursor !== null) {
          next = fetchFrom(cursor);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const indexDue = await this.storePage(source, page, fetched.servers, cursor, mark);
        if (indexDue) await this.buildDeferredIndex(source);
        this.checkpointIfLarge();
        mark = performance.now();
        const now = Date.now();
        if (cursor === null || now - lastReport >= 100) {
          lastReport = now;
          const status = this.status(source);
          this.ctx.bus.publish('registry.syncProgress', status);
          // The list shows what is stored so far (it fills while a first sync runs), re-read at most once a second.
          if (cursor !== null && now - lastChange >= CHANGED_EVERY_MS) {
            lastChange = now;
            this.ctx.bus.publish('registry.changed', { source, servers: status.cached });
          }
        }
        if (cursor === null) break;
      }
    } catch (error) {
      const interrupted = signal.aborted;
      const body = interrupted ? null : toErrorBody(error);
      this.sql('UPDATE registry_sources SET run_state = ?, run_error = ?, run_owner_pid = NULL WHERE url = ?').run(
        interrupted ? 'interrupted' : 'failed',
        body ? JSON.stringify(body) : null,
        source,
      );
      const status = this.status(source);
      this.ctx.bus.publish('registry.syncProgress', status);
      this.ctx.bus.publish('registry.changed', { source, servers: status.cached });
      if (interrupted) return status;
      throw error instanceof AppError ? error : new AppError('registry_unreachable', `The sync from ${source} stopped: ${body?.message ?? 'unknown'}`, 'Sync again: it goes on from its last page.', { cause: error });
    }
    const status = this.status(source);
    this.ctx.audit.append(actor, 'registry.sync', source, { pages: status.pages, servers: status.servers, skipped: status.skipped, incremental: since !== null });
    this.ctx.bus.publish('registry.changed', { source, servers: status.cached });
    return status;
  }

  /** Where this run starts: after the last page an earlier, unfinished run stored, or a new run from the watermark. */
  private begin(source: string): { cursor: string | null; since: string | null; pages: number } {
    return this.ctx.db
      .transaction(() => {
        this.sql('INSERT INTO registry_sources (url, added_at) VALUES (?, ?) ON CONFLICT (url) DO NOTHING').run(source, nowIso());
        const row = this.row(source) as SourceRow;
        if (row.run_state === 'running' && row.run_owner_pid !== null && row.run_owner_pid !== process.pid && isAlive(row.run_owner_pid)) {
          throw new AppError(
            'registry_sync_running',
            `Another process (pid ${row.run_owner_pid}) is syncing from ${source}.`,
            'Wait for it to finish (its progress shows on the Registry page), or stop that process; the next sync goes on from its last page.',
          );
        }
        const unfinished = row.run_state === 'running' || row.run_state === 'interrupted' || row.run_state === 'failed';
        if (unfinished && row.resume_cursor !== null) {
          this.sql("UPDATE registry_sources SET run_state = 'running', run_owner_pid = ?, run_error = NULL WHERE url = ?").run(process.pid, source);
          return { cursor: row.resume_cursor, since: row.run_since, pages: row.run_pages };
        }
        // The first full sync into an empty cache leaves the search index alone and rebuilds it once at
        // its end (see migration 009); a source added later is indexed row by row, so search keeps working.
        this.sql(
          `UPDATE registry_sources SET run_state = 'running', run_owner_pid = ?, run_since = watermark, resume_cursor = NULL, run_started_at = ?,
             run_finished_at = NULL, run_pages = 0, run_servers = 0, run_skipped = 0, run_elapsed_ms = 0, run_max_updated = NULL, run_error = NULL, run_problems = '[]',
             index_deferred = CASE WHEN watermark IS NULL AND NOT EXISTS (SELECT 1 FROM registry_servers) THEN 1 ELSE index_deferred END
           WHERE url = ?`,
        ).run(process.pid, nowIso(), source);
        return { cursor: null, since: row.watermark, pages: 0 };
      })
      .immediate();
  }

  /**
   * Writes one page in slices of about SLICE_MS, each its own transaction, with the event loop free
   * between them, so a search, a UI call or an MCP message waits for one slice, never a whole page.
   * Only the last slice moves the cursor and the counts: a process ended between slices re-reads
   * that one page and upserts its first rows again, which changes nothing (rows are keyed by
   * source, name and version) — so a resume still loses and duplicates nothing.
   */
  private async storePage(source: string, page: number, items: unknown[], nextCursor: string | null, startedAt: number): Promise<boolean> {
    const tally: PageTally = { syncedAt: nowIso(), stored: 0, skipped: 0, maxUpdated: null, problems: [] };
    let indexDue = false;
    for (let from = 0; ; ) {
      from = this.ctx.db.transaction(() => {
        const sliceStarted = performance.now();
        let at = from;
        while (at < items.length && performance.now() - sliceStarted < SLICE_MS) this.storeItem(source, page, items[at++], tally);
        if (at === items.length) indexDue = this.finishPage(source, page, tally, nextCursor, startedAt);
        return at;
      })();
      if (from === items.length) return indexDue;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The end of a first full sync: the search index built over every entry, on a worker (a tenth of
   * a second or more of this thread's otherwise). Until that commits, search matches by substring
   * as it did during the sync. Where no worker can do it (an in-memory database, a failure), here.
   */
  private async buildDeferredIndex(source: string): Promise<void> {
    const statements = this.catalog.endDeferredIndex(source);
    if (!this.ctx.db.memory) {
      try {
        return await writeInBackground(this.ctx.db.name, { statements });
      } catch (error) {
        this.ctx.logInternalError('registry search index', error);
      }
    }
    this.ctx.db.transaction(() => {
      for (const [sql, params] of statements) this.sql(sql).run(...params);
    })();
  }

  private storeItem(source: string, page: number, item: unknown, tally: PageTally): void {
    const parsed = parseListItem(item);
    if ('problem' in parsed) {
      tally.skipped += 1;
      tally.problems.push({ page, name: parsed.name, reason: parsed.problem });
      return;
    }
    this.catalog.upsert(source, parsed.entry, tally.syncedAt);
    tally.maxUpdated = later(tally.maxUpdated, parsed.entry.updatedAt ?? parsed.entry.publishedAt);
    tally.stored += 1;
  }

  /**
   * The page's last slice: the counts, the cursor after the page, and at the end of the run its
   * watermark. Whether the run deferred the search index, which is now due.
   */
  private finishPage(source: string, page: number, tally: PageTally, nextCursor: string | null, startedAt: number): boolean {
    const row = this.row(source) as SourceRow;
    const problems = [...(JSON.parse(row.run_problems) as RegistrySyncProblem[]), ...tally.problems].slice(0, MAX_PROBLEMS);
    const maxUpdated = later(row.run_max_updated, tally.maxUpdated);
    const finished = nextCursor === null;
    const elapsedMs = performance.now() - startedAt;
    this.sql(
      `UPDATE registry_sources SET run_pages = ?, run_servers = run_servers + ?, run_skipped = run_skipped + ?, run_elapsed_ms = run_elapsed_ms + ?,
         run_max_updated = ?, run_problems = ?, resume_cursor = ?,
         run_state = CASE WHEN ? THEN 'finished' ELSE run_state END,
         run_finished_at = CASE WHEN ? THEN ? ELSE run_finished_at END,
         run_owner_pid = CASE WHEN ? THEN NULL ELSE run_owner_pid END,
         watermark = CASE WHEN ? THEN ? ELSE watermark END
       WHERE url = ?`,
    ).run(
      page,
      tally.stored,
      tally.skipped,
      elapsedMs,
      maxUpdated,
      JSON.stringify(problems),
      nextCursor,
      finished ? 1 : 0,
      finished ? 1 : 0,
      tally.syncedAt,
      finished ? 1 : 0,
      finished ? 1 : 0,
      later(row.watermark, maxUpdated),
      source,
    );
    return finished && row.index_deferred === 1;
  }

  private row(source: string): SourceRow | undefined {
    return this.sql('SELECT * FROM registry_sources WHERE url = ?').get(source) as SourceRow | undefined;
  }

  private toStatus(row: SourceRow): RegistrySyncStatus {
    // A run whose process is gone (ended mid-sync) is interrupted, whatever the row says.
    const orphaned = row.run_state === 'running' && !this.running.has(row.url) && (row.run_owner_pid === null || row.run_owner_pid === process.pid || !isAlive(row.run_owner_pid));
    return {
      source: row.url,
      state: orphaned ? 'interrupted' : row.run_state,
      pages: row.run_pages,
      servers: row.run_servers,
      skipped: row.run_skipped,
      ratePerSecond: row.run_elapsed_ms > 0 ? Math.round((row.run_servers + row.run_skipped) / (row.run_elapsed_ms / 1000)) : 0,
      startedAt: row.run_started_at,
      finishedAt: row.run_finished_at,
      updatedSince: row.run_since,
      watermark: row.watermark,
      resumeCursor: row.resume_cursor,
      error: row.run_error ? (JSON.parse(row.run_error) as ErrorBody) : null,
      problems: JSON.parse(row.run_problems) as RegistrySyncProblem[],
      cached: this.catalog.count(row.url),
    };
  }
}

function emptyStatus(source: string): Omit<RegistrySyncStatus, 'cached'> {
  return {
    source,
    state: 'never',
    pages: 0,
    servers: 0,
    skipped: 0,
    ratePerSecond: 0,
    startedAt: null,
    finishedAt: null,
    updatedSince: null,
    watermark: null,
    resumeCursor: null,
    error: null,
    problems: [],
  };
}
