import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { DATABASE_FILE, ensureDataDir } from './data-dir.ts';
import { LATEST_SCHEMA_VERSION, migrations as defaultMigrations, type Migration } from './migrations/index.ts';
import { createPrivateFile, isErrorCode, restrictToOwner } from './private-files.ts';
import { namingCorruption, storeCorrupt } from './store-errors.ts';

export type Db = Database.Database;

export interface OpenStoreOptions {
  dataDir: string;
  /** Tests pass a prefix of the list to build databases of earlier versions. */
  migrations?: readonly Migration[];
}

export interface Store {
  db: Db;
  path: string;
  schemaVersion: number;
  close(): void;
}

/** How long a statement waits for another connection's lock before it fails with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the data directory's database, creating it only when there is no file: a file that exists
 * is never re-initialised, so an empty or damaged one is refused as store_corrupt, untouched.
 */
export function openStore({ dataDir, migrations = defaultMigrations }: OpenStoreOptions): Store {
  ensureDataDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) createDatabaseFile(path, migrations);
  return openDatabaseFile(path, migrations);
}

/** Opens an existing database file and brings its schema up to date (restore checks a copy this way). */
export function openDatabaseFile(path: string, migrations: readonly Migration[] = defaultMigrations): Store {
  if (statSync(path).size === 0) throw storeCorrupt(path, 'the file is empty');
  const db = connect(path);
  try {
    const schemaVersion = namingCorruption(path, () => {
      configure(db);
      return migrate(db, migrations, path);
    });
    restrictToOwner([path, `${path}-wal`, `${path}-shm`]);
    return { db, path, schemaVersion, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Builds the new database under a private temporary name and hard-links it into place: the link
 * fails if another process got there first (then its database is used), and no process ever sees
 * a file that is not yet a whole Crewship database.
 */
function createDatabaseFile(path: string, migrations: readonly Migration[]): void {
  const temporary = `${path}.${randomUUID()}.new`;
  try {
    createPrivateFile(temporary);
    const db = connect(temporary);
    try {
      configure(db);
      migrate(db, migrations, temporary);
    } finally {
      db.close();
    }
    linkSync(temporary, path);
  } catch (error) {
    if (!isErrorCode(error, 'EEXIST')) throw error instanceof AppError ? error : unreadable(path, error);
  } finally {
    for (const file of [temporary, `${temporary}-wal`, `${temporary}-shm`]) rmSync(file, { force: true });
  }
}

function connect(path: string): Db {
  try {
    return new Database(path, { fileMustExist: true });
  } catch (cause) {
    throw unreadable(path, cause);
  }
}

function unreadable(path: string, cause: unknown): AppError {
  return new AppError(
    'store_unreadable',
    `The database at ${path} could not be opened.`,
    'Check that the data directory is writable and not used by another program, or set CREWSHIP_HOME to another directory.',
    { cause },
  );
}

function configure(db: Db): void {
  // First, so that every pragma after it waits for another process's lock instead of failing.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

function readSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one IMMEDIATE transaction: the version is read again under
 * the write lock, so that processes opening the store together migrate it once, and a failure
 * leaves the database as it was.
 */
function migrate(db: Db, migrations: readonly Migration[], path: string): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const seen = readSchemaVersion(db);
  refuseNewerSchema(seen, latest, path);
  if (seen === latest) return seen;
  return db
    .transaction(() => {
      const current = readSchemaVersion(db);
      refuseNewerSchema(current, latest, path);
      for (const migration of migrations.filter((pending) => pending.version > current)) {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }
      return readSchemaVersion(db);
    })
    .immediate();
}

export function refuseNewerSchema(version: number, known: number, path: string): void {
  if (version <= known) return;
  throw new AppError(
    'store_schema_too_new',
    `The database at ${path} has schema version ${version}, newer than this build understands (${known}).`,
    'Open it with a newer Crewship Console, or point CREWSHIP_HOME at another data directory.',
  );
}

export { LATEST_SCHEMA_VERSION };
