import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../main/store/database.ts';
import { DATABASE_FILE } from '../../main/store/data-dir.ts';
import { LATEST_SCHEMA_VERSION, migrations } from '../../main/store/migrations/index.ts';
import { crewship, spawnCrewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-store-hardening-');
const opener = fileURLToPath(new URL('../fixtures/store-opener.ts', import.meta.url));
const lockHolder = fileURLToPath(new URL('../fixtures/store-lock-holder.ts', import.meta.url));

// Files made by the processes under test must be private whatever the umask: use the usual one.
let umaskBefore: number;
beforeEach(() => {
  umaskBefore = process.umask(0o022);
});
afterEach(() => {
  process.umask(umaskBefore);
});

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `count` processes that open the store of `dataDir` at the same instant. */
async function openAtOnce(dataDir: string, count: number) {
  const startAt = Date.now() + 3000;
  return Promise.all(Array.from({ length: count }, () => runNode([opener, dataDir, String(startAt)])));
}

function schemaOf(dataDir: string): unknown {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      objects: db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all(),
      workspaces: db.prepare('SELECT id FROM workspaces').all(),
    };
  } finally {
    db.close();
  }
}

function referenceSchema(): unknown {
  const dataDir = tempDir();
  openStore({ dataDir }).close();
  return schemaOf(dataDir);
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Writes over the page that holds `table`'s rows, keeping the page header's first bytes. */
function overwritePageOf(path: string, table: string): void {
  const db = new Database(path, { readonly: true });
  const page = db.prepare('SELECT pageno FROM dbstat WHERE name = ?').pluck().get(table) as number;
  db.close();
  const bytes = readFileSync(path);
  bytes.fill(0xa5, (page - 1) * 4096 + 8, page * 4096);
  writeFileSync(path, bytes);
}

describe('many processes opening one data directory at once', () => {
  it('all succeed on a new directory, and the schema is whole', { timeout: 60_000 }, async () => {
    const dataDir = join(tempDir(), 'data');
    const runs = await openAtOnce(dataDir, 16);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${LATEST_SCHEMA_VERSION}\n` });
    expect(schemaOf(dataDir)).toEqual(referenceSchema());
  });

  it('all succeed on a database one migration behind, which is migrated once', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const old = openStore({ dataDir, migrations: migrations.slice(0, -1) });
    old.db.prepare("INSERT INTO crews VALUES ('c1', 'default', 'ops', 'Ops', 'now', 'now')").run();
    old.close();
    const runs = await openAtOnce(dataDir, 16);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${LATEST_SCHEMA_VERSION}\n` });
    expect(schemaOf(dataDir)).toEqual(referenceSchema());
  });
});

