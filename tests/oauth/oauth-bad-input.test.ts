import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { Credential } from '../../main/credentials/credential.ts';
import { DeepLinkRouter } from '../../main/deeplink/index.ts';
import { registerOAuthDeepLinks } from '../../main/oauth/deep-link-callbacks.ts';
import type { OAuthFlow } from '../../main/oauth/flow.ts';
import { callContract, openTestCore } from '../helpers/core.ts';
import { createLocalCredential, nextEvent, startConnect } from '../helpers/oauth.ts';
import { startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * Every bad input of the issue: each ends in a clear error, and nothing is stored — the credential
 * keeps no token and its status, and a flow that was waiting says why it ended.
 */
const tempDir = useTempDirs('crewship-oauth-bad-');

let server: LocalAuthServer;
let core: Core;
let credential: Credential;
let router: DeepLinkRouter;
let log: string[];

async function open(options: { httpTimeoutMs?: number; stateTtlMs?: number } = {}): Promise<void> {
  core = openTestCore(tempDir(), { oauth: { httpTimeoutMs: 2_000, ...options } });
  credential = await createLocalCredential(core, server);
  log = [];
  router = new DeepLinkRouter({ log: (_level, line) => log.push(line) });
  registerOAuthDeepLinks(router, core.oauth, (line) => log.push(line));
  router.start();
}

beforeEach(async () => {
  server = await startLocalAuthServer();
});

afterEach(async () => {
  await core?.close();
  await server.close();
});

/** The credential is exactly as created: no token, never connected. */
function expectNothingStored(): void {
  const row = core.store.db.prepare('SELECT access_token, refresh_token, expires_at, granted_scopes, status FROM credentials WHERE id = ?').get(credential.id);
  expect(row).toEqual({ access_token: null, refresh_token: null, expires_at: null, granted_scopes: null, status: 'never_connected' });
}

/** A callback the real server produced for a deep-link flow, as a URL the test may then alter. */
async function approvedDeepLink(options: { decline?: boolean } = {}): Promise<{ flow: OAuthFlow; link: URL }> {
  const started = await startConnect(core, credential.id, 'deep-link');
  return { flow: started.flow, link: new URL(await server.approve(started.authorizeUrl, options)) };
}

async function deliver(link: URL | string): Promise<void> {
  const outcome = router.dispatch(link.toString(), 'second-instance');
  expect(outcome).toBe('handled');
}

async function failedFlow(flowId: string): Promise<OAuthFlow> {
  const flow = await core.oauth.waitForFlow(flowId);
  expect(flow.status).toBe('failed');
  return flow;
}

describe('callbacks that must be refused', () => {
  it('an unknown state', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    link.searchParams.set('state', 'not-a-state-this-console-made-0123456789abc');
    const outcome = await core.oauth.handleCallback(link.searchParams, { kind: 'deep-link' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'oauth_state_unknown' }, flowId: null });
    expect(outcome.ok || outcome.error.message).toMatch(/does not belong to any connect attempt/);
    expect(core.oauth.flow(flow.id).status).toBe('waiting');
    // Through the deep-link router, the refusal is logged by its code alone.
    await deliver(link);
    await expect.poll(() => log).toEqual(['oauth callback from second-instance not used: oauth_state_unknown']);
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('a reused state: the second use is refused and changes nothing', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    expect(await core.oauth.handleCallback(link.searchParams, { kind: 'deep-link' })).toMatchObject({ ok: true });
    const stored = core.store.db.prepare('SELECT access_token, refresh_token FROM credentials WHERE id = ?').get(credential.id);
    const again = await core.oauth.handleCallback(link.searchParams, { kind: 'deep-link' });
    expect(again).toMatchObject({ ok: false, error: { code: 'oauth_state_used' }, flowId: flow.id });
    expect(core.store.db.prepare('SELECT access_token, refresh_token FROM credentials WHERE id = ?').get(credential.id)).toEqual(stored);
    expect(server.grants).toHaveLength(1);
    expect(core.oauth.flow(flow.id).status).toBe('connected');
  });

  it('two callbacks with the same state at once: exactly one is exchanged', async () => {
    await open();
    const { link } = await approvedDeepLink();
    const outcomes = await Promise.all([1, 2].map(() => core.oauth.handleCallback(new URLSearchParams(link.searchParams), { kind: 'deep-link' })));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ error: { code: 'oauth_state_used' } });
    expect(server.grants).toHaveLength(1);
  });

  it('an expired state, even after the flow’s own timer has ended it', async () => {
    await open({ stateTtlMs: 400 });
    const started = await startConnect(core, credential.id, 'deep-link');
    const link = new URL(await server.approve(started.authorizeUrl));
    const timedOut = await core.oauth.waitForFlow(started.flow.id);
    expect(timedOut.error?.code).toBe('oauth_flow_timed_out');
    const late = await core.oauth.handleCallback(link.searchParams, { kind: 'deep-link' });
    expect(late).toMatchObject({ ok: false, error: { code: 'oauth_state_expired' } });
    expect(late.ok || late.error.message).toMatch(/^The sign-in took longer than the 0.4 seconds it is allowed/);
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('error=access_denied is the operator’s refusal, not a crash', async () => {
    await open();
    const { flow, link } = await approvedDeepLink({ decline: true });
    expect(link.searchParams.get('error')).toBe('access_denied');
    expect(link.searchParams.has('code')).toBe(false);
    await deliver(link);
    const failed = await failedFlow(flow.id);
    expect(failed.error).toMatchObject({ code: 'oauth_access_denied' });
    expect(failed.error?.message).toMatch(/^Access was declined at Local AS/);
    expect(failed.error?.hint).toMatch(/click Connect again and approve/);
    expectNothingStored();
  });

  it('a missing code', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    link.searchParams.delete('code');
    await deliver(link);
    expect((await failedFlow(flow.id)).error).toMatchObject({ code: 'oauth_callback_missing_code' });
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('a deep link that is not ours, or is malformed, is ignored and logged without its query string', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    const code = link.searchParams.get('code') as string;
    const bad = [
      `https://evil.example/oauth/callback?code=${code}&state=x`,
      `crewship://oauth/elsewhere?code=${code}`,
      `crewship://oauth/callback?code=${code}&code=${code}&state=x`,
      `crewship://oauth/callback?code=${code}\n&state=x`,
      `crewship://user:pw@oauth/callback?code=${code}`,
    ];
    for (const raw of bad) expect(router.dispatch(raw, 'second-instance')).toBe('rejected');
    expect(log).toHaveLength(bad.length);
    for (const line of log) {
      expect(line).toMatch(/rejected/);
      expect(line).not.toContain(code);
      expect(line).not.toContain('code=');
    }
    expect(core.oauth.flow(flow.id).status).toBe('waiting');
    expectNothingStored();
  });

  it('an iss that does not match the provider (RFC 9207 mix-up)', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    expect(link.searchParams.get('iss')).toBe(server.issuer);
    link.searchParams.set('iss', 'https://attacker.example');
    await deliver(link);
    const failed = await failedFlow(flow.id);
    expect(failed.error?.code).toBe('oauth_issuer_mismatch');
    expect(failed.error?.message).toContain('https://attacker.example');
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('an answer without iss from an issuer whose metadata says it sends one (RFC 9207)', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    expect(link.searchParams.get('iss')).toBe(server.issuer);
    link.searchParams.delete('iss');
    await deliver(link);
    const failed = await failedFlow(flow.id);
    expect(failed.error?.code).toBe('oauth_issuer_missing');
    expect(failed.error?.message).toContain(server.issuer);
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('a token response that is not JSON', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    server.fault = 'html';
    await deliver(link);
    const failed = await failedFlow(flow.id);
    expect(failed.error?.code).toBe('oauth_token_response_not_json');
    expect(failed.error?.message).toMatch(/Local AS answered the token exchange with something that is not JSON \(HTTP 200, text\/html\)/);
    expectNothingStored();
  });

  it('a token response without access_token', async () => {
    await open();
    const { flow, link } = await approvedDeepLink();
    server.fault = 'no-access-token';
    await deliver(link);
    expect((await failedFlow(flow.id)).error?.code).toBe('oauth_token_response_incomplete');
    expectNothingStored();
  });

  it('a provider that hangs: a timeout that names the provider', async () => {
    await open({ httpTimeoutMs: 300 });
    const { flow, link } = await approvedDeepLink();
    server.fault = 'hang';
    const started = Date.now();
    await deliver(link);
    const failed = await failedFlow(flow.id);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failed.error?.code).toBe('oauth_provider_timeout');
    expect(failed.error?.message).toMatch(/^Local AS did not answer the token exchange within 300 ms/);
    expectNothingStored();
  });

  it('through the loopback listener too: the listener’s own flow ends with the reason, and the tab says it', async () => {
    await open();
    const started = await startConnect(core, credential.id, 'loopback');
    const callback = new URL(await server.approve(started.authorizeUrl, { decline: true }));
    const page = await fetch(callback);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('Access declined');
    expect(html).not.toContain(callback.searchParams.get('state') as string);
    expect((await failedFlow(started.flow.id)).error?.code).toBe('oauth_access_denied');

    // A callback with a state the listener's flow does not have is anyone on this machine: it is
    // refused and the flow waits on for the real one (which a cancel then ends).
    const other = await startConnect(core, credential.id, 'loopback');
    const forged = new URL(other.flow.redirectUri);
    forged.searchParams.set('state', 'forged');
    forged.searchParams.set('code', 'forged');
    const refused = await fetch(forged);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Not this sign-in');
    expect(core.oauth.flow(other.flow.id)).toMatchObject({ status: 'waiting', error: null });
    const ended = nextEvent(core, (event) => event.name === 'oauth.flow' && event.payload.flowId === other.flow.id && event.payload.status === 'failed');
    core.oauth.cancel(other.flow.id, 'ui');
    await ended;
    expect(core.oauth.flow(other.flow.id).error?.code).toBe('oauth_flow_cancelled');
    await expect(fetch(forged)).rejects.toThrow();
    expectNothingStored();
    expect(server.grants).toEqual([]);
  });

  it('a redirect the provider does not accept, before anything starts', async () => {
    core = openTestCore(tempDir());
    const github = await callContract(core, 'credentials.create', { provider: 'google', clientId: 'id.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret-value' }, 'cli');
    expect(github.ok).toBe(true);
    const refused = await callContract(core, 'credentials.connect', { credential: 'Google', redirect: 'deep-link' }, 'cli');
    expect(refused).toMatchObject({ ok: false, error: { code: 'oauth_redirect_unsupported', message: 'Google does not accept the crewship:// redirect.' } });
    expect(core.store.db.prepare('SELECT COUNT(*) FROM oauth_flows').pluck().get()).toBe(0);
  });
});
