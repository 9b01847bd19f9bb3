import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { DeepLinkRouter } from '../../main/deeplink/index.ts';
import { registerOAuthDeepLinks } from '../../main/oauth/deep-link-callbacks.ts';
import { codeChallengeS256 } from '../../main/oauth/pkce.ts';
import { callContract, openTestCore } from '../helpers/core.ts';
import { connectThroughLoopback, createLocalCredential, recordEvents, startConnect } from '../helpers/oauth.ts';
import { startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-oauth-');

let server: LocalAuthServer;
let core: Core;
let dataDir: string;

beforeEach(async () => {
  server = await startLocalAuthServer();
  dataDir = tempDir();
  core = openTestCore(dataDir, { oauth: { httpTimeoutMs: 2_000 } });
});

afterEach(async () => {
  await core.close();
  await server.close();
});

function sealedTokens(id: string): { access: Buffer | null; refresh: Buffer | null } {
  const row = core.store.db.prepare('SELECT access_token, refresh_token FROM credentials WHERE id = ?').get(id) as {
    access_token: Buffer | null;
    refresh_token: Buffer | null;
  };
  return { access: row.access_token, refresh: row.refresh_token };
}

function plainTokens(id: string) {
  return core.credentials.secrets(id);
}

function deepLinkRouter(log: string[] = []): DeepLinkRouter {
  const router = new DeepLinkRouter({ log: (_level, line) => log.push(line) });
  registerOAuthDeepLinks(router, core.oauth, (line) => log.push(line));
  return router;
}

describe('connect: authorization code + PKCE against a real authorization server', () => {
  it('completes through the loopback listener, and the events tell the flow as it goes', async () => {
    const credential = await createLocalCredential(core, server);
    const events = recordEvents(core);
    const started = await startConnect(core, credential.id);

    expect(started.openedBrowser).toBe(false);
    expect(started.flow).toMatchObject({ status: 'waiting', redirectKind: 'loopback' });
    expect(started.flow.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('scope')).toBe('openid offline_access mcp:tools');
    // The state is stored only as a hash; the verifier only sealed.
    const flowRow = core.store.db.prepare('SELECT state_hash, code_verifier FROM oauth_flows WHERE id = ?').get(started.flow.id) as { state_hash: string; code_verifier: Buffer };
    expect(flowRow.state_hash).not.toBe(authorize.searchParams.get('state'));
    const verifier = core.vault.open({ table: 'oauth_flows', row: started.flow.id, column: 'code_verifier' }, flowRow.code_verifier);
    expect(verifier).toHaveLength(43);
    expect(codeChallengeS256(verifier)).toBe(authorize.searchParams.get('code_challenge'));

    const callback = await server.approve(started.authorizeUrl);
    expect(callback.startsWith(started.flow.redirectUri)).toBe(true);
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('is connected to Local AS');

    const flow = await core.oauth.waitForFlow(started.flow.id);
    expect(flow).toMatchObject({ status: 'connected', error: null, grantedScopes: ['openid', 'offline_access', 'mcp:tools'], missingScopes: [] });
    const connected = core.credentials.get(credential.id);
    expect(connected).toMatchObject({ status: 'connected', hasRefreshToken: true, grantedScopes: ['openid', 'offline_access', 'mcp:tools'] });
    expect(Date.parse(connected.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(server.grants).toEqual([{ grantType: 'authorization_code', ok: true }]);
    // The verifier is erased once the flow ends.
    expect(core.store.db.prepare('SELECT code_verifier FROM oauth_flows WHERE id = ?').pluck().get(flow.id)).toBeNull();
    const statuses = events.filter((event) => event.name === 'oauth.flow').map((event) => event.payload.status);
    expect(statuses).toEqual(['waiting', 'exchanging', 'connected']);

    // The listener answered once and is closed now.
    await expect(fetch(callback)).rejects.toThrow();
  });

  it('ignores forged loopback callbacks (wrong or missing state) with a 400 page, and the real sign-in still completes', async () => {
    const credential = await createLocalCredential(core, server);
    const started = await startConnect(core, credential.id, 'loopback');
    const forgedUrls = [
      `${started.flow.redirectUri}?code=forged-code&state=not-the-state-of-this-sign-in`,
      `${started.flow.redirectUri}?code=forged-code`,
      `${started.flow.redirectUri}?error=access_denied`,
    ];
    for (const forged of forgedUrls) {
      const page = await fetch(forged);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('does not belong to the sign-in this console is waiting for');
    }
    expect(core.oauth.flow(started.flow.id)).toMatchObject({ status: 'waiting', error: null });

    const callback = await server.approve(started.authorizeUrl);
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await core.oauth.waitForFlow(started.flow.id)).toMatchObject({ status: 'connected', error: null });
    expect(core.credentials.get(credential.id).status).toBe('connected');
    expect(server.grants).toEqual([{ grantType: 'authorization_code', ok: true }]);
  });

  it('completes through the crewship:// deep link from a second instance and from a cold start', async () => {
    const credential = await createLocalCredential(core, server);
    const warm = await startConnect(core, credential.id, 'deep-link');
    expect(warm.flow.redirectUri).toBe('crewship://oauth/callback');
    const warmLink = await server.approve(warm.authorizeUrl);
    expect(warmLink.startsWith('crewship://oauth/callback?code=')).toBe(true);
    const running = deepLinkRouter();
    running.start();
    expect(running.dispatch(warmLink, 'second-instance')).toBe('handled');
    expect(await core.oauth.waitForFlow(warm.flow.id)).toMatchObject({ status: 'connected' });

    // Cold start: the app was closed while the browser was out; the link starts it again, sits in
    // argv until the new core is ready, and finishes the flow the old process began.
    const cold = await startConnect(core, credential.id, 'deep-link');
    await core.close();
    const coldLink = await server.approve(cold.authorizeUrl);
    core = openTestCore(dataDir, { oauth: { httpTimeoutMs: 2_000 } });
    const starting = new DeepLinkRouter({ log: () => {} });
    expect(starting.dispatch(coldLink, 'argv')).toBe('queued');
    registerOAuthDeepLinks(starting, core.oauth, () => {});
    starting.start();
    expect(await core.oauth.waitForFlow(cold.flow.id)).toMatchObject({ status: 'connected' });
    expect(server.grants.filter((grant) => grant.grantType === 'authorization_code')).toHaveLength(2);
  });

  it('accepts an answer without iss from an issuer that does not advertise RFC 9207 support', async () => {
    await server.close();
    server = await startLocalAuthServer({ issParameter: false });
    const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ issuer: server.issuer });
    expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
    const credential = await createLocalCredential(core, server);
    const started = await startConnect(core, credential.id, 'loopback');
    const callback = new URL(await server.approve(started.authorizeUrl));
    expect(callback.searchParams.has('code')).toBe(true);
    expect(callback.searchParams.has('iss')).toBe(false);
    expect((await fetch(callback)).status).toBe(200);
    expect(await core.oauth.waitForFlow(started.flow.id)).toMatchObject({ status: 'connected', error: null });
  });

  it('is refused by the server with a wrong verifier, and nothing is stored', async () => {
    const credential = await createLocalCredential(core, server);
    const started = await startConnect(core, credential.id, 'deep-link');
    // Another verifier than the one the challenge was made from, sealed where the flow keeps it.
    const wrong = core.vault.seal({ table: 'oauth_flows', row: started.flow.id, column: 'code_verifier' }, 'x'.repeat(43));
    core.store.db.prepare('UPDATE oauth_flows SET code_verifier = ? WHERE id = ?').run(wrong, started.flow.id);
    deepLinkRouter().start();
    const outcome = await core.oauth.handleCallback(new URL(await server.approve(started.authorizeUrl)).searchParams, { kind: 'deep-link' });

    expect(outcome.ok).toBe(false);
    expect(server.grants).toEqual([{ grantType: 'authorization_code', ok: false, error: 'invalid_grant' }]);
    const flow = core.oauth.flow(started.flow.id);
    expect(flow.status).toBe('failed');
    expect(flow.error?.code).toBe('oauth_token_refused');
    expect(flow.error?.message).toContain('invalid_grant');
    expect(core.credentials.get(credential.id).status).toBe('never_connected');
    expect(sealedTokens(credential.id)).toEqual({ access: null, refresh: null });
  });

  it('leaves neither token in the database file or its WAL', async () => {
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const { accessToken, refreshToken } = plainTokens(credential.id);
    expect(accessToken).toBeTruthy();
    expect(refreshToken).toBeTruthy();
    const files = [core.store.path, `${core.store.path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file));
    expect(files.reduce((size, bytes) => size + bytes.length, 0)).toBeGreaterThan(0);
    for (const bytes of files) {
      for (const token of [accessToken as string, refreshToken as string]) {
        expect(bytes.includes(Buffer.from(token, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(token, 'utf16le'))).toBe(false);
      }
    }
  });
});

describe('refresh against the real server', () => {
  it('rotates the refresh token and stores the new one with the new access token', async () => {
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const before = plainTokens(credential.id);
    const refreshed = await core.oauth.refresh(credential.id, 'cli');
    const after = plainTokens(credential.id);

    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(refreshed).toMatchObject({ status: 'connected', hasRefreshToken: true });
    expect(refreshed.refreshedAt).not.toBeNull();
    // The server agrees: the stored token is the live one (and refreshing again with it works).
    await core.oauth.refresh(credential.id, 'cli');
    expect(server.grants.filter((grant) => grant.grantType === 'refresh_token')).toEqual([
      { grantType: 'refresh_token', ok: true },
      { grantType: 'refresh_token', ok: true },
    ]);
  });

  it('makes one request for two concurrent refreshes, and both callers get its result', async () => {
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const [first, second] = await Promise.all([core.oauth.refresh(credential.id, 'ui'), core.oauth.refresh(credential.id, 'cli')]);
    expect(server.grants.filter((grant) => grant.grantType === 'refresh_token')).toHaveLength(1);
    expect(first).toEqual(second);
    expect(first.status).toBe('connected');
  });

  it('marks the credential "needs re-authorization" with the server’s reason when an old refresh token was replayed, keeping the record', async () => {
    const credential = await createLocalCredential(core, server);
    await connectThroughLoopback(core, server, credential.id);
    const stolen = plainTokens(credential.id).refreshToken as string;
    await core.oauth.refresh(credential.id, 'cli');
    // Someone replays the rotated-out token: the server takes it as theft and revokes the grant.
    const replay = await server.tokenRequest({ grant_type: 'refresh_token', refresh_token: stolen, client_id: 'crewship-desktop' });
    expect(replay.status).toBe(400);
    const kept = sealedTokens(credential.id);

    const refused = await callContract(core, 'credentials.refresh', { credential: credential.id }, 'cli');
    expect(refused).toMatchObject({ ok: false, error: { code: 'credential_needs_reauth' } });
    const marked = core.credentials.get(credential.id);
    expect(marked.status).toBe('needs_reauth');
    expect(marked.reauthReason).toMatch(/^invalid_grant/);
    expect(sealedTokens(credential.id)).toEqual(kept);
    expect(core.audit.recent(5).map((entry) => entry.action)).toContain('credential.needs_reauth');
  });

  it('refreshes by itself before the access token expires, and stops when the core closes', async () => {
    await core.close();
    await server.close();
    server = await startLocalAuthServer({ accessTokenTtl: 3 });
    core = openTestCore(dataDir, { oauth: { refreshInBackground: true } });
    const credential = await createLocalCredential(core, server, { label: 'Short lived' });
    const connected = await connectThroughLoopback(core, server, credential.id);
    expect(connected.status).toBe('connected');
    const expiresAt = Date.parse(core.credentials.get(credential.id).expiresAt ?? '');

    const refreshedAt = await new Promise<number>((resolve) => {
      const unsubscribe = core.bus.subscribe(() => {
        if (core.credentials.get(credential.id).refreshedAt) {
          unsubscribe();
          resolve(Date.now());
        }
      });
    });
    expect(refreshedAt).toBeLessThan(expiresAt);
    expect(server.grants.filter((grant) => grant.grantType === 'refresh_token')).toEqual([{ grantType: 'refresh_token', ok: true }]);
    expect(core.audit.recent(3).find((entry) => entry.action === 'credential.refresh')?.actor).toBe('system');
  });
});