describe('a damaged database file', () => {
  const damages: Array<[string, (path: string) => void]> = [
    ['truncated', (path) => truncateSync(path, Math.floor(statSync(path).size / 2))],
    ['empty (0 bytes)', (path) => writeFileSync(path, '')],
    ['not SQLite', (path) => writeFileSync(path, 'this is not a database, just some bytes that were written over it\n'.repeat(100))],
    ["damaged where the vault's keys are", (path) => overwritePageOf(path, 'vault_keys')],
  ];

  it.each(damages)('%s: the CLI names the corruption and leaves the file as it was', (_damage, damage) => {
    const home = tempDir();
    expect(crewship(home, 'crew', 'create', 'Ops').code).toBe(0);
    const path = join(home, DATABASE_FILE);
    damage(path);
    const before = readFileSync(path);

    const run = crewship(home, 'crew', 'list');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: The database at ${path} is damaged`);
    expect(run.stderr).toContain('[store_corrupt]');
    expect(run.stderr).toMatch(/hint: .*crewship restore <file>/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(path).equals(before)).toBe(true);

    const doctor = crewship(home, 'doctor');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL\s+database .*store_corrupt/);
    expect(doctor.stdout).toMatch(/ok\s+node/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('doctor runs the integrity check: ok on a sound database, the damage on a broken page', () => {
    const home = tempDir();
    expect(crewship(home, 'crew', 'create', 'Ops').code).toBe(0);
    const sound = JSON.parse(crewship(home, 'doctor', '--json').stdout) as { checks: { name: string; status: string; detail: string }[] };
    expect(sound.checks.find((check) => check.name === 'database')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/integrity ok/) });

    const store = openStore({ dataDir: home });
    const insert = store.db.prepare("INSERT INTO crews VALUES (?, 'default', ?, ?, 'now', 'now')");
    store.db.transaction(() => {
      for (let n = 0; n < 2000; n++) insert.run(`crew_${n}`, `crew-${n}`, `Crew number ${n} with a longer name`);
    })();
    const pages = store.db.prepare("SELECT pageno FROM dbstat WHERE name = 'crews' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    store.close();
    const page = pages[Math.floor(pages.length / 2)] ?? 0;
    const path = join(home, DATABASE_FILE);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, (page - 1) * 4096 + 8, page * 4096);
    writeFileSync(path, bytes);

    const broken = crewship(home, 'doctor', '--json');
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as { checks: { name: string; status: string; detail: string; hint?: string }[] };
    expect(report.checks.find((check) => check.name === 'database')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/integrity check found/),
      hint: expect.stringMatching(/crewship restore <file>/),
    });
    expect(report.checks.find((check) => check.name === 'node')).toMatchObject({ status: 'ok' });
  });
});

describe('file modes', () => {
  it('the database and its WAL and SHM files are 0600 in a 0755 directory under umask 022', { timeout: 60_000 }, async () => {
    const home = tempDir();
    chmodSync(home, 0o755);
    expect(crewship(home, 'crew', 'create', 'Ops').code).toBe(0);
    const path = join(home, DATABASE_FILE);
    expect(modeOf(path)).toBe(0o600);

    const serve = spawnCrewship(home, 'serve', '--json');
    try {
      await serve.waitFor(/"token"/);
      for (const file of [`${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });

  it('an existing database readable by others is made private when opened', () => {
    const home = tempDir();
    openStore({ dataDir: home }).close();
    const path = join(home, DATABASE_FILE);
    chmodSync(path, 0o644);
    expect(crewship(home, 'crew', 'list').code).toBe(0);
    expect(modeOf(path)).toBe(0o600);
  });

  it('doctor warns about a data directory that others can read, with the fix', () => {
    const home = tempDir();
    chmodSync(home, 0o755);
    const run = crewship(home, 'doctor', '--json');
    const report = JSON.parse(run.stdout) as { checks: { name: string; status: string; detail: string; hint?: string }[] };
    expect(report.checks[0]).toMatchObject({
      name: 'data directory',
      status: 'warn',
      detail: expect.stringContaining('mode 755'),
      hint: expect.stringContaining(`chmod 700 ${home}`),
    });
  });
});

describe('a write lock that another process holds for seconds', () => {
  it('does not stall crewship serve: unrelated calls answer at once, and the waiting write succeeds after', { timeout: 60_000 }, async () => {
    const home = tempDir();
    const serve = spawnCrewship(home, 'serve', '--json');
    try {
      const { url, token } = JSON.parse((await serve.waitFor(/\{.*"token".*\}/))[0]) as { url: string; token: string };
      const call = async (method: string, body: unknown) => {
        const started = performance.now();
        const response = await fetch(`${url}/rpc/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as { ok: boolean }, ms: performance.now() - started };
      };
      expect((await call('crews.list', {})).status).toBe(200);

      const holder = spawn(process.execPath, [lockHolder, join(home, DATABASE_FILE), '3000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => holder.stdout.once('data', resolve));
      const lockedAt = performance.now();

      const write = call('crews.create', { name: 'Night Ops' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const info = await call('system.info', {});
      const list = await call('crews.list', {});
      expect(info.status).toBe(200);
      // The lock is held for 3 s: a read that waited behind it would take over 2.5 s.
      expect(info.ms).toBeLessThan(1500);
      expect(list.ms).toBeLessThan(1500);

      const written = await write;
      expect(written.body).toMatchObject({ ok: true, value: { name: 'Night Ops' } });
      // Made once the lock was free: the holder kept it 3 s (its "released" can reach us after the answer).
      expect(performance.now() - lockedAt).toBeGreaterThan(2000);
      expect((await call('crews.list', {})).body).toMatchObject({ ok: true, value: [{ name: 'Night Ops' }] });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
