import type { Migration } from './index.ts';

export const mcpSchema: Migration = {
  version: 3,
  name: 'mcp',
  sql: `
    -- One row per MCP server config. scope_key is 'workspace', a crew id or an agent id, so that a
    -- name is unique within its scope. transport holds the JSON of the transport (no secrets:
    -- values are what the operator typed, placeholders included). credential_id has no foreign
    -- key on purpose: a deleted credential leaves a dangling reference that fails the connect
    -- with a clear reason, rather than a server that silently connects without its credential.
    CREATE TABLE mcp_servers (
      id                 TEXT PRIMARY KEY,
      workspace_id       TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name               TEXT NOT NULL,
      scope_kind         TEXT NOT NULL CHECK (scope_kind IN ('workspace', 'crew', 'agent')),
      crew_id            TEXT REFERENCES crews(id) ON DELETE CASCADE,
      agent_id           TEXT REFERENCES agents(id) ON DELETE CASCADE,
      scope_key          TEXT NOT NULL,
      transport_type     TEXT NOT NULL CHECK (transport_type IN ('stdio', 'streamable-http', 'sse')),
      transport          TEXT NOT NULL,
      credential_id      TEXT,
      injection          TEXT,
      provider           TEXT,
      enabled            INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      connect_timeout_ms INTEGER,
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL,
      UNIQUE (workspace_id, scope_key, name),
      CHECK ((scope_kind = 'workspace' AND crew_id IS NULL AND agent_id IS NULL AND scope_key = 'workspace')
          OR (scope_kind = 'crew' AND crew_id IS NOT NULL AND agent_id IS NULL AND scope_key = crew_id)
          OR (scope_kind = 'agent' AND agent_id IS NOT NULL AND crew_id IS NULL AND scope_key = agent_id)),
      CHECK ((credential_id IS NULL) = (injection IS NULL))
    );
    CREATE INDEX mcp_servers_by_provider ON mcp_servers(workspace_id, provider) WHERE provider IS NOT NULL;
    CREATE INDEX mcp_servers_by_credential ON mcp_servers(credential_id) WHERE credential_id IS NOT NULL;

    -- Tool call history. No foreign key to mcp_servers: the history of a deleted server stays.
    -- Arguments, results and errors are stored with every injected secret already redacted.
    -- seq is the rowid (no AUTOINCREMENT: its bookkeeping would cost every call a write).
    CREATE TABLE mcp_calls (
      seq            INTEGER PRIMARY KEY,
      id             TEXT NOT NULL UNIQUE,
      workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      server_id      TEXT NOT NULL,
      server_name    TEXT NOT NULL,
      tool           TEXT NOT NULL,
      agent_id       TEXT,
      actor          TEXT NOT NULL,
      -- The process that ran the call: a running call whose process is gone will never finish.
      owner_pid      INTEGER NOT NULL,
      arguments      TEXT NOT NULL,
      status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'tool_error', 'failed', 'cancelled')),
      started_at     TEXT NOT NULL,
      finished_at    TEXT,
      duration_ms    REAL,
      result         TEXT,
      error          TEXT,
      last_progress  TEXT,
      replay_of      TEXT
    );
    CREATE INDEX mcp_calls_by_server ON mcp_calls(workspace_id, server_id, seq);
  `,
};
