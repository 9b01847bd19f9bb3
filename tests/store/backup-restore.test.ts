import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/store/data-dir.ts';
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations/index.ts';
import { crewship, spawnCrewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-backup-');
const bin = fileURLToPath(new URL('../../bin/crewship.js', import.meta.url));

let umaskBefore: number;
beforeEach(() => {
  umaskBefore = process.umask(0o022);
});
afterEach(() => {
  process.umask(umaskBefore);
});

const crewNames = (home: string) => (JSON.parse(crewship(home, 'crew', 'list', '--json').stdout) as { name: string }[]).map((crew) => crew.name).sort();
const dataFiles = (home: string) => readdirSync(home).sort();

/** A data directory with two crews and a backup of it. */
function backedUp() {
  const home = tempDir();
  crewship(home, 'crew', 'create', 'Night Ops');
  crewship(home, 'crew', 'create', 'Day Ops');
  const file = join(tempDir(), 'crewship-backup.db');
  const run = crewship(home, 'backup', file);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return { home, file };
}

async function withServe<T>(home: string, use: () => T | Promise<T>): Promise<T> {
  const serve = spawnCrewship(home, 'serve', '--json');
  try {
    await serve.waitFor(/"token"/);
    return await use();
  } finally {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
}

describe('crewship backup', () => {
  it('copies the database to a 0600 file while crewship serve has it open', { timeout: 60_000 }, async () => {
    const home = tempDir();
    crewship(home, 'crew', 'create', 'Night Ops');
    const file = join(tempDir(), 'backup.db');
    const run = await withServe(home, () => crewship(home, 'backup', file));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`to ${file}`);
    expect(run.stdout).toMatch(/same master key/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(copy.prepare('SELECT name FROM crews').pluck().all()).toEqual(['Night Ops']);
    } finally {
      copy.close();
    }
  });

  it('never overwrites an existing file', () => {
    const home = tempDir();
    const file = join(tempDir(), 'taken.db');
    writeFileSync(file, 'mine');
    const run = crewship(home, 'backup', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[backup_target_exists]');
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('says in its help that restoring needs the same master key', () => {
    for (const command of ['backup', 'restore']) expect(crewship(tempDir(), command, '--help').stdout).toMatch(/same master\s+key/);
  });
});

describe('crewship restore', () => {
  it('replaces the database with the backup and keeps the one it replaced', () => {
    const { home, file } = backedUp();
    crewship(home, 'crew', 'create', 'Added Later');
    const run = crewship(home, 'restore', file);
    expect(run.code, run.stderr).toBe(0);
    expect(crewNames(home)).toEqual(['Day Ops', 'Night Ops']);
    const kept = /kept as (\S+)\.\n/.exec(run.stdout)?.[1] ?? '';
    expect(kept).toContain(`${DATABASE_FILE}.before-restore-`);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    const replaced = new Database(kept, { readonly: true });
    expect(replaced.prepare('SELECT name FROM crews ORDER BY name').pluck().all()).toEqual(['Added Later', 'Day Ops', 'Night Ops']);
    replaced.close();
  });

  it('restores into a data directory that has no database yet, with the same master key', () => {
    const { file } = backedUp();
    const fresh = tempDir();
    const run = crewship(fresh, 'restore', file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('kept as');
    expect(crewNames(fresh)).toEqual(['Day Ops', 'Night Ops']);
  });

  it('is refused while crewship serve has the database open, changing nothing', { timeout: 60_000 }, async () => {
    const { home, file } = backedUp();
    crewship(home, 'crew', 'create', 'Added Later');
    const files = dataFiles(home);
    const run = await withServe(home, () => crewship(home, 'restore', file));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[store_in_use]');
    expect(run.stderr).toMatch(/hint: .*crewship serve/);
    expect(dataFiles(home)).toEqual(files);
    expect(crewNames(home)).toEqual(['Added Later', 'Day Ops', 'Night Ops']);
  });

  it('refuses a backup whose vault the current master key cannot open, before replacing anything', () => {
    const { file } = backedUp();
    const other = tempDir();
    spawnSync(process.execPath, [bin, 'crew', 'create', 'Theirs'], { env: { PATH: process.env.PATH, CREWSHIP_HOME: other, CREWSHIP_MASTER_KEY: 'another-master-key-0123456789' } });
    const before = readFileSync(join(other, DATABASE_FILE));
    const run = spawnSync(process.execPath, [bin, 'restore', file], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, CREWSHIP_HOME: other, CREWSHIP_MASTER_KEY: 'another-master-key-0123456789' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[vault_wrong_key]');
    expect(readFileSync(join(other, DATABASE_FILE)).equals(before)).toBe(true);
    expect(readdirSync(other).sort()).toEqual([DATABASE_FILE]);
  });

  const badSources: Array<[string, (file: string) => void, RegExp]> = [
    ['not SQLite', (file) => writeFileSync(file, 'no database here\n'.repeat(300)), /not a SQLite database/],
    ['empty', (file) => writeFileSync(file, ''), /the file is empty/],
    ['truncated', (file) => truncateSync(file, Math.floor(statSync(file).size / 2)), /damaged|integrity check/],
    ['SQLite but not Crewship', (file) => writeFileSync(file, sqliteFileWith('CREATE TABLE notes (body TEXT)')), /not a Crewship database/],
    ['of a newer schema', (file) => {
      const db = new Database(file);
      db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      db.close();
    }, /newer than this build/],
  ];

  it.each(badSources)('refuses a source that is %s, changing nothing', (_kind, spoil, reason) => {
    const { home, file } = backedUp();
    spoil(file);
    const source = readFileSync(file);
    const database = readFileSync(join(home, DATABASE_FILE));
    const files = dataFiles(home);
    const run = crewship(home, 'restore', file);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/\[(restore_source_invalid|store_schema_too_new)\]/);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(file).equals(source)).toBe(true);
    expect(readFileSync(join(home, DATABASE_FILE)).equals(database)).toBe(true);
    expect(dataFiles(home)).toEqual(files);
  });

  it('brings a damaged database back from a backup, keeping the damaged file', () => {
    const { home, file } = backedUp();
    const path = join(home, DATABASE_FILE);
    copyFileSync(file, path);
    truncateSync(path, 5000);
    expect(crewship(home, 'crew', 'list').stderr).toContain('[store_corrupt]');
    const run = crewship(home, 'restore', file);
    expect(run.code, run.stderr).toBe(0);
    expect(crewNames(home)).toEqual(['Day Ops', 'Night Ops']);
    const kept = /kept as (\S+)\.\n/.exec(run.stdout)?.[1] ?? '';
    expect(statSync(kept).size).toBe(5000);
  });
});

function sqliteFileWith(sql: string): Buffer {
  const dir = tempDir();
  const path = join(dir, 'other.db');
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return readFileSync(path);
}
