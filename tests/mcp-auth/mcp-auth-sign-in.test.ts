import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpAuthFlow } from '../../main/mcp-auth/types.ts';
import { startMcpAuthServer, type McpAuthServer, type McpAuthServerOptions } from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer, type ProtectedServerOptions } from '../fixtures/mcp-auth/protected-server.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * Signing in to a remote MCP server that requires authorization, end to end: a protected server
 * built from the SDK's server-side auth helpers, oidc-provider as its authorization server, both
 * on 127.0.0.1, the console's core between them.
 */
const tempDir = useTempDirs('crewship-mcp-auth-');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setUp(options: { as?: McpAuthServerOptions; server?: ProtectedServerOptions } = {}) {
  const authServer = await startMcpAuthServer(options.as);
  closers.push(() => authServer.close());
  const resource = await startProtectedMcpServer(authServer, options.server);
  closers.push(() => resource.close());
  const core = openTestCore(tempDir());
  closers.push(() => core.close());
  const config = addServer(core, 'protected', { type: 'streamable-http', url: resource.url, headers: {} });
  return { authServer, resource, core, config };
}

/** The operator approves in the browser; the browser follows the redirect to the loopback listener. */
async function approve(core: Core, authServer: McpAuthServer, flow: McpAuthFlow): Promise<McpAuthFlow> {
  expect(flow.status, JSON.stringify(flow.error)).toBe('waiting');
  const callback = await authServer.approve(flow.authorizeUrl!);
  await fetch(callback);
  return core.mcpAuth.waitForFlow(flow.id);
}

async function callWhoami(core: Core, server = 'protected') {
  return core.mcp.gateway.call({ server, tool: 'whoami', arguments: {} }, 'cli');
}

