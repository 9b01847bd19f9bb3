import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { readFileSync } from 'node:fs';
import { REDACTED } from '../../main/mcp/redact.ts';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { startHeaderRecorder, type HeaderRecorder } from '../fixtures/mcp/header-recorder.ts';
import { spawnCrewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { connectThroughLoopback, createLocalCredential } from '../helpers/oauth.ts';
import { PUBLIC_CLIENT_ID, startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * A bound OAuth credential stays usable for MCP servers without the operator's help: a token due
 * for refresh is refreshed before a connection uses it (in any door, not only where the background
 * scheduler runs), and a token the server refuses is renewed once. The MCP server here is an
 * OAuth-protected resource that asks the real authorization server (oidc-provider) whether each
 * bearer token is active.
 */
const tempDir = useTempDirs('crewship-mcp-refresh-');
let authServer: LocalAuthServer | undefined;
let resource: HeaderRecorder | undefined;
let core: Core | undefined;
/** Tokens the resource server refuses although the provider still calls them active (its own early expiry, say). */
const refusedByResource = new Set<string>();

afterEach(async () => {
  await core?.close();
  await resource?.close();
  await authServer?.close();
  core = undefined;
  resource = undefined;
  authServer = undefined;
  refusedByResource.clear();
});

async function setUp(accessTokenTtl: number) {
  authServer = await startLocalAuthServer({ accessTokenTtl });
  const introspectionUrl = authServer.introspectionUrl;
  resource = await startHeaderRecorder({
    authorize: async (authorization) => {
      const token = authorization?.replace(/^Bearer /, '');
      if (!token || refusedByResource.has(token)) return false;
      const response = await fetch(introspectionUrl, { method: 'POST', body: new URLSearchParams({ token, client_id: PUBLIC_CLIENT_ID }) });
      return ((await response.json()) as { active?: boolean }).active === true;
    },
  });
  const dataDir = tempDir();
  core = openTestCore(dataDir, { oauth: { httpTimeoutMs: 3_000 }, mcp: { backoff: { maxAttempts: 0 } } });
  const credential = await createLocalCredential(core, authServer, { label: 'Local AS' });
  await connectThroughLoopback(core, authServer, credential.id);
  addServer(core, 'protected', { type: 'streamable-http', url: `${resource.url}/mcp`, headers: {} }, { credential: { credentialId: credential.id, injection: { kind: 'bearer' } } });
  return { core, authServer, resource, credential, dataDir };
}

const accessToken = (c: Core, credentialId: string) => c.credentials.secrets(credentialId).accessToken as string;
const refreshGrants = (server: LocalAuthServer) => server.grants.filter((grant) => grant.grantType === 'refresh_token');
const bearerHeaders = (recorder: HeaderRecorder) => recorder.requests.map((request) => request.headers.authorization);

const expiryOf = (c: Core, credentialId: string) => Date.parse(c.credentials.get(credentialId).expiresAt as string);

/** Waiting is the point here: the token must really have expired at the provider. */
async function until(at: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now()) + 50));
}

async function revoke(server: LocalAuthServer, token: string): Promise<void> {
  const response = await fetch(server.revocationUrl, { method: 'POST', body: new URLSearchParams({ token, client_id: PUBLIC_CLIENT_ID }) });
  expect(response.status).toBe(200);
}

