import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { DATABASE_FILE, ensureDataDir } from './data-dir.ts';
import { openDatabaseFile, refuseNewerSchema, type Db } from './database.ts';
import { findIntegrityProblems } from './integrity.ts';
import { LATEST_SCHEMA_VERSION } from './migrations/index.ts';
import { createPrivateFile, isErrorCode } from './private-files.ts';
import { isBusy, isCorruption } from './store-errors.ts';

/** Tables every Crewship database has had since its first schema version. */
const CREWSHIP_TABLES = ['workspaces', 'vault_keys'];

/**
 * Copies the database with SQLite's online backup, consistent while other connections (the app,
 * `crewship serve`) read and write it. The copy is built under a temporary name, private from its
 * first byte, and linked to `target` only when whole; an existing `target` is never overwritten.
 */
export async function backupDatabase(db: Db, target: string): Promise<void> {
  if (existsSync(target)) throw backupTargetExists(target);
  const partial = join(dirname(target), `.${randomUUID()}.partial`);
  try {
    createPrivateFile(partial);
    await db.backup(partial);
    linkSync(partial, target);
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) throw backupTargetExists(target);
    throw new AppError('backup_failed', `The backup to ${target} could not be written.`, 'Check that its directory exists and is writable, and that the disk has room.', { cause: error });
  } finally {
    for (const file of [partial, `${partial}-journal`]) rmSync(file, { force: true });
  }
}

export interface RestoreOptions {
  dataDir: string;
  source: string;
  /** Throws when the restored vault cannot be opened with this process's key (vault_wrong_key). */
  checkVault(db: Db): void;
}

export interface RestoreResult {
  path: string;
  schemaVersion: number;
  /** Where the database that was replaced is kept; absent when there was none. */
  keptAs?: string;
}

/**
 * Replaces the data directory's database with `source`, after checking, on a private copy, that
 * it is a sound Crewship database of a schema this build can open, whose vault opens with the
 * current key. Refused while another process has the database open. The replaced database is
 * kept beside it (`crewship.db.before-restore-<time>`), so nothing is lost.
 */
export async function restoreDatabase({ dataDir, source, checkVault }: RestoreOptions): Promise<RestoreResult> {
  ensureDataDir(dataDir);
  const live = join(dataDir, DATABASE_FILE);
  if (resolve(source) === resolve(live)) throw sourceInvalid(source, 'it is the database it would replace');
  const staging = `${live}.${randomUUID()}.restoring`;
  try {
    await copyForChecks(source, staging);
    refuseUnlessCrewship(source, staging);
    const store = openDatabaseFile(staging);
    let schemaVersion: number;
    try {
      checkVault(store.db);
      schemaVersion = store.schemaVersion;
    } finally {
      store.close();
    }
    if (!existsSync(live)) {
      placeNew(staging, live);
      return { path: live, schemaVersion };
    }
    return { path: live, schemaVersion, keptAs: swapIn(staging, live) };
  } finally {
    for (const file of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) rmSync(file, { force: true });
  }
}

/** The checks and the schema upgrade run on a copy: the source file is only read. */
async function copyForChecks(source: string, staging: string): Promise<void> {
  if (!existsSync(source) || !statSync(source).isFile()) throw sourceInvalid(source, 'there is no such file');
  if (statSync(source).size === 0) throw sourceInvalid(source, 'the file is empty');
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    createPrivateFile(staging);
    await db.backup(staging);
  } catch (error) {
    if (isCorruption(error)) throw sourceInvalid(source, 'it is not a SQLite database, or a damaged one', error);
    throw new AppError('restore_source_invalid', `The file ${source} could not be read.`, 'Check that it exists and that you may read it.', { cause: error });
  } finally {
    db.close();
  }
}

function refuseUnlessCrewship(source: string, staging: string): void {
  const db = new Database(staging, { fileMustExist: true });
  try {
    const problems = findIntegrityProblems(db, 'full', 3);
    if (problems.length > 0) throw sourceInvalid(source, `the integrity check found: ${problems.join('; ')}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (version === 0 || !CREWSHIP_TABLES.every((table) => tables.includes(table))) throw sourceInvalid(source, 'it is not a Crewship database');
    refuseNewerSchema(version, LATEST_SCHEMA_VERSION, source);
  } catch (error) {
    if (isCorruption(error)) throw sourceInvalid(source, 'it is damaged', error);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Holds the live database's exclusive lock, which no other connection may hold beside it, while
 * the verified copy takes its place: a process that has it open makes the restore fail instead
 * (its next writes would land in the replaced file). The replaced file is kept by a hard link,
 * then the copy is renamed over the live name in one step, so the name always holds a database.
 */
function swapIn(staging: string, live: string): string {
  const keptAs = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const db = new Database(live, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    lockExclusively(db, live);
    linkSync(live, keptAs);
    renameSync(staging, live);
    return keptAs;
  } finally {
    db.close();
  }
}

function lockExclusively(db: Db, live: string): void {
  try {
    db.exec('BEGIN EXCLUSIVE');
    // Everything the replaced database holds goes into its own file, which is what is kept.
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    if (isBusy(error)) throw storeInUse(live);
    // A damaged database is what a restore is for; no healthy process can be using it.
    if (!isCorruption(error)) throw error;
  }
}

/** Linked, not renamed: a database that another process created meanwhile is not replaced. */
function placeNew(staging: string, live: string): void {
  try {
    linkSync(staging, live);
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) throw storeInUse(live);
    throw error;
  }
}

function backupTargetExists(target: string): AppError {
  return new AppError('backup_target_exists', `${target} already exists; a backup never overwrites a file.`, 'Choose a new file name, or move the existing file away first.');
}

function sourceInvalid(source: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    'restore_source_invalid',
    `${source} cannot be restored: ${reason}. Nothing was changed.`,
    'Choose a file written by `crewship backup` (or a copy of a crewship.db) from this build or an older one.',
    { cause },
  );
}

function storeInUse(live: string): AppError {
  return new AppError(
    'store_in_use',
    `Another process has the database at ${live} open, so it was not replaced. Nothing was changed.`,
    'Quit the desktop app and stop `crewship serve` (and any running crewship command) on this data directory, then restore again.',
  );
}
