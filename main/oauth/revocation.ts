import type { OAuthProvider } from '../credentials/provider-catalog.ts';
import { AppError } from '../errors/app-error.ts';
import { callProvider, clientAuthentication } from './provider-http.ts';
import type { ClientCredentials } from './token-endpoint.ts';

export interface RevocationOutcome {
  revoked: boolean;
  detail: string;
}

/**
 * RFC 7009 at the provider, where it has an endpoint: the refresh token when there is one (that
 * ends the whole grant at most servers), else the access token. A provider without an endpoint,
 * or one that cannot be reached, is reported, not thrown: disconnecting still forgets the tokens.
 */
export async function revokeAtProvider(
  provider: OAuthProvider,
  client: ClientCredentials,
  token: { value: string; hint: 'refresh_token' | 'access_token' },
  timeoutMs: number,
): Promise<RevocationOutcome> {
  if (!provider.revocationUrl) {
    return { revoked: false, detail: `${provider.name} has no revocation endpoint; the tokens were forgotten here only. Remove the app's access in ${provider.name}'s settings to end the grant there.` };
  }
  const auth = clientAuthentication(provider.clientAuth, client.clientId, client.clientSecret);
  try {
    const response = await callProvider(
      provider.name,
      { url: provider.revocationUrl, headers: auth.headers, form: new URLSearchParams({ token: token.value, token_type_hint: token.hint, ...auth.form }), what: 'the revocation' },
      timeoutMs,
    );
    // RFC 7009 §2.2: 200 whether or not the token was still valid.
    if (response.status === 200) return { revoked: true, detail: `${provider.name} revoked the ${token.hint === 'refresh_token' ? 'grant' : 'access token'}.` };
    return { revoked: false, detail: `${provider.name} answered the revocation with HTTP ${response.status}; the tokens were forgotten here anyway.` };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { revoked: false, detail: `${error.message} The tokens were forgotten here anyway.` };
  }
}
