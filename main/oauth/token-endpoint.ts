import type { TokenSet } from '../credentials/credential.ts';
import type { OAuthProvider } from '../credentials/provider-catalog.ts';
import { AppError } from '../errors/app-error.ts';
import { callProvider, clientAuthentication } from './provider-http.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string | null;
}

/** The server's refusal, in its own words (RFC 6749 §5.2). */
export interface TokenRefusal {
  status: number;
  error: string;
  description: string | null;
}

export type TokenOutcome = { ok: true; tokens: TokenSet } | { ok: false; refusal: TokenRefusal };

/**
 * One grant at the provider's token endpoint: the authorization code exchange or a refresh.
 * A refusal is returned (the caller decides what it means); an answer that is not an OAuth answer
 * at all (not JSON, no access_token, an HTTP error without an OAuth error) is thrown.
 */
export async function requestTokens(
  provider: OAuthProvider,
  client: ClientCredentials,
  grant: Record<string, string>,
  what: string,
  timeoutMs: number,
): Promise<TokenOutcome> {
  const auth = clientAuthentication(provider.clientAuth, client.clientId, client.clientSecret);
  const response = await callProvider(
    provider.name,
    { url: provider.tokenUrl, headers: auth.headers, form: new URLSearchParams({ ...grant, ...auth.form }), what },
    timeoutMs,
  );
  const body = response.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(
      'oauth_token_response_not_json',
      `${provider.name} answered ${what} with something that is not JSON (HTTP ${response.status}${response.contentType ? `, ${response.contentType.split(';')[0]}` : ''}). Nothing was stored.`,
      `Check that the token URL (${provider.tokenUrl}) is ${provider.name}'s token endpoint and not a web page or a proxy's error page.`,
    );
  }
  const fields = body as Record<string, unknown>;
  // Some providers (GitHub, Slack) answer a refusal with HTTP 200 and an "error" field.
  if (typeof fields.error === 'string' && typeof fields.access_token !== 'string') {
    return {
      ok: false,
      refusal: {
        status: response.status,
        error: fields.error.slice(0, 200),
        description: typeof fields.error_description === 'string' ? fields.error_description.slice(0, 500) : null,
      },
    };
  }
  if (response.status < 200 || response.status > 299) {
    throw new AppError(
      'oauth_token_http_error',
      `${provider.name} answered ${what} with HTTP ${response.status} and no OAuth error. Nothing was stored.`,
      `${provider.name} may be having trouble; try again later, or check the token URL (${provider.tokenUrl}).`,
    );
  }
  if (typeof fields.access_token !== 'string' || fields.access_token.length === 0) {
    throw new AppError(
      'oauth_token_response_incomplete',
      `${provider.name} answered ${what} with JSON that has no access_token. Nothing was stored.`,
      `Check that the token URL (${provider.tokenUrl}) is ${provider.name}'s OAuth token endpoint.`,
    );
  }
  return { ok: true, tokens: toTokenSet(fields, fields.access_token) };
}

function toTokenSet(fields: Record<string, unknown>, accessToken: string): TokenSet {
  const expiresIn = Number(fields.expires_in);
  return {
    accessToken,
    refreshToken: typeof fields.refresh_token === 'string' && fields.refresh_token.length > 0 ? fields.refresh_token : null,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
    grantedScopes: typeof fields.scope === 'string' ? parseScopes(fields.scope) : null,
    idTokenIssued: typeof fields.id_token === 'string',
  };
}

/** Providers disagree on the separator (GitHub answers with commas even when asked with spaces). */
export function parseScopes(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

/** RFC 6749 §5.2 in a sentence: the error code and, when given, the server's description. */
export function describeRefusal(refusal: TokenRefusal): string {
  return refusal.description ? `${refusal.error} (${refusal.description})` : refusal.error;
}
