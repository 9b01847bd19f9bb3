import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpServerConfig } from '../../main/mcp/types.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { connectThroughLoopback, createLocalCredential, recordEvents } from '../helpers/oauth.ts';
import { startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-credentials-');
const SECRET = 'ghs_PLAINTEXT-CLIENT-SECRET-9f3c';

let core: Core | undefined;
let server: LocalAuthServer | undefined;

afterEach(async () => {
  await core?.close();
  await server?.close();
  core = undefined;
  server = undefined;
});

function open(): Core {
  core = openTestCore(tempDir());
  return core;
}

describe('the provider catalog through the contract', () => {
  it('lists the nine documented providers with their endpoints and capabilities', async () => {
    const providers = await callOk(open(), 'credentials.providers', {});
    expect(providers.map((provider) => provider.id)).toEqual(['google', 'slack', 'github', 'microsoft', 'linear', 'gitlab', 'cloudflare', 'stripe', 'notion']);
    for (const provider of providers) {
      expect(Object.keys(provider)).toEqual(
        expect.arrayContaining(['authorizeUrl', 'tokenUrl', 'defaultScopes', 'pkce', 'clientSecretRequired', 'redirectKinds', 'check', 'revocationUrl']),
      );
    }
  });
});

describe('creating a credential', () => {
  it('seals the client secret at once and shows only a masked preview', async () => {
    const c = open();
    const events = recordEvents(c);
    const { credential } = await callOk(c, 'credentials.create', { provider: 'github', clientId: 'Iv1.8a61f9b3a7aba766', clientSecret: SECRET });
    expect(credential).toMatchObject({
      label: 'GitHub',
      provider: 'github',
      providerName: 'GitHub',
      clientId: 'Iv1.8a61f9b3a7aba766',
      clientSecretPreview: 'ghs_…9f3c',
      requestedScopes: ['repo', 'user'],
      grantedScopes: null,
      status: 'never_connected',
      hasRefreshToken: false,
    });
    const stored = c.store.db.prepare('SELECT client_secret FROM credentials WHERE id = ?').pluck().get(credential.id) as Buffer;
    expect(stored.includes(Buffer.from(SECRET))).toBe(false);
    expect(c.vault.open({ table: 'credentials', row: credential.id, column: 'client_secret' }, stored)).toBe(SECRET);
    // Nothing a door returns or records holds the secret.
    for (const shown of [credential, await callOk(c, 'credentials.list', {}), await callOk(c, 'credentials.get', { credential: 'GitHub' }), c.audit.recent(10), events]) {
      expect(JSON.stringify(shown)).not.toContain(SECRET);
    }
    expect(events.map((event) => event.name)).toEqual(['credentials.changed']);
  });

  it('names credentials GitHub, GitHub 2…, refuses a label taken, and finds them by label or id', async () => {
    const c = open();
    const first = await callOk(c, 'credentials.create', { provider: 'github', clientId: 'a', clientSecret: SECRET });
    const second = await callOk(c, 'credentials.create', { provider: 'github', clientId: 'b', clientSecret: SECRET });
    expect(second.credential.label).toBe('GitHub 2');
    expect(await callRefused(c, 'credentials.create', { provider: 'slack', label: 'GitHub', clientId: 'c' })).toMatchObject({ code: 'credential_label_taken' });
    expect((await callOk(c, 'credentials.get', { credential: 'GitHub 2' })).clientId).toBe('b');
    expect((await callOk(c, 'credentials.get', { credential: first.credential.id })).clientId).toBe('a');
    expect(await callRefused(c, 'credentials.get', { credential: 'Nope' })).toMatchObject({ code: 'credential_not_found', hint: expect.stringContaining('crewship credential list') });
  });

  it('refuses what cannot work, storing nothing', async () => {
    const c = open();
    expect(await callRefused(c, 'credentials.create', { provider: 'github', clientId: 'x' })).toMatchObject({
      code: 'credential_secret_required',
      message: 'GitHub needs the client secret at its token endpoint.',
    });
    expect(await callRefused(c, 'credentials.create', { provider: 'myspace', clientId: 'x' })).toMatchObject({ code: 'oauth_provider_unknown' });
    expect(await callRefused(c, 'credentials.create', { provider: 'custom', clientId: 'x' })).toMatchObject({ code: 'credential_custom_endpoints_required' });
    const plainHttp = await callRefused(c, 'credentials.create', {
      provider: 'custom',
      clientId: 'x',
      custom: { name: 'Elsewhere', authorizeUrl: 'http://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token' },
    });
    expect(plainHttp.code).toBe('invalid_input');
    expect(plainHttp.message).toContain('custom.authorizeUrl: an endpoint is an https:// URL');
    expect(await callRefused(c, 'credentials.create', { provider: 'slack', clientId: 'x', scopes: ['chat:write channels:read'] })).toMatchObject({ code: 'invalid_input' });
    expect(c.store.db.prepare('SELECT COUNT(*) FROM credentials').pluck().get()).toBe(0);
  });

  it('public clients need no secret where the provider allows them', async () => {
    const c = open();
    const { credential } = await callOk(c, 'credentials.create', { provider: 'slack', clientId: '1234.5678', scopes: ['chat:write'] });
    expect(credential).toMatchObject({ clientSecretPreview: null, requestedScopes: ['chat:write'] });
  });

  it('deletes a credential with its flows, on the record', async () => {
    server = await startLocalAuthServer();
    const c = open();
    const credential = await createLocalCredential(c, server);
    await connectThroughLoopback(c, server, credential.id);
    await callOk(c, 'credentials.delete', { credential: 'Local AS' });
    expect(c.store.db.prepare('SELECT COUNT(*) FROM credentials').pluck().get()).toBe(0);
    expect(c.store.db.prepare('SELECT COUNT(*) FROM oauth_flows').pluck().get()).toBe(0);
    expect(c.audit.recent(1)[0]).toMatchObject({ action: 'credential.delete', target: credential.id });
  });
});

describe('auto-bind: MCP server configs that declare a provider get a reference to its credential', () => {
  async function githubServer(c: Core, name: string, provider: string | null): Promise<McpServerConfig> {
    return callOk(c, 'mcp.servers.create', {
      name,
      transport: { type: 'streamable-http', url: 'https://mcp.example.com/mcp' },
      ...(provider ? { provider } : {}),
    });
  }

  it('binds on create, shows what was bound, and never copies the token', async () => {
    const c = open();
    await githubServer(c, 'github-issues', 'github');
    await githubServer(c, 'github-actions', 'github');
    await githubServer(c, 'unrelated', null);
    const events = recordEvents(c);

    const created = await callOk(c, 'credentials.create', { provider: 'github', clientId: 'Iv1.x', clientSecret: SECRET });
    expect(created.bound.map((server) => server.serverName).sort()).toEqual(['github-actions', 'github-issues']);
    expect(created.bound[0]?.scope).toBe('the workspace');
    expect(created.credential.boundServers.map((server) => server.serverName).sort()).toEqual(['github-actions', 'github-issues']);

    const servers = await callOk(c, 'mcp.servers.list', {});
    const byName = new Map(servers.map((server) => [server.name, server]));
    expect(byName.get('github-issues')?.credential).toMatchObject({ credentialId: created.credential.id, injection: { kind: 'bearer' }, credentialLabel: 'GitHub' });
    expect(byName.get('unrelated')?.credential).toBeNull();
    expect(JSON.stringify(c.store.db.prepare('SELECT * FROM mcp_servers').all())).not.toContain(SECRET);
    expect(events.find((event) => event.name === 'credentials.autoBound')?.payload).toMatchObject({ credentialId: created.credential.id, provider: 'github' });
    const audited = c.audit.recent(10).find((entry) => entry.action === 'credential.autobind')?.detail as { provider: string; servers: string[] };
    expect({ ...audited, servers: [...audited.servers].sort() }).toEqual({ provider: 'github', servers: ['github-actions', 'github-issues'] });
  });

  it('binds again when a credential is reconnected, to the configs added since', async () => {
    server = await startLocalAuthServer();
    const c = open();
    const credential = await createLocalCredential(c, server);
    // A server that declares the custom provider's id after the credential exists…
    await githubServer(c, 'local-tools', 'custom');
    expect(c.credentials.get(credential.id).boundServers).toEqual([]);
    // …is bound when the credential (re)connects, and the flow says so.
    const flow = await connectThroughLoopback(c, server, credential.id);
    expect(flow.bound.map((bound) => bound.serverName)).toEqual(['local-tools']);
    expect(c.credentials.get(credential.id).boundServers.map((bound) => bound.serverName)).toEqual(['local-tools']);
    const tokens = c.credentials.secrets(credential.id);
    expect(JSON.stringify(c.store.db.prepare('SELECT * FROM mcp_servers').all())).not.toContain(tokens.accessToken as string);
  });
});
