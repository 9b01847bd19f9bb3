import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { ConnectionTestResult } from '../../main/credentials/credential.ts';
import { callContract, callOk, openTestCore } from '../helpers/core.ts';
import { connectThroughLoopback, createLocalCredential } from '../helpers/oauth.ts';
import {
  CONFIDENTIAL_CLIENT_ID,
  CONFIDENTIAL_CLIENT_SECRET,
  PUBLIC_CLIENT_ID,
  startLocalAuthServer,
  type LocalAuthServer,
} from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-cred-test-');

let server: LocalAuthServer | undefined;
let core: Core | undefined;

afterEach(async () => {
  await core?.close();
  await server?.close();
  core = undefined;
  server = undefined;
});

async function setUp(options: { accessTokenTtl?: number } = {}): Promise<{ core: Core; server: LocalAuthServer }> {
  server = await startLocalAuthServer(options);
  core = openTestCore(tempDir(), { oauth: { httpTimeoutMs: 1_500 } });
  return { core, server };
}

const test = (c: Core, credential: string) => callOk(c, 'credentials.test', { credential });

const checkOf = (result: ConnectionTestResult, name: string) => result.checks.find((check) => check.name === name);

describe('test connection says exactly what is wrong', () => {
  it('passes for a connected credential, and records when it last passed', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const result = await test(core, credential.id);
    expect(result).toMatchObject({ ok: true, problem: null, message: 'Local AS accepts the client and the access token of "Local AS".' });
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['tokens', true],
      ['client', true],
      ['expiry', true],
      ['token', true],
      ['scopes', true],
    ]);
    const stored = core.credentials.get(credential.id);
    expect(stored.lastTest).toEqual(result);
    expect(stored.lastTestPassedAt).toBe(result.at);
  });

  it('never connected', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server);
    const result = await test(core, credential.id);
    expect(result).toMatchObject({ ok: false, problem: 'never_connected', message: '"Local AS" has never been connected.' });
    // The client is still checked: it is what a first Connect needs.
    expect(checkOf(result, 'client')?.ok).toBe(true);
    expect(core.credentials.get(credential.id).lastTestPassedAt).toBeNull();
  });

  it('expired', async () => {
    const { core, server } = await setUp({ accessTokenTtl: 1 });
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const expiresAt = Date.parse(core.credentials.get(credential.id).expiresAt ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    const result = await test(core, credential.id);
    expect(result.problem).toBe('expired');
    expect(result.message).toMatch(/^The access token of "Local AS" expired at /);
    expect(result.hint).toMatch(/^Refresh it/);
  });

  it('revoked, as the bearer check and as introspection see it', async () => {
    const { core, server } = await setUp();
    const viaUserinfo = await createLocalCredential(core, server, { label: 'Userinfo' });
    const viaIntrospection = await createLocalCredential(core, server, { label: 'Introspection', check: 'introspection' });
    for (const credential of [viaUserinfo, viaIntrospection]) {
      await connectThroughLoopback(core, server, credential.id);
      expect((await test(core, credential.id)).ok).toBe(true);
      // Someone withdraws the grant at the provider (its settings page, an admin).
      const refreshToken = core.credentials.secrets(credential.id).refreshToken as string;
      const revoked = await fetch(server.revocationUrl, { method: 'POST', body: new URLSearchParams({ token: refreshToken, client_id: PUBLIC_CLIENT_ID }) });
      expect(revoked.status).toBe(200);
      const result = await test(core, credential.id);
      expect(result.problem).toBe('revoked');
      expect(result.message).toBe(`Local AS no longer accepts the access token of "${credential.label}": it was revoked, or its grant was withdrawn.`);
    }
    expect(checkOf(await test(core, viaIntrospection.id), 'token')?.detail).toBe('introspection says the token is not active');
  });

  it('insufficient scope: the provider refuses the token for it, or granted less than asked', async () => {
    const { core, server } = await setUp();
    // Without openid the userinfo endpoint answers 403 insufficient_scope.
    const narrow = await createLocalCredential(core, server, { label: 'No openid', scopes: ['offline_access', 'mcp:tools'] });
    await connectThroughLoopback(core, server, narrow.id);
    const refused = await test(core, narrow.id);
    expect(refused).toMatchObject({ ok: false, problem: 'insufficient_scope', message: 'Local AS refused the token for lack of scope.' });
    expect(checkOf(refused, 'token')?.detail).toMatch(/HTTP 403/);

    // A scope the server does not grant: the shortfall shows on the flow, the credential and the test.
    const greedy = await createLocalCredential(core, server, { label: 'Greedy', scopes: ['openid', 'offline_access', 'mcp:tools', 'mcp:everything'] });
    const flow = await connectThroughLoopback(core, server, greedy.id);
    expect(flow).toMatchObject({ status: 'connected', missingScopes: ['mcp:everything'] });
    expect(core.credentials.get(greedy.id).missingScopes).toEqual(['mcp:everything']);
    const short = await test(core, greedy.id);
    expect(short).toMatchObject({ problem: 'insufficient_scope', message: 'The token lacks scope this credential asks for: mcp:everything.' });
  });

  it('invalid client: a client secret the server no longer accepts, and the fix', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server, { label: 'Confidential', clientId: CONFIDENTIAL_CLIENT_ID, clientSecret: CONFIDENTIAL_CLIENT_SECRET });
    await connectThroughLoopback(core, server, credential.id);
    expect((await test(core, credential.id)).ok).toBe(true);

    const rotated = await callContract(core, 'credentials.update', { credential: 'Confidential', clientSecret: 'cs_the-secret-before-rotation-0000' }, 'cli');
    expect(rotated).toMatchObject({ ok: true, value: { clientSecretPreview: 'cs_…0000' } });
    const result = await test(core, credential.id);
    expect(result.problem).toBe('invalid_client');
    expect(result.message).toBe(`Local AS does not accept the client "${CONFIDENTIAL_CLIENT_ID}" (invalid_client): its secret was probably rotated, or the OAuth app was deleted.`);
    expect(result.hint).toContain('crewship credential update "Confidential" --client-secret');

    await callOk(core, 'credentials.update', { credential: 'Confidential', clientSecret: CONFIDENTIAL_CLIENT_SECRET }, 'cli');
    expect((await test(core, credential.id)).ok).toBe(true);
  });

  it('provider unreachable, keeping when it last passed', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const passed = await test(core, credential.id);
    await server.close();
    const result = await test(core, credential.id);
    expect(result.problem).toBe('unreachable');
    expect(result.message).toMatch(/^Local AS could not be reached for the client check \(127\.0\.0\.1:\d+(: E[A-Z]+)?\)\.$/);
    expect(checkOf(result, 'token')).toMatchObject({ ok: null, detail: 'Local AS is unreachable' });
    expect(core.credentials.get(credential.id).lastTestPassedAt).toBe(passed.at);
  });

  it('needs re-authorization after a refused refresh, with the server’s reason', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const refreshToken = core.credentials.secrets(credential.id).refreshToken as string;
    await fetch(server.revocationUrl, { method: 'POST', body: new URLSearchParams({ token: refreshToken, client_id: PUBLIC_CLIENT_ID }) });
    await expect(core.oauth.refresh(credential.id, 'cli')).rejects.toMatchObject({ code: 'credential_needs_reauth' });
    const result = await test(core, credential.id);
    expect(result.problem).toBe('needs_reauth');
    expect(result.message).toMatch(/^Local AS refused the last refresh of "Local AS": invalid_grant/);
  });
});

