import type { Db } from './database.ts';

export interface CommitWatcherOptions {
  intervalMs: number;
  /** Every tick, with whether another connection committed since the tick before. */
  onTick(committedElsewhere: boolean): void;
  /** What a tick threw; the watcher keeps going. */
  onError(error: unknown): void;
}

/**
 * Notices commits that other connections (another process on the same data directory: the CLI
 * beside the app) make to the database. SQLite's `PRAGMA data_version` belongs to one connection
 * and changes only when another connection commits, so a tick costs one pragma. The timer is
 * unref'd: it never keeps a process alive. Returns the function that stops it.
 */
export function watchCommits(db: Db, options: CommitWatcherOptions): () => void {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seen = dataVersion.get() as number;
  const timer = setInterval(() => {
    try {
      const current = dataVersion.get() as number;
      const committedElsewhere = current !== seen;
      seen = current;
      options.onTick(committedElsewhere);
    } catch (error) {
      options.onError(error);
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
