import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { Db } from './database.ts';

export interface CommitWatcherOptions {
  intervalMs: number;
  /** Every tick, with whether another connection committed since the tick before. */
  onTick(committedElsewhere: boolean): void;
  /** Where what a tick threw goes; the watcher keeps going. */
  logInternalError: InternalErrorLog;
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
  const tick = () => {
    const current = dataVersion.get() as number;
    const committedElsewhere = current !== seen;
    seen = current;
    options.onTick(committedElsewhere);
  };
  const timer = setInterval(failSafe('followOtherProcesses', options.logInternalError, tick), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
