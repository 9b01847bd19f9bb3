import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { addWorkspace, ok, openComposioCore, recordEvents, refused } from './composio-test-kit.ts';

/**
 * The Composio domain through the core's router, the real @composio/core SDK against the stand-in
 * with the full catalog (generated once for the file): key, catalog, auth configs, connect,
 * inventory, account lifecycle, retries, tenant isolation.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-');
/** Tests that count what a project holds get a project of their own. */
const OWN = { configs: 'ak_project_configs_0003', retries: 'ak_project_retries_0004' };

beforeAll(async () => {
  standIn = await startComposioStandIn({ keys: { [STAND_IN_KEYS.alpha]: 'alpha', [STAND_IN_KEYS.beta]: 'beta', [OWN.configs]: 'configs', [OWN.retries]: 'retries' } });
});
afterAll(async () => {
  await standIn.stop();
});

async function withCore<T>(use: (core: Core, dataDir: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const dataDir = tempDir();
  const core = openComposioCore(dataDir, standIn.url, { env });
  try {
    return await use(core, dataDir);
  } finally {
    await core.close();
  }
}

describe('the project key', () => {
  it('is validated before it is sealed; a key Composio refuses is not stored', () =>
    withCore(async (core, dataDir) => {
      const error = await refused(core, 'composio.key.set', { key: 'ak_not_a_project_key_0000' });
      expect(error.code).toBe('composio_key_invalid');
      expect(error.hint).toContain('key set');
      expect((await ok(core, 'composio.key.get', {})).source).toBe('none');
      expect(core.store.db.prepare('SELECT COUNT(*) FROM composio_keys').pluck().get()).toBe(0);

      const info = await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha, label: 'Alpha project' });
      expect(info).toMatchObject({ source: 'workspace', preview: 'ak_…21d4', label: 'Alpha project', baseUrl: standIn.url, baseUrlSource: 'environment' });
      expect(info.validatedAt).not.toBeNull();
      // Sealed: the key's text is nowhere in the database file or its WAL.
      core.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = Buffer.concat([readFileSync(join(dataDir, 'crewship.db'))]);
      expect(bytes.includes(Buffer.from(STAND_IN_KEYS.alpha))).toBe(false);
      expect(JSON.stringify(await ok(core, 'composio.status', {}))).not.toContain(STAND_IN_KEYS.alpha);

      const removed = await ok(core, 'composio.key.remove', {});
      expect(removed).toMatchObject({ removed: true, key: { source: 'none' } });
    }));

  it('an unreachable API is an error unless validation is skipped', async () => {
    const gone = await startComposioStandIn({ catalog: { toolkits: 5, tools: 20 } });
    const url = gone.url;
    await gone.stop();
    const dataDir = tempDir();
    const core = openComposioCore(dataDir, url);
    try {
      expect((await refused(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha })).code).toBe('composio_unreachable');
      expect((await ok(core, 'composio.key.get', {})).source).toBe('none');
      const stored = await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha, validate: false });
      expect(stored).toMatchObject({ source: 'workspace', validatedAt: null });
    } finally {
      await core.close();
    }
  });

  it('resolves workspace first, then COMPOSIO_API_KEY, and warns when that key backs several workspaces', () =>
    withCore(
      async (core) => {
        expect(await ok(core, 'composio.key.get', {})).toMatchObject({ source: 'environment', preview: 'ak_…e0c1', warning: null });
        addWorkspace(core, 'ws-two', 'Second tenant');
        const warned = (await ok(core, 'composio.status', {})).key.warning;
        expect(warned?.workspaces.map((w) => w.id)).toEqual(['default', 'ws-two']);
        expect(warned?.message).toContain('share one Composio project');
        expect(warned?.hint).toContain('key set');
        // The default workspace gets its own key: the environment's now backs one workspace only.
        const own = await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
        expect(own).toMatchObject({ source: 'workspace', environmentKeyPresent: true, warning: null });
      },
      { COMPOSIO_API_KEY: STAND_IN_KEYS.beta },
    ));
});

