import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { checkResourceAllowed, resourceUrlFromServerUrl } from '@modelcontextprotocol/sdk/shared/auth-utils.js';
import { AppError } from '../errors/app-error.ts';

/** RFC 8252 §7.3: registered without a port; the listener's ephemeral port is accepted for a native client. */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/callback';
const DEEP_LINK_REDIRECT_URI = 'crewship://oauth/callback';
/**
 * Where Crewship Console's Client ID Metadata Document is published: an authorization server that
 * advertises client_id_metadata_document_supported takes this URL as the client_id and fetches
 * the document (consoleClientMetadata with this client_id) from it. `mcpAuth.clientMetadataUrl`
 * (or CREWSHIP_CLIENT_METADATA_URL) names another; an empty one turns the method off.
 */
export const CONSOLE_CLIENT_METADATA_URL = 'https://crewship.dev/oauth/client-metadata.json';

/**
 * What the console registers as (RFC 7591), and what its Client ID Metadata Document says: a
 * public native client (no secret to keep), the loopback and deep-link redirects, the code and
 * refresh grants. `application_type` is not in the SDK's type, but is sent as it is.
 */
export function consoleClientMetadata(): OAuthClientMetadata {
  const metadata = {
    client_name: 'Crewship Console',
    client_uri: 'https://crewship.dev',
    redirect_uris: [LOOPBACK_REDIRECT_URI, DEEP_LINK_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'native',
  };
  return metadata as OAuthClientMetadata;
}

/** The Client ID Metadata Document published at `url`: what the console registers as, named by its URL. */
export function clientMetadataDocument(url: string): Record<string, unknown> {
  return { client_id: url, ...consoleClientMetadata() };
}

/**
 * The RFC 8707 resource the tokens are asked for: the protected resource metadata's `resource`
 * where it covers this server's URL, else the server's canonical URI (the spec: the client MUST
 * send `resource` on both the authorization and the token request, metadata or not).
 */
export function chooseResource(serverUrl: string | URL, advertised: string | undefined, serverName: string): URL {
  const canonical = resourceUrlFromServerUrl(serverUrl);
  if (advertised === undefined) return canonical;
  if (checkResourceAllowed({ requestedResource: canonical, configuredResource: advertised })) return new URL(advertised);
  throw new AppError(
    'mcp_auth_resource_mismatch',
    `The protected resource metadata of MCP server "${serverName}" is for ${advertised.slice(0, 200)}, which does not cover ${canonical.href}; the console does not sign in with it.`,
    'A server may only describe itself (RFC 9728 §3.3). Check the server URL, or tell the server’s operator.',
  );
}
