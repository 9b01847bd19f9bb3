import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../main/store/database.ts';
import { DATABASE_FILE } from '../../main/store/data-dir.ts';
import { LATEST_SCHEMA_VERSION, migrations } from '../../main/store/migrations/index.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { thrownBy } from '../helpers/errors.ts';

const tempDir = useTempDirs('crewship-store-');

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}


describe('store', () => {
  it('creates every table from an empty directory, in WAL mode, at the latest schema version', () => {
    const store = openStore({ dataDir: join(tempDir(), 'nested', 'data') });
    try {
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(tableNames(store.db)).toEqual(
        expect.arrayContaining(['workspaces', 'crews', 'agents', 'settings', 'credentials', 'audit_log', 'vault_keys']),
      );
    } finally {
      store.close();
    }
  });

  it.each(Array.from({ length: migrations.length }, (_, applied) => [migrations[applied - 1]?.version ?? 0, applied]))(
    'migrates a database of version %i to the latest and keeps its rows',
    (version, applied) => {
      const dataDir = tempDir();
      const old = openStore({ dataDir, migrations: migrations.slice(0, applied) });
      expect(old.schemaVersion).toBe(version);
      if (version >= 1) {
        old.db.prepare("INSERT INTO crews VALUES ('c1', 'default', 'ops', 'Ops', 'now', 'now')").run();
      }
      old.close();

      const store = openStore({ dataDir });
      try {
        expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
        if (version >= 1) expect(store.db.prepare('SELECT name FROM crews').all()).toEqual([{ name: 'Ops' }]);
      } finally {
        store.close();
      }
    },
  );

  it('refuses a database with a newer schema and leaves it untouched', () => {
    const dataDir = tempDir();
    const raw = new Database(join(dataDir, DATABASE_FILE));
    raw.exec('CREATE TABLE future_table (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();

    const error = thrownBy(() => openStore({ dataDir }));
    expect(error.code).toBe('store_schema_too_new');
    expect(error.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`);
    expect(error.hint).toMatch(/newer Crewship Console/);

    const after = new Database(join(dataDir, DATABASE_FILE));
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(tableNames(after)).toEqual(['future_table']);
    after.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const dataDir = tempDir();
    const broken = [...migrations, { version: migrations.length + 1, name: 'half', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' }];
    expect(() => openStore({ dataDir, migrations: broken })).toThrow();
    const raw = new Database(join(dataDir, DATABASE_FILE));
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(tableNames(raw)).toEqual([]);
    raw.close();
  });

  it('stays consistent when the writing process is killed mid-write', async () => {
    const dataDir = tempDir();
    openStore({ dataDir }).close();
    const writer = spawn(process.execPath, [join(import.meta.dirname, '../fixtures/store-writer.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastReported = -1;
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.stdout.setEncoding('utf8');
      writer.stdout.on('data', (chunk: string) => {
        const lines = chunk.trim().split('\n');
        lastReported = Number(lines[lines.length - 1]);
        if (lastReported >= 200) resolve();
      });
    });
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.on('exit', resolve));

    const store = openStore({ dataDir });
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const crews = (store.db.prepare('SELECT COUNT(*) AS n FROM crews').get() as { n: number }).n;
      expect(crews).toBeGreaterThanOrEqual(lastReported + 1);
      const partial = store.db
        .prepare('SELECT c.id FROM crews c LEFT JOIN agents a ON a.crew_id = c.id GROUP BY c.id HAVING COUNT(a.id) <> 3')
        .all();
      expect(partial).toEqual([]);
      const orphans = store.db.prepare('SELECT COUNT(*) AS n FROM agents WHERE crew_id NOT IN (SELECT id FROM crews)').get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      store.close();
    }
  });
});
