import type { Migration } from './index.ts';

export const mcpServerRootsSchema: Migration = {
  version: 19,
  name: 'mcp-server-roots',
  sql: `
    -- The directories the operator grants each server (MCP roots), in the order given: the client
    -- answers roots/list with them, and says roots/list_changed when they change.
    CREATE TABLE mcp_server_roots (
      server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      uri TEXT NOT NULL,
      name TEXT,
      PRIMARY KEY (server_id, position)
    ) WITHOUT ROWID;
  `,
};