describe('OAuth credentials bound to MCP servers are refreshed when they need it', () => {
  it('an expired access token is refreshed before the connect, and the server receives the new one', async () => {
    const { core, authServer, resource, credential } = await setUp(2);
    const expired = accessToken(core, credential.id);
    await until(expiryOf(core, credential.id));

    const [status] = await core.mcp.gateway.connect({ server: 'protected' });

    expect(status?.state).toBe('ready');
    expect(refreshGrants(authServer).filter((grant) => grant.ok).length).toBeGreaterThanOrEqual(1);
    const fresh = accessToken(core, credential.id);
    expect(fresh).not.toBe(expired);
    expect(bearerHeaders(resource)).not.toContain(`Bearer ${expired}`);
    expect(bearerHeaders(resource)).toContain(`Bearer ${fresh}`);
  });

  it('a token the server refuses before it expires is renewed once and the call goes through', async () => {
    const { core, authServer, resource, credential } = await setUp(3600);
    expect((await core.mcp.gateway.connect({ server: 'protected' }))[0]?.state).toBe('ready');
    const revoked = accessToken(core, credential.id);
    refusedByResource.add(revoked);

    const call = await core.mcp.gateway.call({ server: 'protected', tool: 'whoami', arguments: {} }, 'ui');

    expect(call.status).toBe('succeeded');
    const renewed = accessToken(core, credential.id);
    expect(renewed).not.toBe(revoked);
    expect(refreshGrants(authServer)).toEqual([{ grantType: 'refresh_token', ok: true }]);
    // The server saw the refused token once, then the renewed one; it echoed the renewed token back, redacted.
    const seen = bearerHeaders(resource);
    expect(seen.lastIndexOf(`Bearer ${revoked}`)).toBeLessThan(seen.lastIndexOf(`Bearer ${renewed}`));
    expect(JSON.stringify(call.result)).toContain(`authorization=Bearer ${REDACTED}`);
    expect(JSON.stringify([call, core.mcp.gateway.status(), core.mcp.gateway.readLog('protected', undefined, 1000)])).not.toContain(renewed);
  });

  it('a token the server refuses and that cannot be renewed fails the call with the 401 and what to do, not a loop', async () => {
    const { core, authServer, credential } = await setUp(3600);
    expect((await core.mcp.gateway.connect({ server: 'protected' }))[0]?.state).toBe('ready');
    // The whole grant is withdrawn at the provider: the access token and the refresh token die together.
    await revoke(authServer, core.credentials.secrets(credential.id).refreshToken as string);

    const call = await core.mcp.gateway.call({ server: 'protected', tool: 'whoami', arguments: {} }, 'ui');

    expect(call.status).toBe('failed');
    expect(call.error).toEqual({
      code: 'mcp_unauthorized',
      message: 'MCP server "protected" refused the credential during the call to whoami (HTTP 401).',
      hint: 'The injected credential was refused and could not be renewed: test it, or connect it again, on the Credentials page (`crewship credential test "Local AS"`).',
    });
    expect(refreshGrants(authServer)).toEqual([{ grantType: 'refresh_token', ok: false, error: 'invalid_grant' }]);
    expect(core.credentials.get(credential.id).status).toBe('needs_reauth');
  });

  it('an expired token whose refresh is refused fails the connect with the reason and what to do', async () => {
    const { core, authServer, credential } = await setUp(2);
    await revoke(authServer, core.credentials.secrets(credential.id).refreshToken as string);
    await until(expiryOf(core, credential.id));

    const [status] = await core.mcp.gateway.connect({ server: 'protected' });

    expect(status?.state).toBe('failed');
    expect(status?.error?.code).toBe('credential_needs_reauth');
    expect(status?.error?.message).toMatch(/^MCP server "protected": Local AS refused to refresh "Local AS"/);
    expect(status?.error?.hint).toMatch(/Connect it again/);
    // Now the credential says it needs re-authorization: the next connect does not ask the provider again.
    const grantsBefore = authServer.grants.length;
    const [again] = await core.mcp.gateway.connect({ server: 'protected' });
    expect(again?.error?.code).toBe('credential_needs_reauth');
    expect(again?.error?.message).toBe('MCP server "protected": The credential "Local AS" needs re-authorization: invalid_grant (grant request is invalid).');
    expect(authServer.grants.length).toBe(grantsBefore);
  });

  it('`crewship mcp call` refreshes an expired token too (no background scheduler runs there)', async () => {
    const { core: setUpCore, authServer, credential, dataDir } = await setUp(2);
    const expiresAt = expiryOf(setUpCore, credential.id);
    await setUpCore.close();
    core = undefined;
    await until(expiresAt);

    const run = spawnCrewship(dataDir, 'mcp', 'call', 'protected', 'whoami', '--args', '{}');
    const code = await run.exited;

    expect(run.output().stderr).toBe('');
    expect(code).toBe(0);
    expect(run.output().stdout).toBe(`authorization=Bearer ${REDACTED}\n`);
    expect(refreshGrants(authServer).filter((grant) => grant.ok).length).toBeGreaterThanOrEqual(1);
  });

  it('a stdio child started with a token that is then refreshed is restarted with the new one, after its running call ends', async () => {
    const { core, credential } = await setUp(3600);
    addServer(core, 'local', everythingStdio(), { credential: { credentialId: credential.id, injection: { kind: 'env', variable: 'LOCAL_AS_TOKEN' } } });
    const [first] = await core.mcp.gateway.connect({ server: 'local' });
    const oldToken = accessToken(core, credential.id);
    expect(environmentOf(first?.pid)).toContain(`LOCAL_AS_TOKEN=${oldToken}`);

    // A call is running when the token is refreshed: it finishes on the old process.
    const call = core.mcp.gateway.start({ server: 'local', tool: 'trigger-long-running-operation', arguments: { duration: 1, steps: 2 } }, 'ui');
    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    const restarted = nextEvent(core, 'mcp.status', (status) => status.state === 'ready' && status.pid !== first?.pid);
    await core.oauth.refresh(credential.id, 'ui');
    expect(core.mcp.gateway.status('local')[0]?.pid).toBe(first?.pid);
    expect((await finished).status).toBe('succeeded');

    const after = await restarted;
    const newToken = accessToken(core, credential.id);
    expect(newToken).not.toBe(oldToken);
    expect(environmentOf(after.pid)).toContain(`LOCAL_AS_TOKEN=${newToken}`);
    expect(core.mcp.gateway.readLog('local', undefined, 1000).lines.map((line) => line.text)).toContain(
      'restarting: its credential was refreshed, and a running process cannot take the new token',
    );
  });

  it('a stdio child that was still starting when its token was refreshed is restarted once it is ready', async () => {
    const { core, credential } = await setUp(3600);
    const env = { INIT_DELAY_MS: '1500' };
    addServer(core, 'slow', fixtureStdio('minimal-server.mjs', env), { credential: { credentialId: credential.id, injection: { kind: 'env', variable: 'LOCAL_AS_TOKEN' } } });
    const spawned = nextEvent(core, 'mcp.log', (line) => line.source === 'stderr' && line.text.startsWith('minimal-server: pid'));
    const firstReady = nextEvent(core, 'mcp.status', (status) => status.name === 'slow' && status.state === 'ready');
    const connected = core.mcp.gateway.connect({ server: 'slow' });

    // The child runs with the old token and has not answered initialize yet.
    await spawned;
    await core.oauth.refresh(credential.id, 'ui');
    const first = await firstReady;
    const restarted = nextEvent(core, 'mcp.status', (status) => status.name === 'slow' && status.state === 'ready' && status.pid !== first.pid);
    await connected;

    expect(environmentOf((await restarted).pid)).toContain(`LOCAL_AS_TOKEN=${accessToken(core, credential.id)}`);
  });
});

/** A process's environment as the kernel holds it (Linux). */
function environmentOf(pid: number | null | undefined): string[] {
  if (!pid) throw new Error('no pid');
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}
