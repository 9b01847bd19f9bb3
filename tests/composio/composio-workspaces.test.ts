import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { Envelope, ErrorBody, MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { openComposioCore } from './composio-test-kit.ts';

/**
 * Two workspaces with two Composio project keys (two projects of the stand-in), each with a
 * connected account of its own user: through the core's router, the real CLI and `crewship serve`,
 * one workspace's inventory, counts and account actions never show or reach the other's. Then one
 * COMPOSIO_API_KEY backing both: every door warns, naming both workspaces.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-workspaces-');

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 20, tools: 100 } });
});
afterAll(async () => {
  await standIn.stop();
});

type Call = <M extends MethodName>(method: M, input: MethodInput<M>, workspace: string) => Promise<Envelope<MethodOutput<M>>>;

const viaRouter =
  (core: Core): Call =>
  async (method, input, workspace) =>
    (await core.router.call(method, input, { actor: 'ui', workspace })) as Envelope<MethodOutput<typeof method>>;

async function valueOf<T>(envelope: Promise<Envelope<T>>): Promise<T> {
  const answer = await envelope;
  if (!answer.ok) throw new Error(`refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}

async function errorOf(envelope: Promise<Envelope<unknown>>): Promise<ErrorBody> {
  const answer = await envelope;
  if (answer.ok) throw new Error('succeeded, a refusal was expected');
  return answer.error;
}

interface Tenant {
  slug: string;
  name: string;
  key: string;
  preview: string;
  project: string;
  userId: string;
  toolkit: string;
  accountId: string;
  connectId: string;
  authConfigId: string;
}

/**
 * The default workspace (alpha's project) and one made with `workspaces.create` (beta's), each
 * with its key (the stand-in's address as the workspace's setting, so that `crewship serve`, run
 * without COMPOSIO_BASE_URL, reaches it) and one ACTIVE account, through the router.
 */
async function twoTenants(core: Core): Promise<[Tenant, Tenant]> {
  const call = viaRouter(core);
  const created = await valueOf(call('workspaces.create', { name: 'Tenant B' }, 'default'));
  const plan = [
    { slug: 'default', name: 'Default workspace', key: STAND_IN_KEYS.alpha, preview: 'ak_…21d4', project: 'alpha', userId: 'ann@tenant-a.example', toolkit: 'github' },
    { slug: created.slug, name: 'Tenant B', key: STAND_IN_KEYS.beta, preview: 'ak_…e0c1', project: 'beta', userId: 'bob@tenant-b.example', toolkit: 'gmail' },
  ];
  const tenants: Tenant[] = [];
  for (const tenant of plan) {
    await valueOf(call('composio.key.set', { key: tenant.key, baseUrl: standIn.url }, tenant.slug));
    const flow = await valueOf(call('composio.connect', { toolkit: tenant.toolkit, userId: tenant.userId }, tenant.slug));
    standIn.approve(flow.accountId);
    await core.forWorkspace(tenant.slug).composio.waitForConnect(flow.id);
    const authConfigId = standIn.project(tenant.project).accounts.get(flow.accountId)?.authConfigId ?? '';
    tenants.push({ ...tenant, accountId: flow.accountId, connectId: flow.id, authConfigId });
  }
  return tenants as [Tenant, Tenant];
}

/** What names a tenant in an answer: another workspace's answer holds none of it. */
const markersOf = (tenant: Tenant) => [tenant.userId, tenant.accountId, tenant.authConfigId, tenant.key, tenant.preview];

function expectNoneOf(answer: unknown, tenant: Tenant): void {
  const text = JSON.stringify(answer);
  for (const marker of markersOf(tenant)) expect(text, `${marker} leaked`).not.toContain(marker);
}

/** The other tenant's account is as it was: ACTIVE, enabled, still at Composio. */
function expectUntouched(tenant: Tenant): void {
  expect(standIn.project(tenant.project).accounts.get(tenant.accountId)).toMatchObject({ status: 'ACTIVE', disabled: false, userId: tenant.userId });
}

/** Inventory, counts, key and every account action of `mine`, never `theirs`, through one door. */
async function expectIsolated(call: Call, mine: Tenant, theirs: Tenant): Promise<void> {
  const inventory = await valueOf(call('composio.inventory', {}, mine.slug));
  expect(inventory.source).toBe('live');
  expect(inventory.userIds).toEqual([mine.userId]);
  expect(inventory.users).toMatchObject([{ userId: mine.userId, accounts: [{ id: mine.accountId, status: 'ACTIVE' }] }]);
  expect(inventory.counts).toEqual({ accounts: 1, users: 1, apps: 1, needsAttention: 0 });
  expect(inventory.authConfigs.map((config) => config.id)).toEqual([mine.authConfigId]);
  expectNoneOf(inventory, theirs);
  // Asking for their user by name finds nothing here.
  expect((await valueOf(call('composio.inventory', { user: theirs.userId }, mine.slug))).users).toEqual([]);

  const status = await valueOf(call('composio.status', {}, mine.slug));
  expect(status.counts).toEqual({ accounts: 1, users: 1, apps: 1, needsAttention: 0 });
  expect(status.key).toMatchObject({ source: 'workspace', preview: mine.preview, warning: null });
  expectNoneOf(status, theirs);
  expectNoneOf(await valueOf(call('composio.authConfigs.list', {}, mine.slug)), theirs);

  for (const method of ['composio.accounts.refresh', 'composio.accounts.revoke', 'composio.accounts.enable', 'composio.accounts.remove'] as const) {
    const error = await errorOf(call(method, { account: theirs.accountId }, mine.slug));
    expect(error.code, method).toBe('composio_account_not_found');
    // It names the id asked for, and nothing Composio holds of it.
    expect(JSON.stringify(error)).not.toContain(theirs.userId);
  }
  expect((await errorOf(call('composio.authConfigs.disable', { authConfig: theirs.authConfigId }, mine.slug))).code).toBe('composio_auth_config_not_found');
  expect((await errorOf(call('composio.connect.get', { connect: theirs.connectId }, mine.slug))).code).toBe('composio_connect_not_found');
  expect((await errorOf(call('composio.connect.cancel', { connect: theirs.connectId }, mine.slug))).code).toBe('composio_connect_not_found');
  expectUntouched(theirs);
  expect(standIn.project(theirs.project).authConfigs.get(theirs.authConfigId)?.enabled).toBe(true);
}

describe('two workspaces with two Composio keys', () => {
  it('never see each other’s users or accounts: through the router, the CLI and crewship serve', async () => {
    const home = tempDir();
    const core = openComposioCore(home, standIn.url);
    let serve: ServeChild | undefined;
    try {
      const [a, b] = await twoTenants(core);

      // The router, the workspace in the call context.
      await expectIsolated(viaRouter(core), a, b);
      await expectIsolated(viaRouter(core), b, a);

      // The real CLI, --workspace on each command.
      const cli = (workspace: string, ...args: string[]) => runCrewship(home, ['--workspace', workspace, 'integration', 'composio', ...args], '', { COMPOSIO_BASE_URL: standIn.url });
      for (const [mine, theirs] of [[a, b], [b, a]] as const) {
        const listed = await cli(mine.slug, 'inventory', '--json');
        expect(listed.code, listed.stderr).toBe(0);
        const inventory = JSON.parse(listed.stdout) as MethodOutput<'composio.inventory'>;
        expect(inventory.userIds).toEqual([mine.userId]);
        expect(inventory.counts.accounts).toBe(1);
        expectNoneOf(inventory, theirs);
        const shown = await cli(mine.slug, 'key', 'show');
        expect(shown.stdout).toContain(mine.preview);
        expect(shown.stdout).not.toContain(theirs.preview);
        expect(shown.stderr).toBe('');
        for (const action of ['refresh', 'revoke', 'enable', 'remove']) {
          const refused = await cli(mine.slug, 'account', action, theirs.accountId);
          expect(refused.code, `${action}: ${refused.stdout}`).toBe(1);
          expect(refused.stderr).toContain('[composio_account_not_found]');
          expect(refused.stdout + refused.stderr).not.toContain(theirs.userId);
        }
        expectUntouched(theirs);
      }

      // crewship serve: X-Crewship-Workspace on /rpc/… and on the REST inventory.
      serve = await startServe(home);
      const running = serve;
      const headers = (workspace: string) => ({ ...running.headers, 'x-crewship-workspace': workspace });
      const viaHttp: Call = async (method, input, workspace) =>
        (await (await fetch(`${running.url}/rpc/${method}`, { method: 'POST', headers: headers(workspace), body: JSON.stringify(input) })).json()) as Envelope<MethodOutput<typeof method>>;
      await expectIsolated(viaHttp, a, b);
      await expectIsolated(viaHttp, b, a);
      for (const [mine, theirs] of [[a, b], [b, a]] as const) {
        const response = await fetch(`${running.url}/api/v1/integrations/composio/inventory`, { headers: headers(mine.slug) });
        expect(response.status).toBe(200);
        const body = (await response.json()) as Envelope<MethodOutput<'composio.inventory'>>;
        expect(body).toMatchObject({ ok: true, value: { userIds: [mine.userId] } });
        expectNoneOf(body, theirs);
        const theirUser = await fetch(`${running.url}/api/v1/integrations/composio/inventory?user=${encodeURIComponent(theirs.userId)}`, { headers: headers(mine.slug) });
        expect(((await theirUser.json()) as { value: { users: unknown[] } }).value.users).toEqual([]);
      }
      // Without the header, the default workspace; an unknown one is refused.
      const plain = (await (await fetch(`${running.url}/api/v1/integrations/composio/inventory`, { headers: running.headers })).json()) as Envelope<MethodOutput<'composio.inventory'>>;
      expect(plain).toMatchObject({ ok: true, value: { userIds: [a.userId] } });
      const unknown = await fetch(`${running.url}/api/v1/integrations/composio/inventory`, { headers: headers('no-such-tenant') });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'workspace_not_found' } });
      const removed = await fetch(`${running.url}/rpc/composio.accounts.remove`, { method: 'POST', headers: headers(a.slug), body: JSON.stringify({ account: b.accountId }) });
      expect(removed.status).toBe(404);
      expectUntouched(b);
    } finally {
      await serve?.stop();
      await core.close();
    }
  });

  it('with one COMPOSIO_API_KEY for both and no key of their own: composio.status, key show and doctor warn naming both', async () => {
    const home = tempDir();
    const env = { COMPOSIO_API_KEY: STAND_IN_KEYS.alpha };
    const core = openComposioCore(home, standIn.url, { env });
    try {
      const call = viaRouter(core);
      expect((await valueOf(call('composio.status', {}, 'default'))).key.warning).toBeNull();
      const tenant = await valueOf(call('workspaces.create', { name: 'Tenant B' }, 'default'));
      for (const workspace of ['default', tenant.slug]) {
        const status = await valueOf(call('composio.status', {}, workspace));
        expect(status.key).toMatchObject({ source: 'environment', preview: 'ak_…21d4' });
        expect(status.key.warning?.workspaces.map((w) => w.name)).toEqual(['Default workspace', 'Tenant B']);
        expect(status.key.warning?.message).toContain('share one Composio project');
        expect(JSON.stringify(status)).not.toContain(STAND_IN_KEYS.alpha);
      }

      for (const workspace of ['default', tenant.slug]) {
        const shown = await runCrewship(home, ['--workspace', workspace, 'integration', 'composio', 'key', 'show'], '', env);
        expect(shown.code, shown.stderr).toBe(0);
        expect(shown.stdout).toContain('Source:   COMPOSIO_API_KEY');
        expect(shown.stderr).toContain('backs 2 workspaces (Default workspace, Tenant B)');
        expect(shown.stderr).toContain('hint: Give each workspace its own project key');
      }
      const doctor = await runCrewship(home, ['doctor', '--json'], '', env);
      const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string; detail: string; hint?: string }> }).checks.find((c) => c.name === 'composio');
      expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('(Default workspace, Tenant B)'), hint: expect.stringContaining('key set') });

      // Tenant B gets a key of its own: the environment's backs one workspace only, and the warning goes.
      await valueOf(call('composio.key.set', { key: STAND_IN_KEYS.beta }, tenant.slug));
      expect((await valueOf(call('composio.status', {}, 'default'))).key.warning).toBeNull();
      expect((await runCrewship(home, ['integration', 'composio', 'key', 'show'], '', env)).stderr).toBe('');
    } finally {
      await core.close();
    }
  });
});
