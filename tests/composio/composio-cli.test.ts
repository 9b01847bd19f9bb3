import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { runCrewship, spawnCrewship } from '../helpers/cli.ts';
import { startServe } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/** `crewship integration composio …` through the real CLI, and the REST inventory through `crewship serve`, against the stand-in. */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-cli-');

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 60, tools: 900 } });
});
afterAll(async () => {
  await standIn.stop();
});

const composio = (home: string, args: string[], env: Record<string, string> = {}, input = '') =>
  runCrewship(home, ['integration', 'composio', ...args], input, { COMPOSIO_BASE_URL: standIn.url, ...env });

describe('crewship integration composio', () => {
  it('sets the key (a refused one is not stored), reads the catalog, connects, lists the inventory and runs an account’s lifecycle', async () => {
    const home = tempDir();
    const refused = await composio(home, ['key', 'set', '--key', 'ak_wrong_key_00000000']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[composio_key_invalid]');
    expect((await composio(home, ['key', 'show'])).stdout).toContain('No Composio project key');

    // The base URL as the workspace's setting, so that commands spawned without COMPOSIO_BASE_URL reach the stand-in too.
    const set = await composio(home, ['key', 'set', '--key-stdin', '--label', 'Alpha', '--base-url', standIn.url], {}, `${STAND_IN_KEYS.alpha}\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Composio accepted the key');
    expect(set.stdout).toContain('ak_…21d4 (Alpha)');
    expect(set.stdout).not.toContain(STAND_IN_KEYS.alpha);
    const shown = JSON.parse((await composio(home, ['key', 'show', '--json'])).stdout) as { source: string; preview: string };
    expect(shown).toMatchObject({ source: 'workspace', preview: 'ak_…21d4' });

    // Never read: the catalog is refreshed first, then searched.
    const toolkits = await composio(home, ['toolkits', '--search', 'gmail']);
    expect(toolkits.code, toolkits.stderr).toBe(0);
    expect(toolkits.stderr).toContain('refreshing it from Composio first');
    expect(toolkits.stdout).toMatch(/^gmail\s+Gmail\s+communication\s+OAUTH2\s+yes/m);
    expect(toolkits.stdout).toContain('Catalog: 60 apps');
    const crm = JSON.parse((await composio(home, ['toolkits', '--category', 'crm', '--json'])).stdout) as { toolkits: Array<{ slug: string }> };
    expect(crm.toolkits.map((t) => t.slug)).toContain('hubspot');
    const page = await composio(home, ['toolkit', 'gmail']);
    expect(page.stdout).toContain('Gmail (gmail)');
    expect(page.stdout).toMatch(/GMAIL_\w+\s+.+\s+read-only/);

    const created = await composio(home, ['auth-config', 'create', 'notion', '--client-id', 'notion-client', '--client-secret-stdin'], {}, 'notion-secret-value\n');
    expect(created.code, created.stderr).toBe(0);
    const configs = await composio(home, ['auth-config', 'list']);
    expect(configs.stdout).toMatch(/notion\s+.*custom \(notion-client\)/);
    expect(configs.stdout).not.toContain('notion-secret-value');

    const withEnv = spawnConnect(home, ['gmail', '--user', 'user-42']);
    const [, link] = await withEnv.waitFor(/^\s+(http:\/\/127\.0\.0\.1:\d+\/consent\/\S+)$/m);
    await fetch(`${link ?? ''}/approve`, { method: 'POST' });
    expect(await withEnv.exited, withEnv.output().stderr).toBe(0);
    expect(withEnv.output().stdout).toContain('created the Composio-managed one');
    expect(withEnv.output().stdout).toMatch(/Connected: ca_\w+ \(gmail of user-42\) is ACTIVE/);

    const inventory = JSON.parse((await composio(home, ['inventory', '--json'])).stdout) as { counts: { accounts: number }; users: Array<{ userId: string; accounts: Array<{ id: string }> }> };
    expect(inventory.counts.accounts).toBe(1);
    const accountId = inventory.users[0]?.accounts[0]?.id ?? '';
    expect(inventory.users[0]?.userId).toBe('user-42');

    const revoked = await composio(home, ['account', 'revoke', accountId]);
    expect(revoked.stdout).toContain('is INACTIVE');
    const listed = await composio(home, ['inventory']);
    expect(listed.stdout).toContain('1 need attention');
    expect(listed.stdout).toContain(`crewship integration composio account enable ${accountId}`);
    expect((await composio(home, ['account', 'enable', accountId])).stdout).toContain('is ACTIVE');
    standIn.expire(accountId);
    const refreshed = await composio(home, ['account', 'refresh', accountId]);
    expect(refreshed.stdout).toContain('sign in again');
    expect(refreshed.stdout).toMatch(/\/consent\/lt_/);
    expect((await composio(home, ['account', 'remove', accountId])).stdout).toContain(`Removed ${accountId}`);
    const gone = await composio(home, ['account', 'remove', accountId]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('[composio_account_not_found]');
  });

  it('never prints the project key, even when COMPOSIO_LOG_LEVEL asks the SDK for its debug output (which logs the key)', async () => {
    const home = tempDir();
    const env = { COMPOSIO_LOG_LEVEL: 'debug' };
    const set = await composio(home, ['key', 'set', '--key', STAND_IN_KEYS.alpha, '--base-url', standIn.url], env);
    expect(set.code, set.stderr).toBe(0);
    const listed = await composio(home, ['auth-config', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    for (const run of [set, listed]) expect(`${run.stdout}${run.stderr}`).not.toContain(STAND_IN_KEYS.alpha);
  });

  it('Ctrl+C cancels a connect that waits', async () => {
    const home = tempDir();
    await composio(home, ['key', 'set', '--key', STAND_IN_KEYS.beta, '--base-url', standIn.url]);
    const run = spawnConnect(home, ['slack', '--user', 'someone']);
    await run.waitFor(/consent\/\S+/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain('[composio_connect_cancelled]');
  });

  it('warns in key show and doctor when COMPOSIO_API_KEY backs several workspaces', async () => {
    const home = tempDir();
    const env = { COMPOSIO_API_KEY: STAND_IN_KEYS.beta };
    expect((await composio(home, ['key', 'show'], env)).stderr).toBe('');
    const db = new Database(join(home, 'crewship.db'));
    db.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('tenant-b', 'Tenant B', '2026-01-01T00:00:00.000Z')").run();
    db.close();
    const shown = await composio(home, ['key', 'show'], env);
    expect(shown.stdout).toContain('Source:   COMPOSIO_API_KEY');
    expect(shown.stderr).toContain('backs 2 workspaces (Default workspace, Tenant B)');
    expect(shown.stderr).toContain('hint: Give each workspace its own project key');
    const doctor = await runCrewship(home, ['doctor', '--json'], '', env);
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string; hint?: string }> }).checks.find((c) => c.name === 'composio');
    expect(check).toMatchObject({ status: 'warn', hint: expect.stringContaining('key set') });
  });

  it('serves the inventory at GET /api/v1/integrations/composio/inventory', async () => {
    const home = tempDir();
    // The base URL as the workspace's setting: `crewship serve` runs without COMPOSIO_BASE_URL.
    await composio(home, ['key', 'set', '--key', STAND_IN_KEYS.beta, '--base-url', standIn.url]);
    const account = standIn.project('beta');
    const serve = await startServe(home);
    try {
      const flow = (await (await fetch(`${serve.url}/rpc/composio.connect`, { method: 'POST', headers: serve.headers, body: JSON.stringify({ toolkit: 'github', userId: 'rest-user' }) })).json()) as {
        value: { accountId: string };
      };
      standIn.approve(flow.value.accountId);
      expect(account.accounts.get(flow.value.accountId)?.status).toBe('ACTIVE');
      const response = await fetch(`${serve.url}/api/v1/integrations/composio/inventory?user=rest-user`, { headers: serve.headers });
      const body = (await response.json()) as { ok: boolean; value: { users: Array<{ userId: string; accounts: Array<{ id: string; status: string }> }> } };
      expect(body.ok).toBe(true);
      expect(body.value.users).toMatchObject([{ userId: 'rest-user', accounts: [{ id: flow.value.accountId, status: 'ACTIVE' }] }]);
      expect((await fetch(`${serve.url}/api/v1/integrations/composio/inventory`)).status).toBe(401);
      const bad = await fetch(`${serve.url}/api/v1/integrations/composio/inventory?agent=scout`, { headers: serve.headers });
      expect(bad.status).toBe(400);
    } finally {
      await serve.stop();
    }
  });
});

/** A connect that waits, beside the test (the workspace's key carries the stand-in's address). */
function spawnConnect(home: string, args: string[]) {
  return spawnCrewship(home, 'integration', 'composio', 'connect', ...args);
}