describe('disconnect', () => {
  it('revokes the grant at the provider and forgets the tokens', async () => {
    const { core, server } = await setUp();
    const credential = await createLocalCredential(core, server, { check: 'introspection' });
    await connectThroughLoopback(core, server, credential.id);
    const { accessToken } = core.credentials.secrets(credential.id);

    const envelope = await callContract(core, 'credentials.revoke', { credential: credential.id });
    expect(envelope).toMatchObject({ ok: true, value: { revokedAtProvider: true, detail: 'Local AS revoked the grant.', credential: { status: 'disconnected', hasRefreshToken: false } } });
    expect(core.credentials.secrets(credential.id)).toMatchObject({ accessToken: null, refreshToken: null });
    // The provider agrees: the old access token is dead.
    const introspection = await fetch(server.introspectionUrl, { method: 'POST', body: new URLSearchParams({ token: accessToken as string, client_id: PUBLIC_CLIENT_ID }) });
    expect(await introspection.json()).toEqual({ active: false });
    expect((await test(core, credential.id)).message).toBe('"Local AS" was disconnected; it holds no tokens.');
  });

  it('says so where the provider has no revocation endpoint', async () => {
    core = openTestCore(tempDir());
    await callOk(core, 'credentials.create', { provider: 'github', clientId: 'Iv1.abc', clientSecret: 'github-client-secret-1234' }, 'cli');
    const envelope = await callContract(core, 'credentials.revoke', { credential: 'GitHub' }, 'cli');
    expect(envelope).toMatchObject({ ok: true, value: { revokedAtProvider: false, detail: 'It held no tokens; nothing to revoke.' } });
  });
});
