import Database from 'better-sqlite3';
import { AppError } from '../errors/app-error.ts';

/** SQLite's verdict that a file is not a database, or is one whose pages do not add up. */
export function isCorruption(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === 'SQLITE_NOTADB' || error.code.startsWith('SQLITE_CORRUPT'));
}

/** Another connection holds the lock this one needs; nothing was written. */
export function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

/** `detail`: what SQLite or the integrity check found (fixed texts that name pages, never row data). */
export function storeCorrupt(path: string, detail: string, cause?: unknown): AppError {
  return new AppError(
    'store_corrupt',
    `The database at ${path} is damaged (${detail}); it was left as it is.`,
    'Restore a backup with `crewship restore <file>` (the current file is kept beside it), or move the file away to start with an empty database.',
    { cause },
  );
}

/** `error` as store_corrupt when it is SQLite's verdict on the database at `path`, else as it is. */
export function namedIfCorruption(path: string, error: unknown): unknown {
  return isCorruption(error) ? storeCorrupt(path, (error as Error).message, error) : error;
}

/** Runs `work` on the database at `path`, naming corruption as store_corrupt instead of an internal fault. */
export function namingCorruption<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw namedIfCorruption(path, error);
  }
}
