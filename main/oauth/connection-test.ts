import { randomBytes } from 'node:crypto';
import type { ConnectionCheck, ConnectionProblem, ConnectionTestResult, Credential } from '../credentials/credential.ts';
import { missingScopes, type CredentialSecrets } from '../credentials/credentials-service.ts';
import type { OAuthProvider, TokenCheck } from '../credentials/provider-catalog.ts';
import { AppError } from '../errors/app-error.ts';
import { newCodeVerifier } from './pkce.ts';
import { callProvider, clientAuthentication, type ProviderResponse } from './provider-http.ts';
import { parseScopes } from './token-endpoint.ts';

type CheckOutcome = { ok: true; detail: string; scopes?: string[] } | { ok: false; problem: ConnectionProblem; message: string; hint: string; detail: string };

/** Errors by which a token endpoint says it does not know the client or its secret (RFC 6749 §5.2; GitHub; Slack). */
const clientRejections = new Set(['invalid_client', 'incorrect_client_credentials', 'invalid_client_id', 'bad_client_secret']);
/** Slack-style `{ ok: false, error }` answers that mean the token itself is dead. */
const deadTokenErrors = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'not_authed', 'account_inactive', 'invalid_token']);

/**
 * Test connection: asks the provider, without changing anything, whether the credential still
 * works, and says exactly what is wrong when it does not — never connected, refused refresh,
 * invalid client (a rotated secret), expired, revoked, missing scope, or provider unreachable.
 * The client is checked with a deliberately invalid authorization code: the token endpoint
 * authenticates the client before it looks at the code, so `invalid_client` means the client
 * is wrong and any other refusal means it is fine.
 */
export async function testConnection(
  credential: Credential,
  provider: OAuthProvider,
  secrets: CredentialSecrets,
  timeoutMs: number,
): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  const failures: Array<Extract<CheckOutcome, { ok: false }>> = [];
  const record = (name: ConnectionCheck['name'], outcome: CheckOutcome | null, skipped = 'not run') => {
    checks.push({ name, ok: outcome ? outcome.ok : null, detail: outcome ? outcome.detail : skipped });
    if (outcome && !outcome.ok) failures.push(outcome);
  };

  const tokens = checkTokens(credential, provider, secrets);
  record('tokens', tokens);
  const client = await guard(provider, () => checkClient(credential, provider, secrets, timeoutMs));
  record('client', client);
  const hasToken = secrets.accessToken !== null;
  const reachable = client.ok || client.problem !== 'unreachable';
  record('expiry', hasToken ? checkExpiry(credential) : null, 'no access token');
  let grantedScopes = credential.grantedScopes;
  if (hasToken && reachable && provider.check) {
    const token = await guard(provider, () => checkToken(provider.check as TokenCheck, credential, provider, secrets, timeoutMs));
    if (token.ok && token.scopes) grantedScopes = token.scopes;
    record('token', token);
  } else {
    record('token', null, !provider.check ? `${provider.name} has no endpoint to check a token with` : !hasToken ? 'no access token' : `${provider.name} is unreachable`);
  }
  record('scopes', hasToken && grantedScopes ? checkScopes(credential.requestedScopes, grantedScopes, credential.hasRefreshToken) : null, 'no granted scopes known');

  const at = new Date().toISOString();
  const first = failures[0];
  if (first) return { at, ok: false, problem: first.problem, message: first.message, hint: first.hint, checks };
  return {
    at,
    ok: true,
    problem: null,
    message: provider.check
      ? `${provider.name} accepts the client and the access token of "${credential.label}".`
      : `${provider.name} accepts the client of "${credential.label}" and its access token has not expired.`,
    hint: provider.check ? 'Nothing to do.' : `${provider.name} offers no endpoint to check a token with, so the token itself was not tried.`,
    checks,
  };
}

