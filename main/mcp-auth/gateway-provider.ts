import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AppError } from '../errors/app-error.ts';
import { consoleClientMetadata, LOOPBACK_REDIRECT_URI } from './client-metadata.ts';
import type { GrantStore, StoredGrant } from './grant-store.ts';
import { parseScopes } from '../oauth/token-endpoint.ts';

/** An access token this close to its expiry is refreshed before a request carries it. */
const REFRESH_AHEAD_MS = 60_000;

export interface GatewayProviderDeps {
  store: GrantStore;
  server: { id: string; name: string; url: string };
  /** A refresh of this server's grant, shared by every caller in this process. */
  refresh(grant: StoredGrant): Promise<void>;
  /** The grant's tokens were refused for good (the server forgot the grant): it needs a sign-in. */
  onRefused(serverId: string): void;
  onTokensSaved(serverId: string): void;
}

/**
 * The SDK's OAuthClientProvider for one server's connection in the gateway: it gives the SDK the
 * token of this server's own grant (bound to its id and URL: another server's is never sent, and
 * none is sent to a server whose URL changed), refreshes it shortly before it expires, and keeps
 * what the SDK's refresh on a 401 receives. It never opens a browser: where the SDK would send
 * the operator to sign in, the connection fails with `mcp_auth_required` (or, after an
 * insufficient_scope answer, `mcp_auth_insufficient_scope`) and the login to run.
 */
export class GatewayProvider implements OAuthClientProvider {
  readonly redirectUrl = LOOPBACK_REDIRECT_URI;
  readonly clientMetadata: OAuthClientMetadata = consoleClientMetadata();
  private readonly deps: GatewayProviderDeps;
  /** Set by an insufficient_scope answer: a refresh cannot widen the grant, a sign-in must. */
  private stepUp: string[] | null = null;

  constructor(deps: GatewayProviderDeps) {
    this.deps = deps;
  }

  /** The transport's fetch: notices a 403 insufficient_scope before the SDK answers it with auth(). */
  readonly fetch: FetchLike = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 403) this.noteInsufficientScope(response.headers.get('www-authenticate'));
    return response;
  };

  discoveryState(): OAuthDiscoveryState {
    return this.requireGrant().discovery;
  }

  clientInformation(): OAuthClientInformationMixed {
    const grant = this.requireGrant();
    const client = this.deps.store.client(grant.issuer);
    if (!client) throw authRequired(this.deps.server.name);
    return client.information;
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    let grant = this.grant();
    if (!grant?.accessToken) return undefined;
    if (!this.stepUp && grant.refreshToken && isDue(grant)) {
      await this.deps.refresh(grant).catch(() => undefined);
      grant = this.grant() ?? grant;
    }
    if (!grant.accessToken) return undefined;
    return {
      access_token: grant.accessToken,
      token_type: grant.tokenType ?? 'Bearer',
      // The SDK refreshes when it holds a refresh token; for a step-up only a new sign-in helps.
      ...(grant.refreshToken && !this.stepUp ? { refresh_token: grant.refreshToken } : {}),
      ...(grant.expiresAt ? { expires_in: Math.max(0, Math.round((Date.parse(grant.expiresAt) - Date.now()) / 1000)) } : {}),
      issuer: grant.issuer,
    };
  }

  saveTokens(tokens: OAuthTokens): void {
    this.deps.store.saveRefreshed(this.deps.server.id, tokens);
    this.deps.onTokensSaved(this.deps.server.id);
  }

  redirectToAuthorization(): never {
    if (this.stepUp) throw insufficientScope(this.deps.server.name, this.stepUp);
    throw authRequired(this.deps.server.name);
  }

  saveCodeVerifier(): void {}

  codeVerifier(): never {
    throw authRequired(this.deps.server.name);
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope !== 'all' && scope !== 'tokens') return;
    this.deps.store.clearTokens(this.deps.server.id);
    this.deps.onRefused(this.deps.server.id);
  }

  /** Only the grant made for this server at this URL counts. */
  private grant(): StoredGrant | null {
    const grant = this.deps.store.grant(this.deps.server.id);
    return grant && grant.serverUrl === this.deps.server.url ? grant : null;
  }

  private requireGrant(): StoredGrant {
    const grant = this.grant();
    if (!grant) throw authRequired(this.deps.server.name);
    return grant;
  }

  private noteInsufficientScope(header: string | null): void {
    if (!header || !/error="?insufficient_scope"?/.test(header)) return;
    const grant = this.grant();
    if (!grant) return;
    const asked = parseScopes(/scope="([^"]*)"/.exec(header)?.[1] ?? '');
    const missing = asked.filter((scope) => !grant.grantedScopes.includes(scope));
    this.stepUp = missing.length > 0 ? missing : asked;
    this.deps.store.requireScopes(this.deps.server.id, this.stepUp);
  }
}

function isDue(grant: StoredGrant): boolean {
  return grant.expiresAt !== null && Date.parse(grant.expiresAt) - Date.now() <= REFRESH_AHEAD_MS;
}

function authRequired(serverName: string): AppError {
  return new AppError(
    'mcp_auth_required',
    `MCP server "${serverName}" requires sign-in (OAuth) before it can be used.`,
    `Sign in: the Sign in button on the MCP servers page, or \`crewship mcp login "${serverName}"\`.`,
  );
}

function insufficientScope(serverName: string, scopes: string[]): AppError {
  return new AppError(
    'mcp_auth_insufficient_scope',
    `MCP server "${serverName}" needs more access than the sign-in granted (scope: ${scopes.join(' ')}).`,
    `Sign in again to grant it: the Sign in button on the MCP servers page, or \`crewship mcp login "${serverName}"\`; then run the request again.`,
  );
}
