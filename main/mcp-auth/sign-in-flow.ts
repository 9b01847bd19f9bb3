import { AppError, type ErrorBody } from '../errors/app-error.ts';
import { startLoopbackListener, type CallbackPage, type LoopbackListener } from '../oauth/loopback-listener.ts';
import { hashState, newState } from '../oauth/pkce.ts';
import { newId, nowIso } from '../store/ids.ts';
import { APP_VERSION } from '../system/app-version.ts';
import { checkResponseIssuer, requireSafeUrl } from './auth-checks.ts';
import type { GrantStore } from './grant-store.ts';
import { RequestLog } from './request-log.ts';
import { SignInProvider } from './sign-in-provider.ts';
import type { McpAuthFlow, McpAuthStepName } from './types.ts';

const STEP_NAMES: readonly McpAuthStepName[] = ['discovery', 'registration', 'consent', 'token'];

export interface SignInTarget {
  serverId: string;
  serverName: string;
  url: string;
  /** Scopes to ask for beyond what the server's answer names: those already granted, those a step-up needs. */
  extraScopes: string[];
  /** The console's Client ID Metadata Document URL, where one is published. */
  clientMetadataUrl: string | undefined;
}

export interface SignInHooks {
  store: GrantStore;
  onChange(flow: McpAuthFlow): void;
  /** The exchange succeeded: the flow's provider holds the tokens, the discovery and the resource. */
  onSignedIn(flow: McpAuthFlow, provider: SignInProvider): void;
}

/**
 * One interactive sign-in to one remote server, from the 401 to the stored grant: the server is
 * asked without a token and its WWW-Authenticate read (resource_metadata, scope); the SDK's
 * `auth()` then discovers, registers and builds the authorization URL (PKCE S256, state,
 * resource); the loopback listener waits for the browser; the answer's `iss` is checked; `auth()`
 * exchanges the code (with the same resource). Every request is checked and recorded.
 */
export class SignInFlow {
  readonly flow: McpAuthFlow;
  private readonly target: SignInTarget;
  private readonly hooks: SignInHooks;
  private readonly log: RequestLog;
  private readonly state = newState();
  private listener: LoopbackListener | null = null;
  private provider: SignInProvider | null = null;
  private resourceMetadataUrl: URL | undefined;
  private scope: string | undefined;
  private ended = false;

  constructor(target: SignInTarget, hooks: SignInHooks) {
    this.target = target;
    this.hooks = hooks;
    this.log = new RequestLog(() => this.changed());
    const origin = new URL(target.url).origin;
    this.flow = {
      id: newId('maf'),
      serverId: target.serverId,
      serverName: target.serverName,
      status: 'waiting',
      steps: STEP_NAMES.map((name) => ({ name, state: 'pending', detail: null })),
      authorizeUrl: null,
      authorizationOrigin: null,
      serverOrigin: origin,
      crossOrigin: false,
      scopes: [],
      requests: this.log.records,
      error: null,
      createdAt: nowIso(),
      finishedAt: null,
    };
  }

  /** Runs discovery and registration and builds the authorization URL; the flow then waits for the browser. */
  async start(): Promise<McpAuthFlow> {
    try {
      requireSafeUrl(this.target.url, 'MCP server URL');
      this.setStep('discovery', 'running', null);
      await this.probe();
      this.listener = await startLoopbackListener(hashState(this.state), (params) => this.answer(params));
      this.provider = new SignInProvider({
        store: this.hooks.store,
        serverName: this.target.serverName,
        redirectUri: this.listener.redirectUri,
        state: this.state,
        scopes: this.scope?.split(' ') ?? [],
        clientMetadataUrl: this.target.clientMetadataUrl,
        log: this.log,
        onStep: (step, detail) => this.stepDone(step, detail),
      });
      const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
      const outcome = await auth(this.provider, { serverUrl: this.target.url, resourceMetadataUrl: this.resourceMetadataUrl, scope: this.scope, fetchFn: this.log.fetch });
      const url = this.provider.authorizationUrl;
      if (outcome !== 'REDIRECT' || !url) throw new AppError('mcp_auth_discovery_failed', `The sign-in to MCP server "${this.target.serverName}" produced no authorization page.`, 'See the auth debugger for the requests made.');
      this.stepDone('registration', this.flow.steps[1]?.detail ?? 'Registered');
      this.flow.authorizeUrl = url.toString();
      this.flow.authorizationOrigin = url.origin;
      this.flow.crossOrigin = url.origin !== this.flow.serverOrigin;
      this.flow.scopes = url.searchParams.get('scope')?.split(' ').filter(Boolean) ?? [];
      this.setStep('consent', 'running', `Waiting for the sign-in at ${url.origin}`);
    } catch (error) {
      this.fail(describeStartFailure(error, this.target.serverName));
    }
    return this.flow;
  }

  /** Ends a flow still waiting for the browser (cancelled, timed out, the console closing). */
  end(error: ErrorBody): void {
    if (this.flow.status === 'waiting') this.fail(error);
    this.listener?.close();
  }

