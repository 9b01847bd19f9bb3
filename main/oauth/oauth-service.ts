import type { DomainContext } from '../store/domain-context.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { ConnectionTestResult, Credential, DisconnectResult } from '../credentials/credential.ts';
import { missingScopes, type CredentialsService } from '../credentials/credentials-service.ts';
import type { OAuthProvider, RedirectKind } from '../credentials/provider-catalog.ts';
import { AppError, toErrorBody, type ErrorBody } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { failSafe } from '../errors/fail-safe.ts';
import type { Vault } from '../vault/vault.ts';
import { testConnection } from './connection-test.ts';
import type { OAuthFlow, StartedFlow } from './flow.ts';
import { FlowStore, type CallbackDoor, type ClaimedFlow } from './flow-store.ts';
import { requireAdvertisedIss } from './issuer-metadata.ts';
import { startLoopbackListener, type CallbackPage, type LoopbackListener } from './loopback-listener.ts';
import { codeChallengeS256, hashState, newCodeVerifier, newState } from './pkce.ts';
import { RefreshScheduler } from './refresh-scheduler.ts';
import { Refresher } from './refresher.ts';
import { revokeAtProvider } from './revocation.ts';
import { describeRefusal, requestTokens } from './token-endpoint.ts';

const DEEP_LINK_REDIRECT_URI = 'crewship://oauth/callback';

export interface OAuthOptions {
  /** Opens the system browser (the desktop app passes shell.openExternal). Absent: the caller opens the URL. */
  openExternal?: (url: string) => Promise<void>;
  /** Every request to a provider; a provider that hangs fails with its name after this long. */
  httpTimeoutMs?: number;
  /** How long a Connect waits for its callback; the state expires with it. */
  stateTtlMs?: number;
  /** Refresh tokens before they expire. On in the app and `crewship serve`; off in one-shot CLI commands. */
  refreshInBackground?: boolean;
}

/** What the one callback handler made of a callback, whichever door it came through. */
export type CallbackOutcome = { ok: true; flow: OAuthFlow } | { ok: false; error: ErrorBody; flowId: string | null };

const DEFAULT_HTTP_TIMEOUT_MS = 15_000;
const DEFAULT_STATE_TTL_MS = 10 * 60 * 1000;
const CROSS_PROCESS_POLL_MS = 1_000;

/**
 * OAuth 2.0 authorization code + PKCE for the credentials table: Connect, the one callback handler
 * that the crewship:// deep link and the loopback listener both end in, refresh, test, disconnect.
 */