function checkTokens(credential: Credential, provider: OAuthProvider, secrets: CredentialSecrets): CheckOutcome {
  if (credential.status === 'needs_reauth') {
    return {
      ok: false,
      problem: 'needs_reauth',
      message: `${provider.name} refused the last refresh of "${credential.label}": ${credential.reauthReason ?? 'no reason given'}.`,
      hint: 'Connect it again to get new tokens.',
      detail: `refresh refused: ${credential.reauthReason ?? 'no reason given'}`,
    };
  }
  if (secrets.accessToken === null) {
    const never = credential.status !== 'disconnected';
    return {
      ok: false,
      problem: 'never_connected',
      message: never ? `"${credential.label}" has never been connected.` : `"${credential.label}" was disconnected; it holds no tokens.`,
      hint: 'Connect it (Connect on the Credentials page, or `crewship credential connect`).',
      detail: 'no access token held',
    };
  }
  return { ok: true, detail: secrets.refreshToken ? 'access and refresh token held' : 'access token held (no refresh token)' };
}

async function checkClient(credential: Credential, provider: OAuthProvider, secrets: CredentialSecrets, timeoutMs: number): Promise<CheckOutcome> {
  const auth = clientAuthentication(provider.clientAuth, credential.clientId, secrets.clientSecret);
  const response = await callProvider(
    provider.name,
    {
      url: provider.tokenUrl,
      headers: auth.headers,
      form: new URLSearchParams({
        grant_type: 'authorization_code',
        code: `crewship-connection-test-${randomBytes(8).toString('hex')}`,
        redirect_uri: 'http://127.0.0.1/callback',
        code_verifier: newCodeVerifier(),
        ...auth.form,
      }),
      what: 'the client check',
    },
    timeoutMs,
  );
  const error = errorField(response);
  if (response.status === 401 || (error !== null && clientRejections.has(error))) {
    return {
      ok: false,
      problem: 'invalid_client',
      message: `${provider.name} does not accept the client "${credential.clientId}"${error ? ` (${error})` : ''}: its secret was probably rotated, or the OAuth app was deleted.`,
      hint: `Check the client ID and secret in your ${provider.name} OAuth app, then enter the current secret (\`crewship credential update "${credential.label}" --client-secret …\`).`,
      detail: `token endpoint refused the client (HTTP ${response.status}${error ? `, ${error}` : ''})`,
    };
  }
  if (error !== null) return { ok: true, detail: `token endpoint accepted the client (it refused only the test code: ${error})` };
  return unreachableAnswer(provider, response, 'token endpoint');
}

function checkExpiry(credential: Credential): CheckOutcome {
  if (!credential.expiresAt) return { ok: true, detail: 'the provider gave no expiry' };
  if (Date.parse(credential.expiresAt) > Date.now()) return { ok: true, detail: `valid until ${credential.expiresAt}` };
  return {
    ok: false,
    problem: 'expired',
    message: `The access token of "${credential.label}" expired at ${credential.expiresAt}.`,
    hint: credential.hasRefreshToken
      ? 'Refresh it (Refresh, or `crewship credential refresh`); while the app or `crewship serve` runs it is refreshed before it expires.'
      : 'It has no refresh token: connect it again.',
    detail: `expired at ${credential.expiresAt}`,
  };
}

