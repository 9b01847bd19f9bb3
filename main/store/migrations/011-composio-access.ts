import type { Migration } from './index.ts';

export const composioAccessSchema: Migration = {
  version: 11,
  name: 'composio-access',
  sql: `
    -- An agent's access to one Composio app: one row per (agent, app), all of an agent's rows with
    -- the same user. Each has its own scoped Composio MCP server (composio_server_id) and the MCP
    -- server config the gateway connects (server_id, in the agent's scope, managed by Composio).
    -- allowed_tools: the JSON list of tool slugs the scope gave when the server was last written.
    CREATE TABLE composio_bindings (
      workspace_id        TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      agent_id            TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      app                 TEXT NOT NULL,
      scope               TEXT NOT NULL CHECK (scope IN ('read', 'full')),
      user_id             TEXT NOT NULL,
      server_id           TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
      composio_server_id  TEXT NOT NULL,
      allowed_tools       TEXT NOT NULL,
      created_at          TEXT NOT NULL,
      updated_at          TEXT NOT NULL,
      PRIMARY KEY (agent_id, app)
    );
    CREATE INDEX composio_bindings_by_workspace ON composio_bindings(workspace_id, agent_id);

    -- The workspace's default connector: its user, and once provisioned its Composio server, the
    -- MCP server config (workspace scope, managed by Composio) and the apps it was given.
    CREATE TABLE composio_default_connector (
      workspace_id        TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      user_id             TEXT NOT NULL,
      server_id           TEXT REFERENCES mcp_servers(id) ON DELETE SET NULL,
      composio_server_id  TEXT,
      apps                TEXT NOT NULL DEFAULT '[]',
      allowed_tools       TEXT NOT NULL DEFAULT '[]',
      provisioned_at      TEXT,
      updated_at          TEXT NOT NULL
    );
  `,
};
