import { AppError } from '../errors/app-error.ts';
import { endpointUrl, type OAuthProvider } from '../credentials/provider-catalog.ts';
import { callProvider } from './provider-http.ts';

/**
 * RFC 9207 §2.4: where the issuer's metadata advertises `authorization_response_iss_parameter_supported`,
 * an authorization response without `iss` is refused. The metadata is read only for such an answer,
 * and only where the provider's issuer is known.
 */
export async function requireAdvertisedIss(iss: string | null, provider: OAuthProvider, timeoutMs: number): Promise<void> {
  if (iss !== null || !provider.issuer) return;
  if (!(await advertisesIss(provider, provider.issuer, timeoutMs))) return;
  throw new AppError(
    'oauth_issuer_missing',
    `The sign-in answer carries no issuer (iss), but ${provider.name} (${provider.issuer}) says in its metadata that its answers always do. Nothing was stored.`,
    'Another authorization server may have answered in its place (a mix-up, RFC 9207). Click Connect again; if it repeats, check the provider’s URLs and issuer.',
  );
}

/**
 * From the authorization server metadata (RFC 8414), else the OpenID Connect discovery document;
 * a document counts only when it names the same issuer (RFC 8414 §3.3). Metadata that cannot be
 * read (no such document, the server unreachable) says nothing, and the answer is judged as before.
 */
async function advertisesIss(provider: OAuthProvider, issuer: string, timeoutMs: number): Promise<boolean> {
  for (const url of metadataUrls(issuer)) {
    const response = await callProvider(provider.name, { url, what: 'its metadata' }, timeoutMs).catch(() => null);
    const metadata = response?.status === 200 ? response.json : undefined;
    if (typeof metadata === 'object' && metadata !== null && (metadata as { issuer?: unknown }).issuer === issuer) {
      return (metadata as { authorization_response_iss_parameter_supported?: unknown }).authorization_response_iss_parameter_supported === true;
    }
  }
  return false;
}

/** RFC 8414 §3.1 inserts the well-known path before the issuer's path; OpenID Connect appends it. Only endpoints the console may call. */
function metadataUrls(issuer: string): string[] {
  if (!endpointUrl.safeParse(issuer).success) return [];
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
}
