import { afterEach, describe, expect, it } from 'vitest';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import type { McpAuthFlow } from '../../main/mcp-auth/types.ts';
import {
  PRE_REGISTERED_CLIENT_ID,
  PRE_REGISTERED_CLIENT_SECRET,
  startMcpAuthServer,
  type McpAuthServer,
  type McpAuthServerOptions,
} from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer } from '../fixtures/mcp-auth/protected-server.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * How the console is known to an authorization server, in the spec's order of preference: a client
 * the operator entered (pre-registered), its Client ID Metadata Document where the server supports
 * it, else dynamic registration (mcp-auth-sign-in.test.ts); and a grant refreshed before it expires.
 */
const tempDir = useTempDirs('crewship-mcp-auth-clients-');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const METADATA_URL = 'https://crewship.test/oauth/client-metadata.json';

async function setUp(options: { as?: McpAuthServerOptions; core?: Partial<CoreOptions> } = {}) {
  const authServer = await startMcpAuthServer(options.as);
  closers.push(() => authServer.close());
  const resource = await startProtectedMcpServer(authServer);
  closers.push(() => resource.close());
  const core = openTestCore(tempDir(), options.core);
  closers.push(() => core.close());
  addServer(core, 'protected', { type: 'streamable-http', url: resource.url, headers: {} });
  return { authServer, resource, core };
}

async function approve(core: Core, authServer: McpAuthServer, flow: McpAuthFlow): Promise<McpAuthFlow> {
  expect(flow.status, JSON.stringify(flow.error)).toBe('waiting');
  await fetch(await authServer.approve(flow.authorizeUrl!));
  return core.mcpAuth.waitForFlow(flow.id);
}

const registrations = (authServer: McpAuthServer) => authServer.requests.filter((request) => request.path === '/reg').length;

describe('the console’s client at an authorization server', () => {
  it('uses a client the operator entered (its secret sealed and never shown), without registering', async () => {
    const { authServer, core } = await setUp();
    const entry = await callOk(core, 'mcp.auth.clients.set', { issuer: authServer.issuer, clientId: PRE_REGISTERED_CLIENT_ID, clientSecret: PRE_REGISTERED_CLIENT_SECRET });
    expect(entry).toMatchObject({ issuer: authServer.issuer, clientId: PRE_REGISTERED_CLIENT_ID, source: 'pre-registered' });
    expect(JSON.stringify(await callOk(core, 'mcp.auth.clients.list', {}))).not.toContain(PRE_REGISTERED_CLIENT_SECRET);
    const row = core.store.db.prepare('SELECT information FROM mcp_auth_clients').get() as { information: Buffer };
    expect(row.information.toString('latin1')).not.toContain(PRE_REGISTERED_CLIENT_SECRET);

    const flow = await core.mcpAuth.signIn('protected', 'ui');
    expect(new URL(flow.authorizeUrl!).searchParams.get('client_id')).toBe(PRE_REGISTERED_CLIENT_ID);
    expect(flow.steps.find((step) => step.name === 'registration')?.detail).toBe(`Using the pre-registered client ${PRE_REGISTERED_CLIENT_ID}`);
    const done = await approve(core, authServer, flow);
    expect(done.status, JSON.stringify(done.error)).toBe('signed_in');
    expect(registrations(authServer)).toBe(0);
    expect(JSON.stringify(done)).not.toContain(PRE_REGISTERED_CLIENT_SECRET);
    expect(core.mcpAuth.status('protected').client).toEqual({ source: 'pre-registered', clientId: PRE_REGISTERED_CLIENT_ID });
    const call = await core.mcp.gateway.call({ server: 'protected', tool: 'whoami', arguments: {} }, 'ui');
    expect(JSON.stringify(call.result)).toContain(`client=${PRE_REGISTERED_CLIENT_ID}`);
  });

  it('uses its Client ID Metadata Document URL where the authorization server supports it, and publishes the document', async () => {
    const { authServer, core } = await setUp({ as: { clientMetadataDocument: METADATA_URL }, core: { mcpAuth: { clientMetadataUrl: METADATA_URL } } });
    const published = await callOk(core, 'mcp.auth.clientMetadata', {});
    expect(published.url).toBe(METADATA_URL);
    expect(published.document).toMatchObject({ client_id: METADATA_URL, application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/callback', 'crewship://oauth/callback'] });

    const flow = await core.mcpAuth.signIn('protected', 'ui');
    expect(new URL(flow.authorizeUrl!).searchParams.get('client_id')).toBe(METADATA_URL);
    expect(flow.steps.find((step) => step.name === 'registration')?.detail).toContain('Client ID Metadata Document');
    expect((await approve(core, authServer, flow)).status).toBe('signed_in');
    expect(registrations(authServer)).toBe(0);
    expect(core.mcpAuth.status('protected').client).toEqual({ source: 'metadata-document', clientId: METADATA_URL });
  });

  it('registers dynamically where the authorization server does not support metadata documents, though the console has one', async () => {
    const { authServer, core } = await setUp({ core: { mcpAuth: { clientMetadataUrl: METADATA_URL } } });
    const flow = await core.mcpAuth.signIn('protected', 'ui');
    expect(new URL(flow.authorizeUrl!).searchParams.get('client_id')).not.toBe(METADATA_URL);
    expect(registrations(authServer)).toBe(1);
    expect((await approve(core, authServer, flow)).status).toBe('signed_in');
    expect(core.mcpAuth.status('protected').client?.source).toBe('dynamic');
    // A client entered there afterwards is not the one this grant was issued to.
    await callOk(core, 'mcp.auth.clients.set', { issuer: authServer.issuer, clientId: PRE_REGISTERED_CLIENT_ID, clientSecret: PRE_REGISTERED_CLIENT_SECRET });
    expect(core.mcpAuth.status('protected')).toMatchObject({ signedIn: true, client: null });
  });

  it('refreshes a grant about to expire before a request carries it, with the resource on the refresh too', async () => {
    // 30 s tokens: inside the minute before expiry in which the gateway refreshes.
    const { authServer, core, resource } = await setUp({ as: { accessTokenTtl: 30 } });
    expect((await approve(core, authServer, await core.mcpAuth.signIn('protected', 'ui'))).status).toBe('signed_in');
    const call = await core.mcp.gateway.call({ server: 'protected', tool: 'whoami', arguments: {} }, 'ui');
    expect(call.status, JSON.stringify(call.error)).toBe('succeeded');
    const refreshes = authServer.grants.filter((grant) => grant.grantType === 'refresh_token');
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes[0]).toMatchObject({ ok: true, resource: resource.url });
    expect(core.mcpAuth.status('protected').refreshedAt).not.toBeNull();
  });
});