async function checkToken(check: TokenCheck, credential: Credential, provider: OAuthProvider, secrets: CredentialSecrets, timeoutMs: number): Promise<CheckOutcome> {
  const token = secrets.accessToken as string;
  const what = 'the token check';
  if (check.kind === 'introspection') {
    const auth = clientAuthentication(provider.clientAuth, credential.clientId, secrets.clientSecret);
    const response = await callProvider(
      provider.name,
      { url: check.url, headers: auth.headers, form: new URLSearchParams({ token, token_type_hint: 'access_token', ...auth.form }), what },
      timeoutMs,
    );
    const body = objectBody(response);
    if (response.status >= 200 && response.status < 300 && body && typeof body.active === 'boolean') {
      if (!body.active) return deadToken(credential, provider, 'introspection says the token is not active');
      return { ok: true, detail: 'introspection says the token is active', ...(typeof body.scope === 'string' ? { scopes: parseScopes(body.scope) } : {}) };
    }
    return unreachableAnswer(provider, response, 'introspection endpoint');
  }
  const response =
    check.kind === 'bearer'
      ? await callProvider(provider.name, { url: check.url, headers: { authorization: `Bearer ${token}`, ...check.headers }, what }, timeoutMs)
      : await callProvider(provider.name, { url: check.url, form: new URLSearchParams({ [check.param]: token }), what }, timeoutMs);
  const body = objectBody(response);
  if (response.status >= 200 && response.status < 300) {
    if (check.kind === 'bearer' && check.okField && body?.[check.okField] !== true) {
      const error = typeof body?.error === 'string' ? body.error : 'not ok';
      if (error === 'missing_scope') return missingScopeAnswer(provider, `${hostOf(check.url)} answered missing_scope`);
      if (deadTokenErrors.has(error)) return deadToken(credential, provider, `${hostOf(check.url)} answered ${error}`);
      return unreachableAnswer(provider, response, `${hostOf(check.url)} (${error})`);
    }
    return { ok: true, detail: `${hostOf(check.url)} accepted the token`, ...(typeof body?.scope === 'string' ? { scopes: parseScopes(body.scope) } : {}) };
  }
  if (response.status === 403 || /insufficient_scope/.test(response.headers.get('www-authenticate') ?? '')) {
    return missingScopeAnswer(provider, `${hostOf(check.url)} answered HTTP ${response.status} (insufficient scope)`);
  }
  if (response.status === 401 || response.status === 400) return deadToken(credential, provider, `${hostOf(check.url)} answered HTTP ${response.status}`);
  return unreachableAnswer(provider, response, hostOf(check.url));
}

function checkScopes(requested: readonly string[], granted: readonly string[], hasRefreshToken: boolean): CheckOutcome {
  const missing = missingScopes(requested, granted, hasRefreshToken);
  if (missing.length === 0) return { ok: true, detail: `granted: ${granted.join(' ') || '(none asked)'}` };
  return {
    ok: false,
    problem: 'insufficient_scope',
    message: `The token lacks scope${missing.length === 1 ? '' : 's'} this credential asks for: ${missing.join(', ')}.`,
    hint: 'Connect again and approve every requested scope; if the provider will not grant one, your OAuth app may not be allowed to ask for it.',
    detail: `missing: ${missing.join(' ')}`,
  };
}

function deadToken(credential: Credential, provider: OAuthProvider, detail: string): CheckOutcome {
  if (credential.expiresAt && Date.parse(credential.expiresAt) <= Date.now()) return checkExpiry(credential);
  return {
    ok: false,
    problem: 'revoked',
    message: `${provider.name} no longer accepts the access token of "${credential.label}": it was revoked, or its grant was withdrawn.`,
    hint: 'Connect it again. If this repeats, check whether someone removed the app’s access in the provider’s settings.',
    detail,
  };
}

function missingScopeAnswer(provider: OAuthProvider, detail: string): CheckOutcome {
  return {
    ok: false,
    problem: 'insufficient_scope',
    message: `${provider.name} refused the token for lack of scope.`,
    hint: 'Add the scope the provider needs to this credential’s scopes, then connect again and approve it.',
    detail,
  };
}

function unreachableAnswer(provider: OAuthProvider, response: ProviderResponse, where: string): CheckOutcome {
  return {
    ok: false,
    problem: 'unreachable',
    message: `${provider.name}'s ${where} did not give an OAuth answer (HTTP ${response.status}).`,
    hint: `${provider.name} may be having trouble, or the URL is not its endpoint; try again later, or check the provider's endpoints.`,
    detail: `${where} answered HTTP ${response.status}`,
  };
}

/** A provider that times out or cannot be reached is a finding of the test, not a failure of it. */
async function guard(provider: OAuthProvider, run: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, problem: 'unreachable', message: error.message, hint: error.hint, detail: `${provider.name}: ${error.code}` };
  }
}

function objectBody(response: ProviderResponse): Record<string, unknown> | null {
  const body = response.json;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

function errorField(response: ProviderResponse): string | null {
  const error = objectBody(response)?.error;
  return typeof error === 'string' ? error : null;
}

function hostOf(url: string): string {
  return URL.parse(url)?.host ?? url;
}
