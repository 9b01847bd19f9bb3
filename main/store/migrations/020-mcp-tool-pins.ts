import type { Migration } from './index.ts';

export const mcpToolPinsSchema: Migration = {
  version: 20,
  name: 'mcp-tool-pins',
  sql: `
    -- Each server's tool definitions as the operator accepted them (pinned: pinned the first time the
    -- server's tools were seen) and as last listed (seen). A row with pinned_fingerprint NULL is a tool
    -- added since; seen_fingerprint NULL, one removed; two different fingerprints, one changed.
    CREATE TABLE mcp_tool_pins (
      server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
      tool_name TEXT NOT NULL,
      pinned_fingerprint TEXT,
      pinned_definition TEXT,
      seen_fingerprint TEXT,
      seen_definition TEXT,
      seen_at TEXT NOT NULL,
      PRIMARY KEY (server_id, tool_name)
    ) WITHOUT ROWID;

    -- Per server: when its tools were first pinned, last accepted, and whether agents' views leave
    -- out tools that changed (or were added) until the operator accepts them.
    CREATE TABLE mcp_tool_pin_servers (
      server_id TEXT PRIMARY KEY REFERENCES mcp_servers(id) ON DELETE CASCADE,
      hold_changed INTEGER NOT NULL DEFAULT 0,
      pinned_at TEXT NOT NULL,
      accepted_at TEXT
    ) WITHOUT ROWID;
  `,
};
