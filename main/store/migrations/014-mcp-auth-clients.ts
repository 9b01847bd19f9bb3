import type { Migration } from './index.ts';

/**
 * MCP sign-in clients the operator enters (the MCP authorization spec's first choice: a client
 * pre-registered with the authorization server by hand). mcp_auth_clients gains the source
 * 'pre-registered'; SQLite cannot widen a CHECK, so the table is made again with its rows.
 * mcp_auth_grants.client_id: the client a grant was issued to, so a grant is shown (and counted)
 * with its own client, not one entered at its authorization server after it.
 */
export const mcpAuthClientsSchema: Migration = {
  version: 14,
  name: 'mcp-auth-clients',
  sql: `
    CREATE TABLE mcp_auth_clients_014 (
      id            TEXT PRIMARY KEY,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      issuer        TEXT NOT NULL,
      source        TEXT NOT NULL CHECK (source IN ('pre-registered', 'metadata-document', 'dynamic')),
      client_id     TEXT NOT NULL,
      information   BLOB NOT NULL,
      created_at    TEXT NOT NULL,
      UNIQUE (workspace_id, issuer)
    );
    INSERT INTO mcp_auth_clients_014 SELECT id, workspace_id, issuer, source, client_id, information, created_at FROM mcp_auth_clients;
    DROP TABLE mcp_auth_clients;
    ALTER TABLE mcp_auth_clients_014 RENAME TO mcp_auth_clients;
    ALTER TABLE mcp_auth_grants ADD COLUMN client_id TEXT;
  `,
};
