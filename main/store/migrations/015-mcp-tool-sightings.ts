import type { Migration } from './index.ts';

export const mcpToolSightingsSchema: Migration = {
  version: 15,
  name: 'mcp-tool-sightings',
  sql: `
    -- The tools each server has listed, with the client capabilities it needs for them: the ones
    -- offered every time the tool was seen (a comma list, sorted). A connection that offers less
    -- (a one-shot CLI core offers no elicitation) lists the tools it does not see as hidden.
    CREATE TABLE mcp_tool_sightings (
      server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
      tool_name TEXT NOT NULL,
      title TEXT,
      description TEXT,
      needs TEXT NOT NULL,
      seen_at TEXT NOT NULL,
      PRIMARY KEY (server_id, tool_name)
    ) WITHOUT ROWID;
  `,
};
