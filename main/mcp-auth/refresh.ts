import { AppError } from '../errors/app-error.ts';
import type { GrantStore, StoredGrant } from './grant-store.ts';

/**
 * Refreshes one server's grant at its authorization server through the SDK's
 * `refreshAuthorization` (with the stored metadata, the registration and the RFC 8707 resource),
 * one at a time per server in this process: with rotating refresh tokens, two refreshes with the
 * same token look like a replay and the server revokes the grant. What comes back (a rotated
 * refresh token with its access token) is stored in one statement.
 */
export class GrantRefresher {
  private readonly store: GrantStore;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly onRefreshed: (serverId: string) => void;
  private readonly onRefused: (serverId: string) => void;

  constructor(store: GrantStore, hooks: { onRefreshed(serverId: string): void; onRefused(serverId: string): void }) {
    this.store = store;
    this.onRefreshed = hooks.onRefreshed;
    this.onRefused = hooks.onRefused;
  }

  refresh(grant: StoredGrant): Promise<void> {
    const running = this.inflight.get(grant.serverId);
    if (running) return running;
    const started = this.run(grant).finally(() => this.inflight.delete(grant.serverId));
    this.inflight.set(grant.serverId, started);
    return started;
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
  }

  private async run(grant: StoredGrant): Promise<void> {
    const client = this.store.client(grant.issuer);
    if (!grant.refreshToken || !client) throw noRefresh(grant);
    const { refreshAuthorization, InvalidGrantError } = await loadAuth();
    try {
      const tokens = await refreshAuthorization(grant.issuer, {
        metadata: grant.discovery.authorizationServerMetadata,
        clientInformation: client.information,
        refreshToken: grant.refreshToken,
        ...(grant.resource ? { resource: new URL(grant.resource) } : {}),
      });
      this.store.saveRefreshed(grant.serverId, tokens);
      this.onRefreshed(grant.serverId);
    } catch (error) {
      if (error instanceof InvalidGrantError) {
        this.store.clearTokens(grant.serverId);
        this.onRefused(grant.serverId);
      }
      throw error;
    }
  }
}

async function loadAuth() {
  const [auth, errors] = await Promise.all([import('@modelcontextprotocol/sdk/client/auth.js'), import('@modelcontextprotocol/sdk/server/auth/errors.js')]);
  return { refreshAuthorization: auth.refreshAuthorization, InvalidGrantError: errors.InvalidGrantError };
}

function noRefresh(grant: StoredGrant): AppError {
  return new AppError('mcp_auth_required', `The sign-in of MCP server ${grant.serverId} holds no refresh token.`, 'Sign in again.');
}
