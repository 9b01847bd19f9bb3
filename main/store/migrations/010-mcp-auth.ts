import type { Migration } from './index.ts';

/**
 * Remote MCP servers that require authorization (the MCP authorization spec).
 *
 * mcp_auth_clients: the console's registration with one authorization server, per workspace and
 * issuer (the authorization server URL the server's metadata names), kept and reused: made by
 * Dynamic Client Registration, or a Client ID Metadata Document URL. `information` is the sealed
 * JSON the server answered (a client secret, when it issued one, is inside).
 *
 * mcp_auth_grants: one server's sign-in. It is bound to the server config (its id) and to the URL
 * it was made for: a config whose URL changed is not signed in. `resource` is the RFC 8707
 * audience the tokens were asked for; `discovery` the protected resource and authorization server
 * metadata (public documents). The tokens are sealed and written together, in one statement, so a
 * rotated refresh token never lands without its access token. `required_scopes` holds what a
 * server's insufficient_scope answer asked for, until a sign-in grants it.
 */
export const mcpAuthSchema: Migration = {
  version: 10,
  name: 'mcp-auth',
  sql: `
    CREATE TABLE mcp_auth_clients (
      id            TEXT PRIMARY KEY,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      issuer        TEXT NOT NULL,
      source        TEXT NOT NULL CHECK (source IN ('dynamic', 'metadata-document')),
      client_id     TEXT NOT NULL,
      information   BLOB NOT NULL,
      created_at    TEXT NOT NULL,
      UNIQUE (workspace_id, issuer)
    );

    CREATE TABLE mcp_auth_grants (
      server_id       TEXT PRIMARY KEY REFERENCES mcp_servers(id) ON DELETE CASCADE,
      workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      server_url      TEXT NOT NULL,
      resource        TEXT,
      issuer          TEXT NOT NULL,
      discovery       TEXT NOT NULL,
      access_token    BLOB,
      refresh_token   BLOB,
      token_type      TEXT,
      expires_at      TEXT,
      granted_scopes  TEXT,
      required_scopes TEXT,
      signed_in_at    TEXT NOT NULL,
      refreshed_at    TEXT,
      updated_at      TEXT NOT NULL
    );
    CREATE INDEX mcp_auth_grants_by_workspace ON mcp_auth_grants(workspace_id);
  `,
};
