import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { endpointUrl } from '../credentials/provider-catalog.ts';
import { AppError } from '../errors/app-error.ts';

/** The SDK's name for the S256 method (RFC 7636 §4.2), the only one the spec allows. */
const S256 = 'S256';

/**
 * Every URL the sign-in fetches or sends the operator to: https, or plain http only to this
 * machine (a local server). RFC 9728 §7.7 and the MCP spec's SSRF guidance.
 */
export function requireSafeUrl(url: string, what: string): void {
  if (endpointUrl.safeParse(url).success) return;
  throw new AppError(
    'mcp_auth_insecure_url',
    `The ${what} ${url.slice(0, 200)} is not an https:// URL (plain http is allowed only on 127.0.0.1 or localhost); the console does not fetch it.`,
    'Ask the server’s operator for an https:// address; nothing was sent there.',
  );
}

/**
 * What the console requires of an authorization server before it sends the operator there: its
 * metadata found, naming itself (RFC 8414 §3.3), PKCE S256 advertised (the MCP spec: refuse a
 * server whose metadata does not list it), and its endpoints https.
 */
export function checkAuthorizationServer(state: OAuthDiscoveryState, serverName: string): void {
  const metadata = state.authorizationServerMetadata;
  if (!metadata) {
    throw new AppError(
      'mcp_auth_discovery_failed',
      `No authorization server metadata was found for MCP server "${serverName}" (looked at ${state.authorizationServerUrl}, RFC 8414 and OpenID Connect discovery).`,
      'Check that the server requires OAuth sign-in and that its protected resource metadata names a working authorization server; the auth debugger lists every URL tried.',
    );
  }
  if (!sameIssuer(metadata.issuer, state.authorizationServerUrl)) {
    throw new AppError(
      'mcp_auth_issuer_mismatch',
      `The authorization server metadata at ${state.authorizationServerUrl} names another issuer (${metadata.issuer.slice(0, 200)}); the console does not use it.`,
      'The metadata must name the server it was fetched from (RFC 8414 §3.3). Tell the server’s operator.',
    );
  }
  if (!metadata.code_challenge_methods_supported?.includes(S256)) {
    throw new AppError(
      'mcp_auth_pkce_unsupported',
      `The authorization server ${metadata.issuer} does not advertise PKCE with S256 (code_challenge_methods_supported: ${JSON.stringify(metadata.code_challenge_methods_supported ?? null)}), so MCP server "${serverName}" cannot be signed in to safely.`,
      'The MCP authorization spec requires S256 PKCE; ask the server’s operator to enable it.',
    );
  }
  requireSafeUrl(metadata.authorization_endpoint, 'authorization endpoint');
  requireSafeUrl(metadata.token_endpoint, 'token endpoint');
  if (metadata.registration_endpoint) requireSafeUrl(metadata.registration_endpoint, 'registration endpoint');
}

/**
 * RFC 9207: an authorization response's `iss` must name the authorization server the request went
 * to; a server that advertises the parameter must send it. A mismatch is a mix-up: nothing is exchanged.
 */
export function checkResponseIssuer(iss: string | null, state: OAuthDiscoveryState): void {
  const metadata = state.authorizationServerMetadata;
  const expected = metadata?.issuer ?? state.authorizationServerUrl;
  if (iss === null) {
    // The SDK keeps the metadata's other fields (its schema is loose); RFC 9207 §3 names this one.
    if ((metadata as { authorization_response_iss_parameter_supported?: unknown } | undefined)?.authorization_response_iss_parameter_supported !== true) return;
    throw new AppError(
      'mcp_auth_issuer_mismatch',
      `The sign-in answer carries no issuer (iss), but ${expected} says in its metadata that its answers always do. Nothing was stored.`,
      'Another authorization server may have answered in its place (a mix-up, RFC 9207). Sign in again; if it repeats, tell the server’s operator.',
    );
  }
  if (sameIssuer(iss, expected)) return;
  throw new AppError(
    'mcp_auth_issuer_mismatch',
    `The sign-in answer says it comes from "${iss.slice(0, 200)}", but the sign-in went to ${expected}. Nothing was stored.`,
    'Another authorization server answered (a mix-up, RFC 9207). Sign in again; if it repeats, tell the server’s operator.',
  );
}

/** Issuers compare as written, a single trailing slash aside (`new URL(…).href` adds one to a bare origin). */
function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/$/, '') === b.replace(/\/$/, '');
}
