import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-cli-');
const bin = fileURLToPath(new URL('../../bin/crewship.js', import.meta.url));

describe('crewship CLI', () => {
  it('has --help on every level, exiting 0', () => {
    const home = tempDir();
    for (const args of [[], ['crew'], ['crew', 'create'], ['agent'], ['agent', 'list'], ['doctor'], ['serve'], ['audit']]) {
      const run = crewship(home, ...args, '--help');
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/Usage: crewship/);
    }
  });

  it('exits 2 on bad input: an unknown command, a missing option, input the contract refuses', () => {
    const home = tempDir();
    expect(crewship(home, 'launch-rockets').code).toBe(2);
    expect(crewship(home, 'crew').code).toBe(2);
    expect(crewship(home, 'agent', 'create', 'Scout').code).toBe(2);
    const empty = crewship(home, 'crew', 'create', '   ');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/error: .*name: a name is required\. \[invalid_input\]/);
    expect(empty.stderr).toMatch(/hint: /);
  });

  it('creates, lists (--json), renames and deletes crews and agents, exiting 1 on failure', () => {
    const home = tempDir();
    expect(crewship(home, 'crew', 'create', 'Night Ops').code).toBe(0);
    expect(crewship(home, 'agent', 'create', 'Scout', '--crew', 'night-ops').code).toBe(0);
    const listed = crewship(home, 'agent', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ slug: 'scout', crewSlug: 'night-ops' }]);
    expect(crewship(home, 'crew', 'rename', 'night-ops', 'Day Ops').stdout).toContain('Day Ops');
    const refused = crewship(home, 'crew', 'delete', 'night-ops');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('crew_not_empty');
    expect(crewship(home, 'crew', 'delete', 'night-ops', '--with-agents').code).toBe(0);
    expect(JSON.parse(crewship(home, 'crew', 'list', '--json').stdout)).toEqual([]);
    const missing = crewship(home, 'crew', 'show', 'nope', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'crew_not_found' } });
  });

  it('doctor reports the data dir, schema version, key provider, Node, Chromium and Electron', () => {
    const home = tempDir();
    const run = crewship(home, 'doctor', '--json');
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: { name: string; status: string; detail: string }[] };
    expect(report.checks.map((c) => c.name)).toEqual(['data directory', 'database', 'key provider', 'node', 'chromium', 'electron', 'composio']);
    expect(report.checks[0]?.detail).toContain(home);
    expect(report.checks[1]?.detail).toMatch(/schema version \d+ of \d+/);
    expect(report.checks[3]?.detail).toContain(process.versions.node);
    expect(run.code).toBe(report.ok ? 0 : 1);
  });

  it('doctor names a wrong master key without crashing', () => {
    const home = tempDir();
    crewship(home, 'crew', 'create', 'Ops');
    const result = spawnSync(process.execPath, [bin, 'doctor'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, CREWSHIP_HOME: home, CREWSHIP_MASTER_KEY: 'a-different-master-key-entirely' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+key provider .*vault_wrong_key/);
    expect(result.stdout).toMatch(/ok\s+node/);
  });

  it('vault generate-key prints a 32-byte key, which doctor then reports as derived with HKDF-SHA256 (a passphrase: scrypt)', () => {
    const generated = crewship(tempDir(), 'vault', 'generate-key');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(generated.stderr).toContain('CREWSHIP_MASTER_KEY');
    expect(crewship(tempDir(), 'vault', 'generate-key').stdout).not.toBe(generated.stdout);

    const doctorWith = (masterKey: string) => {
      const home = tempDir();
      const run = spawnSync(process.execPath, [bin, 'doctor', '--json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, CREWSHIP_HOME: home, CREWSHIP_MASTER_KEY: masterKey },
      });
      const report = JSON.parse(run.stdout) as { checks: { name: string; status: string; detail: string }[] };
      return report.checks.find((check) => check.name === 'key provider');
    };
    const key = generated.stdout.trim();
    const keyed = doctorWith(key);
    expect(keyed).toMatchObject({ status: 'ok', detail: expect.stringContaining('HKDF-SHA256') });
    expect(keyed?.detail).not.toContain(key);
    expect(doctorWith('correct horse battery staple')).toMatchObject({ status: 'ok', detail: expect.stringContaining('scrypt') });
  });

  it('vault rotate re-seals stored secrets under a new data key, on the record', async () => {
    const home = tempDir();
    const binding = { table: 'credentials', row: 'cred_1', column: 'access_token' };
    const before = openTestCore(home);
    const sealed = before.vault.seal(binding, 'gho_secret_token_value');
    before.store.db
      .prepare("INSERT INTO credentials (id, workspace_id, kind, provider, label, access_token, created_at, updated_at) VALUES ('cred_1', 'default', 'oauth2', 'github', 'GitHub', ?, 'now', 'now')")
      .run(sealed);
    const oldKey = before.vault.describe().keyId;
    await before.close();

    const rotated = crewship(home, 'vault', 'rotate');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Re-sealed 1 secret/);

    const after = openTestCore(home);
    try {
      const status = JSON.parse(crewship(home, 'vault', 'status', '--json').stdout) as { keyId: string };
      expect(status.keyId).not.toBe(oldKey);
      const stored = after.store.db.prepare("SELECT access_token FROM credentials WHERE id = 'cred_1'").get() as { access_token: Buffer };
      expect(stored.access_token.equals(sealed)).toBe(false);
      expect(after.vault.open(binding, stored.access_token)).toBe('gho_secret_token_value');
      expect(after.audit.recent(1)[0]).toMatchObject({ actor: 'cli', action: 'vault.rotate', detail: { resealed: 1 } });
    } finally {
      await after.close();
    }
  });
});
