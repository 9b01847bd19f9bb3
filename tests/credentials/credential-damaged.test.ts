import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/store/database.ts';
import { runCrewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { connectThroughLoopback, createLocalCredential } from '../helpers/oauth.ts';
import { startLocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * The attack of the hardening issue: one credential's sealed client secret is copied into another
 * row (an attacker, or a bad restore). The sealed value is bound to its row, so it does not open
 * there; that must damage that one credential, not lock every credential away.
 */
const tempDir = useTempDirs('crewship-credential-damaged-');

const SECRETS = { alpha: 'cs_alpha-client-secret-1111', beta: 'cs_beta-client-secret-2222', gamma: 'cs_gamma-client-secret-3333' };

let home: string;
let stores: Store[];

beforeEach(async () => {
  home = tempDir();
  stores = [];
  for (const [label, secret] of Object.entries(SECRETS)) {
    const created = await crewship(['credential', 'create', '--provider', 'github', '--client-id', `Iv1.${label}`, '--label', label, '--client-secret-stdin'], `${secret}\n`);
    expect(created.code).toBe(0);
  }
});
afterEach(() => {
  for (const store of stores) store.close();
});

const crewship = (args: string[], input?: string) => runCrewship(home, args, input);

interface Listed {
  id: string;
  label: string;
  clientSecretPreview: string | null;
  damaged: { column: string; code: string; message: string; hint: string } | null;
}

async function listed(): Promise<Listed[]> {
  const run = await crewship(['credential', 'list', '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Listed[];
}

/** Writes around the console, as the attacker does: beta's row gets alpha's sealed client secret. */
function copySealedSecret(from: string, to: string): void {
  const store = openStore({ dataDir: home });
  stores.push(store);
  expect(store.path).toBe(join(home, 'crewship.db'));
  const sealed = store.db.prepare('SELECT client_secret FROM credentials WHERE label = ?').pluck().get(from);
  expect(Buffer.isBuffer(sealed)).toBe(true);
  store.db.prepare('UPDATE credentials SET client_secret = ? WHERE label = ?').run(sealed, to);
  store.close();
  stores.pop();
}

describe('a sealed client secret moved into another row', () => {
  it('damages only that credential: the others list normally, and the damaged one says why without a secret', async () => {
    copySealedSecret('alpha', 'beta');

    const credentials = await listed();
    expect(credentials.map((credential) => [credential.label, credential.clientSecretPreview, credential.damaged?.code ?? null])).toEqual([
      ['alpha', 'cs_…1111', null],
      ['beta', null, 'vault_value_moved'],
      ['gamma', 'cs_…3333', null],
    ]);
    const beta = credentials[1] as Listed;
    expect(beta.damaged).toMatchObject({ column: 'client_secret' });
    expect(beta.damaged?.message).toMatch(/was sealed for credentials\.client_secret of row/);
    expect(beta.damaged?.hint).toContain('crewship credential update');
    expect(beta.damaged?.hint).toContain('--client-secret-stdin');

    const table = await crewship(['credential', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/beta\s+GitHub\s+damaged \(vault_value_moved\)/);
    expect(table.stdout).toMatch(/alpha\s+GitHub\s+never connected/);
    const shown = await crewship(['credential', 'show', 'beta']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/damaged\s+client_secret: The secret in credentials\.client_secret of row/);
    expect(shown.stdout).toMatch(/client secret\s+damaged\n/);
    for (const run of [table, shown]) for (const secret of Object.values(SECRETS)) expect(run.stdout).not.toContain(secret);
  });

  it('is repaired by setting the client secret again, as the hint says', async () => {
    copySealedSecret('alpha', 'beta');
    const updated = await crewship(['credential', 'update', 'beta', '--client-secret-stdin', '--json'], 'cs_beta-rotated-secret-4444\n');
    expect(updated.stderr).toBe('');
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ label: 'beta', clientSecretPreview: 'cs_…4444', damaged: null });
    expect((await listed()).map((credential) => credential.damaged)).toEqual([null, null, null]);
  });

  it('can be deleted', async () => {
    copySealedSecret('alpha', 'beta');
    const deleted = await crewship(['credential', 'delete', 'beta']);
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    expect((await listed()).map((credential) => credential.label)).toEqual(['alpha', 'gamma']);
  });
});

describe('a sealed access token altered in place', () => {
  it('damages that credential until a reconnect replaces its tokens', async () => {
    const server = await startLocalAuthServer();
    const core = openTestCore(tempDir(), { oauth: { httpTimeoutMs: 2_000 } });
    try {
      const credential = await createLocalCredential(core, server);
      await connectThroughLoopback(core, server, credential.id);
      const sealed = core.store.db.prepare('SELECT access_token FROM credentials WHERE id = ?').pluck().get(credential.id) as Buffer;
      sealed[sealed.length - 1]! ^= 0x01;
      core.store.db.prepare('UPDATE credentials SET access_token = ? WHERE id = ?').run(sealed, credential.id);

      const [damaged] = core.credentials.list();
      expect(damaged?.damaged).toMatchObject({ column: 'access_token', code: 'vault_tampered', hint: 'Connect the credential again to replace its tokens, or delete it.' });
      expect(damaged?.status).toBe('connected');

      expect(await connectThroughLoopback(core, server, credential.id)).toMatchObject({ status: 'connected' });
      expect(core.credentials.get(credential.id).damaged).toBeNull();
      expect(core.credentials.secrets(credential.id).accessToken).toBeTruthy();
    } finally {
      await core.close();
      await server.close();
    }
  });
});
