import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { DATABASE_FILE, ensureDataDir } from './data-dir.ts';
import { LATEST_SCHEMA_VERSION, migrations as defaultMigrations, type Migration } from './migrations/index.ts';

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

export function openStore({ dataDir, migrations = defaultMigrations }: OpenStoreOptions): Store {
  ensureDataDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  const db = openDatabaseFile(path);
  try {
    configure(db);
    const schemaVersion = migrate(db, migrations, path);
    return { db, path, schemaVersion, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

function openDatabaseFile(path: string): Db {
  try {
    return new Database(path);
  } catch (cause) {
    throw new AppError(
      'store_unreadable',
      `The database at ${path} could not be opened.`,
      'Check that the data directory is writable and not used by another program, or set CREWSHIP_HOME to another directory.',
      { cause },
    );
  }
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function readSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending migration in one transaction: a failure leaves the database as it was. */
function migrate(db: Db, migrations: readonly Migration[], path: string): number {
  const current = readSchemaVersion(db);
  const known = migrations.length;
  if (current > known) {
    throw new AppError(
      'store_schema_too_new',
      `The database at ${path} has schema version ${current}, newer than this build understands (${known}).`,
      'Open it with a newer Crewship Console, or point CREWSHIP_HOME at another data directory.',
    );
  }
  const pending = migrations.slice(current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return readSchemaVersion(db);
}

export { LATEST_SCHEMA_VERSION };
