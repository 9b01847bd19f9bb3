import type { Migration } from './index.ts';

export const agentEndpointSchema: Migration = {
  version: 13,
  name: 'agent-endpoint',
  sql: `
    -- An agent's tokens for its MCP endpoint: only the SHA-256 of each is kept (a token is shown once).
    CREATE TABLE agent_tokens (
      id            TEXT PRIMARY KEY,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      agent_id      TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      label         TEXT NOT NULL,
      token_hash    TEXT NOT NULL UNIQUE,
      preview       TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      last_used_at  TEXT,
      revoked_at    TEXT
    );
    CREATE INDEX agent_tokens_by_agent ON agent_tokens(agent_id);

    -- allow / ask / deny for one tool of one server, for one agent; a tool without a row takes the default.
    CREATE TABLE agent_tool_policies (
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      agent_id      TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      server_id     TEXT NOT NULL,
      tool          TEXT NOT NULL,
      policy        TEXT NOT NULL CHECK (policy IN ('allow', 'ask', 'deny')),
      updated_at    TEXT NOT NULL,
      PRIMARY KEY (agent_id, server_id, tool)
    );

    -- The workspace's endpoint settings: whether tools a server marks destructive default to "ask".
    CREATE TABLE agent_endpoint_settings (
      workspace_id     TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      destructive_ask  INTEGER NOT NULL DEFAULT 0,
      updated_at       TEXT NOT NULL
    );

    -- Calls held for the operator ("ask"): answered at any door, or expired.
    CREATE TABLE agent_approvals (
      id            TEXT PRIMARY KEY,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      agent_id      TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      server_id     TEXT NOT NULL,
      server_name   TEXT NOT NULL,
      tool          TEXT NOT NULL,
      server_tool   TEXT NOT NULL,
      arguments     TEXT NOT NULL,
      status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'expired')),
      created_at    TEXT NOT NULL,
      expires_at    TEXT NOT NULL,
      answered_at   TEXT,
      answered_by   TEXT
    );
    CREATE INDEX agent_approvals_by_status ON agent_approvals(workspace_id, status, created_at);

    -- The endpoint's open MCP sessions (the listener's process keeps them; other doors count them here).
    CREATE TABLE agent_sessions (
      id            TEXT PRIMARY KEY,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      agent_id      TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      opened_at     TEXT NOT NULL,
      last_seen_at  TEXT NOT NULL
    );
  `,
};