describe('the catalog', () => {
  it('refreshes the whole catalog with progress, searches it at once, and stays browsable when Composio is gone', () =>
    withCore(async (core) => {
      expect((await refused(core, 'composio.catalog.sync', { wait: true })).code).toBe('composio_not_configured');
      await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
      await ok(core, 'composio.authConfigs.create', { toolkit: 'github' });
      const progress = recordEvents(core, 'composio.catalogSync');
      const status = await ok(core, 'composio.catalog.sync', { wait: true });
      expect(status.toolkitCount).toBeGreaterThanOrEqual(500);
      expect(status.toolCount).toBe(standIn.toolCount);
      expect(status.toolCount).toBeGreaterThanOrEqual(20_000);
      expect(status).toMatchObject({ stale: false, lastError: null, sync: { state: 'idle' } });
      expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['toolkits', 'tools', 'storing', 'done']));
      expect(progress.some((p) => p.phase === 'tools' && p.toolsDone > 0 && p.toolsDone < (p.toolsTotal ?? 0))).toBe(true);

      const found = await ok(core, 'composio.toolkits.list', { search: 'gma' });
      expect(found.toolkits[0]).toMatchObject({ slug: 'gmail', name: 'Gmail', authSchemes: ['OAUTH2'], composioManaged: true, authConfigCount: 0 });
      expect(found.toolkits[0]?.logo).toMatch(/^data:image\/svg\+xml;base64,/);
      const github = (await ok(core, 'composio.toolkits.list', { search: 'github' })).toolkits.find((t) => t.slug === 'github');
      expect(github?.authConfigCount).toBe(1);
      const crm = await ok(core, 'composio.toolkits.list', { category: 'crm', limit: 1000 });
      expect(crm.total).toBeGreaterThan(10);
      expect(crm.toolkits.every((t) => t.categories.some((c) => c.slug === 'crm'))).toBe(true);
      expect(crm.categories.find((c) => c.slug === 'crm')?.count).toBe(crm.total);
      // Operators' words cannot break the FTS query.
      expect((await ok(core, 'composio.toolkits.list', { search: 'NEAR(" * ^ :' })).total).toBe(0);

      const page = await ok(core, 'composio.toolkits.get', { toolkit: 'gmail' });
      expect(page.tools.length).toBe(standIn.catalog.find((t) => t.slug === 'gmail')?.tools.length);
      expect(page.tools.some((tool) => tool.readOnly && tool.tags.includes('readOnlyHint'))).toBe(true);
      expect(page.tools.some((tool) => tool.destructive && !tool.readOnly)).toBe(true);
      const sends = await ok(core, 'composio.tools.search', { search: 'send email' });
      expect(sends.tools.length).toBeGreaterThan(0);
      expect(sends.tools.every((tool) => /SEND/.test(tool.slug) && /EMAIL/.test(tool.slug))).toBe(true);
      expect((await refused(core, 'composio.toolkits.get', { toolkit: 'no-such-app' })).code).toBe('composio_toolkit_not_found');
    }));

  it('serves the cached catalog, with its age, while Composio cannot be reached', async () => {
    const small = await startComposioStandIn({ catalog: { toolkits: 30, tools: 300 } });
    const dataDir = tempDir();
    const core = openComposioCore(dataDir, small.url);
    try {
      await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
      await ok(core, 'composio.catalog.sync', { wait: true });
      await small.stop();
      const failed = await refused(core, 'composio.catalog.sync', { wait: true });
      expect(failed.code).toBe('composio_unreachable');
      const list = await ok(core, 'composio.toolkits.list', { search: 'slack' });
      expect(list.toolkits.map((t) => t.slug)).toContain('slack');
      expect(list.catalog.toolkitCount).toBe(30);
      expect(list.catalog.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(list.catalog.lastError?.code).toBe('composio_unreachable');
      const inventory = await ok(core, 'composio.inventory', {});
      expect(inventory).toMatchObject({ source: 'cache', error: { code: 'composio_unreachable' } });
    } finally {
      await core.close();
    }
  });
});