  private async probe(): Promise<void> {
    const { extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const { LATEST_PROTOCOL_VERSION } = await import('@modelcontextprotocol/sdk/types.js');
    const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'crewship-console', version: APP_VERSION } } };
    const response = await this.log.fetch(this.target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(initialize),
    });
    await response.body?.cancel();
    const params = response.status === 401 || response.status === 403 ? extractWWWAuthenticateParams(response) : {};
    if (params.resourceMetadataUrl) requireSafeUrl(params.resourceMetadataUrl.toString(), 'protected resource metadata URL');
    this.resourceMetadataUrl = params.resourceMetadataUrl;
    const scopes = new Set([...(params.scope?.split(' ') ?? []), ...this.target.extraScopes].filter(Boolean));
    this.scope = scopes.size > 0 ? [...scopes].join(' ') : undefined;
  }

  private async answer(params: URLSearchParams): Promise<CallbackPage> {
    const provider = this.provider;
    if (!provider || this.flow.status !== 'waiting') return { ok: false, title: 'Not signed in', message: 'This sign-in has already ended.', hint: 'Return to the console and sign in again.' };
    this.flow.status = 'exchanging';
    try {
      checkResponseIssuer(params.get('iss'), provider.discovery!);
      const code = readCode(params, this.target.serverName);
      this.stepDone('consent', 'Consent given');
      this.setStep('token', 'running', null);
      this.log.step = 'token';
      const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
      await auth(provider, { serverUrl: this.target.url, authorizationCode: code, resourceMetadataUrl: this.resourceMetadataUrl, scope: this.scope, fetchFn: this.log.fetch });
      if (!provider.receivedTokens) throw new AppError('mcp_auth_token_refused', 'The authorization server issued no token.', 'Sign in again.');
      this.stepDone('token', `Signed in${provider.receivedTokens.scope ? ` with scope ${provider.receivedTokens.scope}` : ''}`);
      this.flow.status = 'signed_in';
      this.flow.finishedAt = nowIso();
      this.hooks.onSignedIn(this.flow, provider);
      this.changed();
      return { ok: true, title: 'Signed in', message: `Crewship Console is signed in to "${this.target.serverName}". You can close this tab.` };
    } catch (error) {
      const body = describeExchangeFailure(error, this.target.serverName);
      this.fail(body);
      return { ok: false, title: body.code === 'mcp_auth_access_denied' ? 'Access declined' : 'Not signed in', message: body.message, hint: body.hint };
    }
  }

  private stepDone(step: McpAuthStepName, detail: string): void {
    this.setStep(step, 'done', detail);
  }

  private setStep(name: McpAuthStepName, state: 'running' | 'done' | 'failed', detail: string | null): void {
    const step = this.flow.steps.find((candidate) => candidate.name === name);
    if (step) Object.assign(step, { state, detail: detail ?? step.detail });
    this.changed();
  }

  private fail(error: ErrorBody): void {
    if (this.ended) return;
    this.ended = true;
    const running = this.flow.steps.find((step) => step.state === 'running') ?? this.flow.steps.find((step) => step.state === 'pending');
    if (running) Object.assign(running, { state: 'failed', detail: error.message });
    this.flow.status = 'failed';
    this.flow.error = error;
    this.flow.finishedAt = nowIso();
    this.listener?.close();
    this.changed();
  }

  private changed(): void {
    this.hooks.onChange(this.flow);
  }
}

function readCode(params: URLSearchParams, serverName: string): string {
  const error = params.get('error');
  if (error === 'access_denied') {
    throw new AppError('mcp_auth_access_denied', `Access to MCP server "${serverName}" was declined at the authorization server. Nothing was stored.`, 'If that was not intended, sign in again and approve the access.');
  }
  if (error) {
    const description = params.get('error_description');
    throw new AppError(
      'mcp_auth_token_refused',
      `The authorization server refused the sign-in: ${error.slice(0, 100)}${description ? ` (${description.slice(0, 300)})` : ''}. Nothing was stored.`,
      'Check the scopes and the client registration, then sign in again.',
    );
  }
  const code = params.get('code');
  if (!code) throw new AppError('mcp_auth_token_refused', 'The sign-in answer carries neither a code nor an error. Nothing was stored.', 'Sign in again.');
  return code;
}

/** An AppError as it is; an SDK OAuth error in the server's words (never a token: the SDK's messages quote none). */
function describeExchangeFailure(error: unknown, serverName: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  const oauth = error as { errorCode?: unknown; message?: unknown };
  const reason = typeof oauth.errorCode === 'string' ? `${oauth.errorCode}${typeof oauth.message === 'string' && oauth.message ? ` (${oauth.message.slice(0, 300)})` : ''}` : 'the request failed';
  return {
    code: 'mcp_auth_token_refused',
    message: `The authorization server refused to issue tokens for MCP server "${serverName}": ${reason}. Nothing was stored.`,
    hint: 'Sign in again; the auth debugger shows the token request and the answer.',
  };
}

/** Discovery and registration fail in the SDK's words (URLs and HTTP statuses, never a secret). */
function describeStartFailure(error: unknown, serverName: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  const message = error instanceof Error ? error.message.slice(0, 400) : String(error).slice(0, 400);
  if (typeof (error as { errorCode?: unknown }).errorCode === 'string') {
    return {
      code: 'mcp_auth_registration_failed',
      message: `The authorization server refused to register Crewship Console for MCP server "${serverName}": ${(error as { errorCode: string }).errorCode} (${message}).`,
      hint: 'Enter a client registered by hand (a pre-registered client) for this server, or ask the server’s operator to allow dynamic client registration.',
    };
  }
  return {
    code: 'mcp_auth_discovery_failed',
    message: `The sign-in to MCP server "${serverName}" could not find how to authorize: ${message}`,
    hint: 'Check the server URL; the auth debugger lists every URL tried and its answer.',
  };
}
