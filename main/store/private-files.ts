import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

const GROUP_OR_OTHER = 0o077;

/** The database holds call history and literal `--env`/`--header` values: only its owner may read it. */
const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates an empty file only its owner may read, failing with EEXIST if there is one. SQLite gives
 * a database's WAL and SHM files the mode of the database file, so they are private too.
 */
export function createPrivateFile(path: string): void {
  const descriptor = openSync(path, 'wx', PRIVATE_FILE_MODE);
  closeSync(descriptor);
}

/** Takes group and other permissions off files made before they were created private. */
export function restrictToOwner(paths: readonly string[]): void {
  if (process.platform === 'win32') return; // no POSIX modes: ACLs guard files there
  for (const path of paths) {
    try {
      const mode = statSync(path).mode;
      if ((mode & GROUP_OR_OTHER) !== 0) chmodSync(path, mode & 0o700);
    } catch (error) {
      // A file that is gone needs no mode; one we may not chmod is still ours to open.
      if (!isErrorCode(error, 'ENOENT') && !isErrorCode(error, 'EPERM')) throw error;
    }
  }
}

/** Whether group or other users may reach `mode`'s file (POSIX only). */
export function openToOthers(mode: number): boolean {
  return process.platform !== 'win32' && (mode & GROUP_OR_OTHER) !== 0;
}

export function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