export class OAuthService {
  private readonly ctx: DomainContext;
  private readonly credentials: CredentialsService;
  private readonly flows: FlowStore;
  private readonly refresher: Refresher;
  private readonly scheduler: RefreshScheduler;
  private readonly options: OAuthOptions;
  private readonly timeoutMs: number;
  /** Per waiting flow started here: its expiry timer and, for loopback flows, its listener. */
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; listener: LoopbackListener | null }>();
  private closed = false;

  constructor(ctx: DomainContext, vault: Vault, credentials: CredentialsService, options: OAuthOptions = {}) {
    this.ctx = ctx;
    this.credentials = credentials;
    this.options = options;
    this.timeoutMs = options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    this.flows = new FlowStore(ctx, vault, options.stateTtlMs ?? DEFAULT_STATE_TTL_MS);
    this.refresher = new Refresher(credentials, this.timeoutMs);
    this.scheduler = new RefreshScheduler({
      list: () => credentials.list(),
      get: (id) => credentials.find(id),
      refresh: (id) => this.refresher.refresh(id, 'system'),
      onChange: (listener) =>
        ctx.bus.subscribe((event) => {
          if (event.name === 'credentials.changed') listener(event.payload.credentialId);
        }),
      logInternalError: ctx.logInternalError,
    });
    if (options.refreshInBackground) this.scheduler.start();
  }

  // ------------------------------------------------------------------ connect

  async connect(input: { credential: string; redirect?: RedirectKind | undefined }, actor: Actor): Promise<StartedFlow> {
    this.refuseWhenClosed();
    const credential = this.credentials.get(input.credential);
    const provider = this.credentials.provider(credential);
    const redirectKind = chooseRedirect(provider, input.redirect);
    const verifier = newCodeVerifier();
    const state = newState();
    const stored = storedFlowId();
    const listener = redirectKind === 'loopback' ? await startLoopbackListener(hashState(state), (params) => this.answerLoopback(params, stored.flowId)) : null;
    try {
      this.supersedeWaitingFlows(credential.id);
      const flow = this.flows.create({
        credentialId: credential.id,
        state,
        verifier,
        redirectKind,
        redirectUri: listener?.redirectUri ?? DEEP_LINK_REDIRECT_URI,
        scopes: credential.requestedScopes,
        actor,
      });
      stored.settle(flow.id);
      this.watch(flow, listener);
      this.ctx.audit.append(actor, 'credential.connect_started', credential.id, { flowId: flow.id, redirect: redirectKind });
      this.publishFlow(flow);
      const authorizeUrl = buildAuthorizeUrl(provider, credential, flow.redirectUri, state, verifier);
      return { flow, authorizeUrl, openedBrowser: await this.openBrowser(authorizeUrl) };
    } catch (error) {
      stored.settle(null);
      listener?.close();
      throw error;
    }
  }

  flow(id: string): OAuthFlow {
    return this.flows.get(id);
  }

  cancel(flowId: string, actor: Actor): OAuthFlow {
    const flow = this.flows.get(flowId);
    const ended = this.endWaiting(flowId, {
      code: 'oauth_flow_cancelled',
      message: 'The connect attempt was cancelled.',
      hint: 'Click Connect to start again.',
    });
    if (ended) this.ctx.audit.append(actor, 'credential.connect_cancelled', flow.credentialId, { flowId });
    return this.flows.get(flowId);
  }

  /**
   * Resolves with the flow once it has connected or failed: from this process's events, and, for a
   * flow that another process (the desktop app receiving the crewship:// link) completes, from the
   * database.
   */
  waitForFlow(flowId: string): Promise<OAuthFlow> {
    return new Promise((resolve) => {
      const check = () => {
        const flow = this.flows.get(flowId);
        if (flow.status !== 'connected' && flow.status !== 'failed') return;
        unsubscribe();
        clearInterval(poll);
        resolve(flow);
      };
      const unsubscribe = this.ctx.bus.subscribe((event) => {
        if (event.name === 'oauth.flow' && event.payload.flowId === flowId) check();
      });
      const poll = setInterval(failSafe('oauth flow poll', this.ctx.logInternalError, check), CROSS_PROCESS_POLL_MS);
      poll.unref();
      check();
    });
  }

  // ------------------------------------------------------------------ the one callback handler

  /**
   * Every OAuth callback ends here, from the crewship:// deep link or the loopback listener:
   * the state is claimed (once), the issuer checked (RFC 9207), the provider's refusal or a
   * missing code turned into a plain error, and the code exchanged with the verifier. On any
   * failure nothing is stored and the flow says why.
   */
  async handleCallback(params: URLSearchParams, door: CallbackDoor): Promise<CallbackOutcome> {
    const state = params.get('state');
    if (!state) return this.refuse(door, callbackError('oauth_callback_missing_state', 'The sign-in answer carries no state, so it cannot be matched to a connect attempt. Nothing was stored.'));
    const claim = this.flows.claim(state, door);
    if (!claim.ok) {
      if (claim.flowId) this.publishFlow(this.flows.get(claim.flowId));
      return this.refuse(door, claim.error, claim.flowId);
    }
    const flow = claim.flow;
    this.stopWatching(flow.id);
    try {
      const credential = this.credentials.get(flow.credentialId);
      const provider = this.credentials.provider(credential);
      await requireAdvertisedIss(params.get('iss'), provider, this.timeoutMs);
      checkIssuer(params.get('iss'), provider);
      const code = readCode(params, provider);
      this.publishFlow(this.flows.get(flow.id));
      return { ok: true, flow: await this.exchange(flow, credential, provider, code) };
    } catch (error) {
      const body = toErrorBody(error);
      this.flows.fail(flow.id, body);
      this.ctx.audit.append(flow.actor, 'credential.connect_failed', flow.credentialId, { flowId: flow.id, code: body.code });
      this.publishFlow(this.flows.get(flow.id));
      return { ok: false, error: body, flowId: flow.id };
    }
  }

  private async exchange(flow: ClaimedFlow, credential: Credential, provider: OAuthProvider, code: string): Promise<OAuthFlow> {
    const clientSecret = this.credentials.clientSecret(credential.id);
    const outcome = await requestTokens(
      provider,
      { clientId: credential.clientId, clientSecret },
      { grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, ...(provider.pkce ? { code_verifier: flow.verifier } : {}) },
      'the token exchange',
      this.timeoutMs,
    );
    if (!outcome.ok) {
      throw new AppError(
        'oauth_token_refused',
        `${provider.name} refused to exchange the authorization code: ${describeRefusal(outcome.refusal)}. Nothing was stored.`,
        outcome.refusal.error === 'invalid_client' || outcome.refusal.error === 'incorrect_client_credentials'
          ? `Check the client ID and secret against your ${provider.name} OAuth app.`
          : 'Click Connect again; if it repeats, check the client ID and the redirect URIs registered with the provider.',
      );
    }
    this.credentials.storeTokens(credential.id, outcome.tokens, 'connect', flow.actor);
    const bound = this.credentials.autoBind(credential.id, flow.actor);
    const stored = this.credentials.get(credential.id);
    const granted = stored.grantedScopes ?? [];
    const finished = this.flows.finish(flow.id, { grantedScopes: granted, missingScopes: missingScopes(flow.requestedScopes, granted, stored.hasRefreshToken), bound });
    this.publishFlow(finished);
    return finished;
  }

  private async answerLoopback(params: URLSearchParams, storedFlowId: Promise<string | null>): Promise<CallbackPage> {
    const flowId = await storedFlowId;
    if (flowId === null) return { ok: false, title: 'Not connected', message: 'The connect attempt could not start.', hint: 'Return to the console and click Connect again.' };
    const outcome = await this.handleCallback(params, { kind: 'loopback', flowId });
    if (outcome.ok) {
      const credential = this.credentials.get(outcome.flow.credentialId);
      const missing = outcome.flow.missingScopes;
      return {
        ok: true,
        title: 'Connected',
        message: `"${credential.label}" is connected to ${credential.providerName}. You can close this tab and return to Crewship Console.`,
        ...(missing.length > 0 ? { hint: `Not granted: ${missing.join(', ')}.` } : {}),
      };
    }
    return { ok: false, title: outcome.error.code === 'oauth_access_denied' ? 'Access declined' : 'Not connected', message: outcome.error.message, hint: outcome.error.hint };
  }

  /** A callback that could not be matched: a loopback listener's own flow ends with the reason. */
  private refuse(door: CallbackDoor, error: AppError, flowId: string | null = null): CallbackOutcome {
    if (door.kind === 'loopback') {
      this.endWaiting(door.flowId, error.toBody());
      return { ok: false, error: error.toBody(), flowId: door.flowId };
    }
    return { ok: false, error: error.toBody(), flowId };
  }

  // ------------------------------------------------------------------ refresh, test, disconnect

  refresh(ref: string, actor: Actor): Promise<Credential> {
    this.refuseWhenClosed();
    return this.refresher.refresh(ref, actor);
  }

  async test(ref: string, actor: Actor): Promise<ConnectionTestResult> {
    const credential = this.credentials.get(ref);
    const result = await testConnection(credential, this.credentials.provider(credential), this.credentials.secrets(credential.id), this.timeoutMs);
    this.credentials.recordTest(credential.id, result, actor);
    return result;
  }

  async disconnect(ref: string, actor: Actor): Promise<DisconnectResult> {
    const credential = this.credentials.get(ref);
    const provider = this.credentials.provider(credential);
    const secrets = this.credentials.secrets(credential.id);
    const token = secrets.refreshToken
      ? { value: secrets.refreshToken, hint: 'refresh_token' as const }
      : secrets.accessToken
        ? { value: secrets.accessToken, hint: 'access_token' as const }
        : null;
    const outcome = token
      ? await revokeAtProvider(provider, { clientId: credential.clientId, clientSecret: secrets.clientSecret }, token, this.timeoutMs)
      : { revoked: false, detail: 'It held no tokens; nothing to revoke.' };
    this.credentials.clearTokens(credential.id, actor, { revokedAtProvider: outcome.revoked });
    return { credential: this.credentials.get(credential.id), revokedAtProvider: outcome.revoked, detail: outcome.detail };
  }

  /** Stops timers and listeners, and waits for refreshes under way to store what they received. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    for (const [flowId, entry] of [...this.waiting]) {
      // A loopback flow dies with its listener. A crewship:// flow lives on in the database: the
      // link may yet start the app again (a cold start) and finish it there.
      if (entry.listener) {
        this.endWaiting(flowId, { code: 'oauth_flow_abandoned', message: 'The console closed before the sign-in finished.', hint: 'Click Connect again.' });
      } else {
        this.stopWatching(flowId);
      }
    }
    await this.refresher.idle();
  }

  // ------------------------------------------------------------------ internals

  private watch(flow: OAuthFlow, listener: LoopbackListener | null): void {
    const expire = () => {
      const error: ErrorBody = { code: 'oauth_flow_timed_out', message: 'No answer came back from the browser in time; the sign-in state has expired.', hint: 'Click Connect again and finish the sign-in in the browser tab that opens.' };
      this.endWaiting(flow.id, error);
    };
    const timer = setTimeout(failSafe('oauth flow expiry', this.ctx.logInternalError, expire), Date.parse(flow.expiresAt) - Date.now());
    timer.unref();
    this.waiting.set(flow.id, { timer, listener });
  }

  private stopWatching(flowId: string): void {
    const entry = this.waiting.get(flowId);
    if (!entry) return;
    clearTimeout(entry.timer);
    // The loopback listener closes by itself once it has answered the browser.
    this.waiting.delete(flowId);
  }

  /** Ends a flow that is still waiting: its timer, its listener, its row, and the event that says so. */
  private endWaiting(flowId: string, error: ErrorBody): boolean {
    const entry = this.waiting.get(flowId);
    if (entry) {
      clearTimeout(entry.timer);
      entry.listener?.close();
      this.waiting.delete(flowId);
    }
    const ended = this.flows.failIfWaiting(flowId, error);
    if (ended) this.publishFlow(this.flows.get(flowId));
    return ended;
  }

  private supersedeWaitingFlows(credentialId: string): void {
    for (const [flowId] of this.waiting) {
      if (this.flows.get(flowId).credentialId !== credentialId) continue;
      this.endWaiting(flowId, { code: 'oauth_flow_superseded', message: 'A newer Connect for this credential replaced this one.', hint: 'Finish the sign-in in the newest browser tab.' });
    }
  }

  private async openBrowser(url: string): Promise<boolean> {
    if (!this.options.openExternal) return false;
    try {
      await this.options.openExternal(url);
      return true;
    } catch {
      return false;
    }
  }

  private publishFlow(flow: OAuthFlow): void {
    this.ctx.bus.publish('oauth.flow', { flowId: flow.id, credentialId: flow.credentialId, status: flow.status, error: flow.error });
  }

  private refuseWhenClosed(): void {
    if (this.closed) throw new AppError('core_closed', 'The console is shutting down.', 'Start it again and retry.');
  }
}