describe('MCP sign-in (the MCP authorization spec)', () => {
  it('needs sign-in first, then signs in through discovery and dynamic client registration, and calls a tool with the token', async () => {
    const { authServer, resource, core } = await setUp();
    const [before] = await core.mcp.gateway.connect({ server: 'protected' });
    expect(before?.state).toBe('failed');
    expect(before?.error?.code).toBe('mcp_auth_required');
    expect(before?.error?.hint).toContain('crewship mcp login "protected"');

    const flow = await core.mcpAuth.signIn('protected', 'cli');
    const authorize = new URL(flow.authorizeUrl!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('resource')).toBe(resource.url);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('scope')).toBe('mcp:tools');
    expect(flow.crossOrigin).toBe(true);
    expect(flow.authorizationOrigin).toBe(authServer.origin);
    expect(flow.steps.map((step) => [step.name, step.state])).toEqual([
      ['discovery', 'done'],
      ['registration', 'done'],
      ['consent', 'running'],
      ['token', 'pending'],
    ]);
    // The debugger saw the 401, the protected resource metadata and the authorization server metadata, and the registration.
    const urls = flow.requests.map((request) => `${request.method} ${new URL(request.url).pathname} ${request.status}`);
    expect(urls[0]).toBe('POST /mcp 401');
    expect(urls).toContain('GET /.well-known/oauth-protected-resource/mcp 200');
    expect(urls.some((line) => line.startsWith('POST /reg 201'))).toBe(true);

    const done = await approve(core, authServer, flow);
    expect(done.status, JSON.stringify(done.error)).toBe('signed_in');
    const status = core.mcpAuth.status('protected');
    expect(status).toMatchObject({ signedIn: true, issuer: authServer.issuer, resource: resource.url, hasRefreshToken: true, client: { source: 'dynamic' } });
    // RFC 8707 on the token request too.
    expect(authServer.grants.find((grant) => grant.grantType === 'authorization_code')).toMatchObject({ ok: true, resource: resource.url });
    // No token, code or verifier in what the debugger shows.
    expect(JSON.stringify(core.mcpAuth.flow(flow.id))).not.toMatch(/"access_token":"(?!\[redacted\])/);

    const call = await callWhoami(core);
    expect(call.status, JSON.stringify(call.error)).toBe('succeeded');
    expect(JSON.stringify(call.result)).toContain('scopes=mcp:tools');
    // The token is sealed in the store, never written as it is.
    const row = core.store.db.prepare('SELECT access_token FROM mcp_auth_grants').get() as { access_token: Buffer };
    expect(row.access_token.toString('latin1')).not.toContain(resource.tokensSeen.at(-1)!);
  });

  it('reuses the registration for a second sign-in at the same authorization server', async () => {
    const { authServer, core } = await setUp();
    await approve(core, authServer, await core.mcpAuth.signIn('protected', 'cli'));
    const registrations = () => authServer.requests.filter((request) => request.method === 'POST' && request.path === '/reg').length;
    expect(registrations()).toBe(1);
    const again = await approve(core, authServer, await core.mcpAuth.signIn('protected', 'cli'));
    expect(again.status).toBe('signed_in');
    expect(registrations()).toBe(1);
  });

  it('discovers an authorization server whose issuer has a path, and a server whose metadata is only at the root well-known URL', async () => {
    const { authServer, core, resource } = await setUp({ as: { path: '/tenant-a' }, server: { metadataAt: 'root' } });
    const flow = await core.mcpAuth.signIn('protected', 'cli');
    const paths = flow.requests.map((request) => `${request.method} ${new URL(request.url).pathname} ${request.status}`);
    // No resource_metadata in the challenge: path-aware first, then the root.
    expect(paths).toContain('GET /.well-known/oauth-protected-resource/mcp 404');
    expect(paths).toContain('GET /.well-known/oauth-protected-resource 200');
    // RFC 8414 path-aware, then OpenID Connect discovery under the issuer's path.
    expect(paths).toContain('GET /.well-known/oauth-authorization-server/tenant-a 404');
    expect(paths).toContain('GET /tenant-a/.well-known/openid-configuration 200');
    expect((await approve(core, authServer, flow)).status).toBe('signed_in');
    expect(core.mcpAuth.status('protected').issuer).toBe(authServer.issuer);
    expect((await callWhoami(core)).status).toBe('succeeded');
    expect(resource.tokensSeen.length).toBeGreaterThan(0);
  });

  it('refuses an authorization server that does not advertise PKCE S256', async () => {
    const { core, authServer } = await setUp({ as: { advertiseS256: false } });
    const flow = await core.mcpAuth.signIn('protected', 'cli');
    expect(flow.status).toBe('failed');
    expect(flow.error?.code).toBe('mcp_auth_pkce_unsupported');
    expect(flow.authorizeUrl).toBeNull();
    expect(authServer.requests.some((request) => request.path === '/auth')).toBe(false);
  });

  it('refuses an answer whose iss names another authorization server (a mix-up), and stores nothing', async () => {
    const { core, authServer } = await setUp();
    const flow = await core.mcpAuth.signIn('protected', 'cli');
    const callback = new URL(await authServer.approve(flow.authorizeUrl!));
    expect(callback.searchParams.get('iss')).toBe(authServer.issuer);
    callback.searchParams.set('iss', 'https://attacker.example');
    const page = await fetch(callback);
    expect(page.status).toBe(400);
    const done = await core.mcpAuth.waitForFlow(flow.id);
    expect(done.error?.code).toBe('mcp_auth_issuer_mismatch');
    expect(core.mcpAuth.status('protected').signedIn).toBe(false);
    expect(authServer.grants.some((grant) => grant.grantType === 'authorization_code')).toBe(false);
  });

  it('never sends one server’s token to another server, even one with the same authorization server', async () => {
    const { core, authServer, resource } = await setUp();
    const second = await startProtectedMcpServer(authServer);
    closers.push(() => second.close());
    addServer(core, 'second', { type: 'streamable-http', url: second.url, headers: {} });
    await approve(core, authServer, await core.mcpAuth.signIn('protected', 'cli'));
    expect((await callWhoami(core)).status).toBe('succeeded');
    const refused = await callWhoami(core, 'second');
    expect(refused.error?.code).toBe('mcp_auth_required');
    expect(second.tokensSeen).toEqual([]);
    // Moving the first server's config to the second URL does not carry its token there either.
    core.mcp.servers.update({ server: 'protected', transport: { type: 'streamable-http', url: second.url, headers: {} } }, 'cli');
    const moved = await callWhoami(core);
    expect(moved.error?.code).toBe('mcp_auth_required');
    expect(second.tokensSeen).toEqual([]);
    expect(resource.tokensSeen.length).toBeGreaterThan(0);
  });

  it('refuses a resource_metadata URL that is plain http off this machine, and fetches nothing there', async () => {
    // A server whose 401 points its clients at plain http elsewhere (where an attacker could answer).
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer resource_metadata="http://metadata.example.invalid/.well-known/oauth-protected-resource"' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const core = openTestCore(tempDir());
    closers.push(() => core.close());
    addServer(core, 'pointing-away', { type: 'streamable-http', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, headers: {} });
    const flow = await core.mcpAuth.signIn('pointing-away', 'cli');
    expect(flow.status).toBe('failed');
    expect(flow.error?.code).toBe('mcp_auth_insecure_url');
    expect(flow.requests.map((request) => new URL(request.url).hostname)).toEqual(['127.0.0.1']);
  });
});