describe('auth configs, connect, inventory and the account lifecycle', () => {
  it('creates managed and custom auth configs (the custom secret sealed, never returned), disables, enables and deletes them', () =>
    withCore(async (core, dataDir) => {
      await ok(core, 'composio.key.set', { key: OWN.configs });
      const managed = await ok(core, 'composio.authConfigs.create', { toolkit: 'slack' });
      expect(managed).toMatchObject({ toolkit: 'slack', composioManaged: true, status: 'ENABLED', clientId: null });
      const secret = 'cs_very_secret_client_secret_42';
      const custom = await ok(core, 'composio.authConfigs.create', { toolkit: 'notion', custom: { clientId: 'client-notion-1', clientSecret: secret } });
      expect(custom).toMatchObject({ toolkit: 'notion', composioManaged: false, clientId: 'client-notion-1' });
      const listed = await ok(core, 'composio.authConfigs.list', {});
      expect(listed.map((c) => c.id).sort()).toEqual([managed.id, custom.id].sort());
      expect(JSON.stringify(listed)).not.toContain(secret);
      core.store.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(readFileSync(join(dataDir, 'crewship.db')).includes(Buffer.from(secret))).toBe(false);

      expect((await ok(core, 'composio.authConfigs.disable', { authConfig: managed.id })).status).toBe('DISABLED');
      expect((await ok(core, 'composio.authConfigs.enable', { authConfig: managed.id })).status).toBe('ENABLED');
      await ok(core, 'composio.authConfigs.delete', { authConfig: custom.id });
      expect((await ok(core, 'composio.authConfigs.list', {})).map((c) => c.id)).toEqual([managed.id]);
      expect((await refused(core, 'composio.authConfigs.delete', { authConfig: custom.id })).code).toBe('composio_auth_config_not_found');
      expect((await refused(core, 'composio.authConfigs.create', { toolkit: 'telegram' })).code).toBe('composio_request_refused');
    }));

  it('connects through link(): approve makes it ACTIVE, deny FAILED; a wait can be cancelled or time out', () =>
    withCore(async (core) => {
      await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
      const events = recordEvents(core, 'composio.connect');
      const started = await ok(core, 'composio.connect', { toolkit: 'gmail', userId: 'user-42' });
      expect(started).toMatchObject({ status: 'waiting', createdAuthConfig: true, userId: 'user-42', toolkit: 'gmail' });
      expect(started.redirectUrl).toMatch(new RegExp(`^${standIn.url}/consent/`));
      // The consent page's Approve, as a browser would send it.
      const page = await fetch(started.redirectUrl);
      expect(await page.text()).toContain('Approve');
      await fetch(`${started.redirectUrl}/approve`, { method: 'POST' });
      const done = await core.composio.waitForConnect(started.id);
      expect(done).toMatchObject({ status: 'active', account: { userId: 'user-42', status: 'ACTIVE', toolkit: 'gmail' } });
      expect(events.map((e) => e.status)).toEqual(['waiting', 'active']);

      const second = await ok(core, 'composio.connect', { toolkit: 'gmail', userId: 'user-7' });
      expect(second.createdAuthConfig).toBe(false);
      standIn.deny(second.accountId);
      const denied = await core.composio.waitForConnect(second.id);
      expect(denied).toMatchObject({ status: 'failed', error: { code: 'composio_connect_failed' } });

      const third = await ok(core, 'composio.connect', { toolkit: 'gmail', userId: 'user-8' });
      expect((await ok(core, 'composio.connect.cancel', { connect: third.id })).id).toBe(third.id);
      expect(await core.composio.waitForConnect(third.id)).toMatchObject({ status: 'cancelled', error: { code: 'composio_connect_cancelled' } });

      const fourth = await ok(core, 'composio.connect', { toolkit: 'gmail', userId: 'user-9', timeoutSeconds: 5 });
      expect(Date.parse(fourth.expiresAt) - Date.parse(fourth.startedAt)).toBe(5000);
      expect((await refused(core, 'composio.connect.get', { connect: 'cconn_nope' })).code).toBe('composio_connect_not_found');
    }));

  it('groups accounts by user with those needing attention first, and refreshes, revokes, enables and removes them', () =>
    withCore(async (core) => {
      await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.beta });
      const connect = async (toolkit: string, userId: string) => {
        const flow = await ok(core, 'composio.connect', { toolkit, userId });
        standIn.approve(flow.accountId);
        return (await core.composio.waitForConnect(flow.id)).accountId;
      };
      const ann = await connect('github', 'ann');
      await connect('slack', 'ann');
      const bob = await connect('github', 'bob');
      standIn.expire(bob);

      const inventory = await ok(core, 'composio.inventory', {});
      expect(inventory.source).toBe('live');
      expect(inventory.counts).toEqual({ accounts: 3, users: 2, apps: 2, needsAttention: 1 });
      expect(inventory.users.map((u) => u.userId)).toEqual(['bob', 'ann']);
      expect(inventory.attention).toHaveLength(1);
      expect(inventory.attention[0]).toMatchObject({ id: bob, status: 'EXPIRED', reconnect: { action: 'refresh', command: `crewship integration composio account refresh ${bob}` } });
      expect(inventory.authConfigs.map((c) => c.toolkit).sort()).toEqual(['github', 'slack']);
      expect((await ok(core, 'composio.inventory', { app: 'slack' })).users).toMatchObject([{ userId: 'ann', accounts: [{ toolkit: 'slack' }] }]);
      expect((await ok(core, 'composio.status', {})).counts.needsAttention).toBe(1);

      const refreshed = await ok(core, 'composio.accounts.refresh', { account: bob });
      expect(refreshed).toMatchObject({ needsReauth: true, account: { status: 'INITIATED' } });
      expect(refreshed.redirectUrl).toMatch(/\/consent\//);

      const revoked = await ok(core, 'composio.accounts.revoke', { account: ann });
      expect(revoked.account).toMatchObject({ status: 'INACTIVE', disabled: true, needsAttention: true, reconnect: { action: 'enable' } });
      expect((await ok(core, 'composio.accounts.enable', { account: ann })).account).toMatchObject({ status: 'ACTIVE', disabled: false });
      expect(await ok(core, 'composio.accounts.remove', { account: ann })).toEqual({ id: ann, userId: 'ann', toolkit: 'github' });
      expect((await refused(core, 'composio.accounts.refresh', { account: ann })).code).toBe('composio_account_not_found');
      expect((await ok(core, 'composio.inventory', {})).counts.accounts).toBe(2);
    }));

  it('two workspaces with two keys never see each other’s users or accounts', async () => {
    const dataDir = tempDir();
    const first = openComposioCore(dataDir, standIn.url);
    addWorkspace(first, 'tenant-b', 'Tenant B');
    const second = openComposioCore(dataDir, standIn.url, { workspaceId: 'tenant-b' });
    try {
      const isolated = { alpha: 'ak_isolation_alpha_0001', beta: 'ak_isolation_beta_0002' };
      const tenants = await startComposioStandIn({ keys: { [isolated.alpha]: 'iso-a', [isolated.beta]: 'iso-b' }, catalog: { toolkits: 20, tools: 100 } });
      try {
        for (const [core, key] of [[first, isolated.alpha], [second, isolated.beta]] as const) {
          await ok(core, 'composio.key.set', { key, baseUrl: tenants.url });
        }
        const flow = await ok(second, 'composio.connect', { toolkit: 'gmail', userId: 'tenant-b-user' });
        tenants.approve(flow.accountId);
        await second.composio.waitForConnect(flow.id);
        expect((await ok(second, 'composio.inventory', {})).userIds).toEqual(['tenant-b-user']);
        const mine = await ok(first, 'composio.inventory', {});
        expect(mine.userIds).toEqual([]);
        expect(mine.authConfigs).toEqual([]);
        expect((await refused(first, 'composio.accounts.refresh', { account: flow.accountId })).code).toBe('composio_account_not_found');
        expect((await ok(first, 'composio.key.get', {})).preview).toBe('ak_…0001');
        expect((await ok(second, 'composio.key.get', {})).preview).toBe('ak_…0002');
      } finally {
        await tenants.stop();
      }
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('retries 429 and 5xx with backoff, then names what kept failing', () =>
    withCore(async (core) => {
      await ok(core, 'composio.key.set', { key: OWN.retries });
      standIn.failNext(2, 429, '/auth_configs');
      expect(await ok(core, 'composio.authConfigs.list', {})).toEqual([]);
      standIn.failNext(3, 503, '/auth_configs');
      expect((await refused(core, 'composio.authConfigs.list', {})).code).toBe('composio_server_error');
      standIn.failNext(3, 429, '/auth_configs');
      const limited = await refused(core, 'composio.authConfigs.list', {});
      expect(limited.code).toBe('composio_rate_limited');
      expect(limited.hint).toContain('Wait');
    }));
});