/**
 * The id of the flow a loopback listener answers for, once the flow is stored (null if it could not
 * be). The listener starts first, since its port is part of the redirect URI the flow stores; a
 * callback that reached it sooner waits for the flow, then is handled like any other (it cannot hold
 * the flow's state, which only the authorize URL built afterwards carries, so it ends the flow).
 */
function storedFlowId(): { flowId: Promise<string | null>; settle: (flowId: string | null) => void } {
  let settle: (flowId: string | null) => void = () => {};
  const flowId = new Promise<string | null>((resolve) => (settle = resolve));
  return { flowId, settle };
}

function chooseRedirect(provider: OAuthProvider, requested: RedirectKind | undefined): RedirectKind {
  if (requested === undefined) return provider.redirectKinds.includes('loopback') ? 'loopback' : 'deep-link';
  if (provider.redirectKinds.includes(requested)) return requested;
  const names: Record<RedirectKind, string> = { loopback: 'a 127.0.0.1 loopback redirect', 'deep-link': 'the crewship:// redirect' };
  throw new AppError(
    'oauth_redirect_unsupported',
    `${provider.name} does not accept ${names[requested]}.`,
    `Use ${provider.redirectKinds.map((kind) => names[kind]).join(' or ')} instead.`,
  );
}

function buildAuthorizeUrl(provider: OAuthProvider, credential: Credential, redirectUri: string, state: string, verifier: string): string {
  const url = new URL(provider.authorizeUrl);
  const params: Record<string, string> = {
    // OpenID Connect §11: offline_access is granted only with prompt=consent.
    ...(credential.requestedScopes.includes('offline_access') ? { prompt: 'consent' } : {}),
    ...provider.authorizeParams,
    response_type: 'code',
    client_id: credential.clientId,
    redirect_uri: redirectUri,
    state,
    ...(credential.requestedScopes.length > 0 ? { scope: credential.requestedScopes.join(provider.scopeSeparator) } : {}),
    ...(provider.pkce ? { code_challenge: codeChallengeS256(verifier), code_challenge_method: 'S256' } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * RFC 9207: an `iss` in the answer must name the server the flow was sent to — the provider's
 * issuer where it is known, else the origin of its authorization endpoint. A mismatch is a mix-up.
 */
function checkIssuer(iss: string | null, provider: OAuthProvider): void {
  if (iss === null) return;
  const expected = provider.issuer ?? new URL(provider.authorizeUrl).origin;
  const matches = provider.issuer ? iss === provider.issuer : URL.parse(iss)?.origin === expected;
  if (matches) return;
  throw new AppError(
    'oauth_issuer_mismatch',
    `The sign-in answer says it comes from "${iss.slice(0, 200)}", but this connect attempt went to ${provider.name} (${expected}). Nothing was stored.`,
    'Another authorization server answered (a mix-up, RFC 9207). Click Connect again; if it repeats, check the provider’s URLs and issuer.',
  );
}

function readCode(params: URLSearchParams, provider: OAuthProvider): string {
  const error = params.get('error');
  if (error === 'access_denied') {
    throw new AppError(
      'oauth_access_denied',
      `Access was declined at ${provider.name}: the sign-in was refused or cancelled there. Nothing was stored.`,
      'If that was not intended, click Connect again and approve the access.',
    );
  }
  if (error) {
    const description = params.get('error_description');
    throw new AppError(
      'oauth_authorization_refused',
      `${provider.name} refused the authorization: ${error.slice(0, 100)}${description ? ` (${description.slice(0, 300)})` : ''}. Nothing was stored.`,
      'Check the client ID, the scopes and the redirect URIs registered with the provider, then click Connect again.',
    );
  }
  const code = params.get('code');
  if (!code) throw callbackError('oauth_callback_missing_code', `The answer from ${provider.name} carries neither a code nor an error. Nothing was stored.`);
  return code;
}

function callbackError(code: ErrorCode, message: string): AppError {
  return new AppError(code, message, 'Click Connect again and finish the sign-in in the browser tab that opens.');
}
