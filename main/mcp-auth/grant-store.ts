import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { parseScopes } from '../oauth/token-endpoint.ts';
import type { Db } from '../store/database.ts';
import { newId, nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { SealedColumn, Vault } from '../vault/vault.ts';
import type { McpAuthClientEntry, McpAuthClientSource } from './types.ts';

/** The vault re-seals these when its data key rotates. */
export const mcpAuthSealedColumns: readonly SealedColumn[] = [
  { table: 'mcp_auth_clients', idColumn: 'id', column: 'information' },
  { table: 'mcp_auth_grants', idColumn: 'server_id', column: 'access_token' },
  { table: 'mcp_auth_grants', idColumn: 'server_id', column: 'refresh_token' },
];

/** One server's sign-in, opened: only for the provider that sends its token to that server. */
export interface StoredGrant {
  serverId: string;
  serverUrl: string;
  resource: string | null;
  issuer: string;
  /** The client the grant was issued to (null: made before the console recorded it). */
  clientId: string | null;
  discovery: OAuthDiscoveryState;
  accessToken: string | null;
  refreshToken: string | null;
  tokenType: string | null;
  expiresAt: string | null;
  grantedScopes: string[];
  requiredScopes: string[];
  signedInAt: string;
  refreshedAt: string | null;
}

export interface StoredClient {
  source: McpAuthClientSource;
  information: OAuthClientInformationMixed;
}

interface GrantRow {
  server_id: string;
  server_url: string;
  resource: string | null;
  issuer: string;
  client_id: string | null;
  discovery: string;
  access_token: Buffer | null;
  refresh_token: Buffer | null;
  token_type: string | null;
  expires_at: string | null;
  granted_scopes: string | null;
  required_scopes: string | null;
  signed_in_at: string;
  refreshed_at: string | null;
}

/**
 * The mcp_auth_grants and mcp_auth_clients tables of one workspace. Tokens and client
 * information are sealed by the vault, bound to their row; nothing here is ever returned to a door.
 */
export class GrantStore {
  private readonly db: Db;
  private readonly vault: Vault;
  private readonly workspaceId: string;
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Db, vault: Vault, workspaceId: string) {
    this.db = db;
    this.vault = vault;
    this.workspaceId = workspaceId;
    this.sql = statementCache(db);
  }

  grant(serverId: string): StoredGrant | null {
    const row = this.sql('SELECT * FROM mcp_auth_grants WHERE workspace_id = ? AND server_id = ?').get(this.workspaceId, serverId) as GrantRow | undefined;
    return row ? this.toGrant(row) : null;
  }

  grants(): StoredGrant[] {
    const rows = this.sql('SELECT * FROM mcp_auth_grants WHERE workspace_id = ?').all(this.workspaceId) as GrantRow[];
    return rows.map((row) => this.toGrant(row));
  }

  /** A new sign-in replaces the server's grant as a whole. */
  saveGrant(input: { serverId: string; serverUrl: string; resource: string | null; issuer: string; clientId: string | null; discovery: OAuthDiscoveryState; tokens: OAuthTokens; requestedScopes: string[] }): void {
    const now = nowIso();
    const granted = input.tokens.scope ? parseScopes(input.tokens.scope) : input.requestedScopes;
    this.db.transaction(() => {
      this.sql('DELETE FROM mcp_auth_grants WHERE server_id = ?').run(input.serverId);
      this.sql(
        `INSERT INTO mcp_auth_grants (server_id, workspace_id, server_url, resource, issuer, client_id, discovery, access_token, refresh_token, token_type, expires_at, granted_scopes, required_scopes, signed_in_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      ).run(
        input.serverId,
        this.workspaceId,
        input.serverUrl,
        input.resource,
        input.issuer,
        input.clientId,
        JSON.stringify(input.discovery),
        this.seal(input.serverId, 'access_token', input.tokens.access_token),
        input.tokens.refresh_token ? this.seal(input.serverId, 'refresh_token', input.tokens.refresh_token) : null,
        input.tokens.token_type,
        expiresAt(input.tokens),
        JSON.stringify(granted),
        now,
        now,
      );
    })();
  }

  /**
   * A refresh's answer: the access token, its expiry, and the refresh token (a rotated one, or the
   * one the server kept) in one UPDATE, so no reader ever sees one without the other.
   */
  saveRefreshed(serverId: string, tokens: OAuthTokens): void {
    const now = nowIso();
    this.sql(
      `UPDATE mcp_auth_grants SET access_token = ?, refresh_token = COALESCE(?, refresh_token), token_type = ?, expires_at = ?,
         granted_scopes = COALESCE(?, granted_scopes), refreshed_at = ?, updated_at = ? WHERE workspace_id = ? AND server_id = ?`,
    ).run(
      this.seal(serverId, 'access_token', tokens.access_token),
      tokens.refresh_token ? this.seal(serverId, 'refresh_token', tokens.refresh_token) : null,
      tokens.token_type,
      expiresAt(tokens),
      tokens.scope ? JSON.stringify(parseScopes(tokens.scope)) : null,
      now,
      now,
      this.workspaceId,
      serverId,
    );
  }

  requireScopes(serverId: string, scopes: string[]): void {
    this.sql('UPDATE mcp_auth_grants SET required_scopes = ?, updated_at = ? WHERE workspace_id = ? AND server_id = ?').run(JSON.stringify(scopes), nowIso(), this.workspaceId, serverId);
  }

  /** The tokens go (refused, or signed out); the record of where they came from stays until the grant is deleted. */
  clearTokens(serverId: string): void {
    this.sql('UPDATE mcp_auth_grants SET access_token = NULL, refresh_token = NULL, expires_at = NULL, updated_at = ? WHERE workspace_id = ? AND server_id = ?').run(nowIso(), this.workspaceId, serverId);
  }

  deleteGrant(serverId: string): boolean {
    return this.sql('DELETE FROM mcp_auth_grants WHERE workspace_id = ? AND server_id = ?').run(this.workspaceId, serverId).changes === 1;
  }

  client(issuer: string): StoredClient | null {
    const row = this.sql('SELECT id, source, information FROM mcp_auth_clients WHERE workspace_id = ? AND issuer = ?').get(this.workspaceId, issuerKey(issuer)) as
      | { id: string; source: StoredClient['source']; information: Buffer }
      | undefined;
    if (!row) return null;
    const information = JSON.parse(this.vault.open({ table: 'mcp_auth_clients', row: row.id, column: 'information' }, row.information)) as OAuthClientInformationMixed;
    return { source: row.source, information };
  }

  /** One registration per issuer, reused by every server that signs in there. */
  saveClient(issuer: string, source: StoredClient['source'], information: OAuthClientInformationMixed): void {
    const id = newId('mac');
    this.db.transaction(() => {
      this.sql('DELETE FROM mcp_auth_clients WHERE workspace_id = ? AND issuer = ?').run(this.workspaceId, issuerKey(issuer));
      this.sql('INSERT INTO mcp_auth_clients (id, workspace_id, issuer, source, client_id, information, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        this.workspaceId,
        issuerKey(issuer),
        source,
        information.client_id,
        this.vault.seal({ table: 'mcp_auth_clients', row: id, column: 'information' }, JSON.stringify(information)),
        nowIso(),
      );
    })();
  }

  /** Every registration of this workspace, by issuer (for the doors: no secret leaves). */
  clients(): McpAuthClientEntry[] {
    const rows = this.sql('SELECT issuer, source, client_id, created_at FROM mcp_auth_clients WHERE workspace_id = ? ORDER BY issuer').all(this.workspaceId) as Array<{
      issuer: string;
      source: McpAuthClientSource;
      client_id: string;
      created_at: string;
    }>;
    return rows.map((row) => ({ issuer: row.issuer, source: row.source, clientId: row.client_id, createdAt: row.created_at }));
  }

  deleteClient(issuer: string): boolean {
    return this.sql('DELETE FROM mcp_auth_clients WHERE workspace_id = ? AND issuer = ?').run(this.workspaceId, issuerKey(issuer)).changes === 1;
  }

  private seal(serverId: string, column: 'access_token' | 'refresh_token', value: string): Buffer {
    return this.vault.seal({ table: 'mcp_auth_grants', row: serverId, column }, value);
  }

  private open(serverId: string, column: 'access_token' | 'refresh_token', value: Buffer | null): string | null {
    return value ? this.vault.open({ table: 'mcp_auth_grants', row: serverId, column }, value) : null;
  }

  private toGrant(row: GrantRow): StoredGrant {
    return {
      serverId: row.server_id,
      serverUrl: row.server_url,
      resource: row.resource,
      issuer: row.issuer,
      clientId: row.client_id,
      discovery: JSON.parse(row.discovery) as OAuthDiscoveryState,
      accessToken: this.open(row.server_id, 'access_token', row.access_token),
      refreshToken: this.open(row.server_id, 'refresh_token', row.refresh_token),
      tokenType: row.token_type,
      expiresAt: row.expires_at,
      grantedScopes: row.granted_scopes ? (JSON.parse(row.granted_scopes) as string[]) : [],
      requiredScopes: row.required_scopes ? (JSON.parse(row.required_scopes) as string[]) : [],
      signedInAt: row.signed_in_at,
      refreshedAt: row.refreshed_at,
    };
  }
}

/** Issuers compare as written, a single trailing slash aside (`new URL(…).href` adds one to a bare origin). */
function issuerKey(issuer: string): string {
  return issuer.replace(/\/$/, '');
}

function expiresAt(tokens: OAuthTokens): string | null {
  return typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? new Date(Date.now() + tokens.expires_in * 1000).toISOString() : null;
}
