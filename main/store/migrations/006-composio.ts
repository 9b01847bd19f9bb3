import type { Migration } from './index.ts';

export const composioSchema: Migration = {
  version: 6,
  name: 'composio',
  sql: `
    -- A workspace's own Composio project key (sealed), its label and the API address it uses.
    -- Without a row here the workspace falls back to COMPOSIO_API_KEY from the environment.
    CREATE TABLE composio_keys (
      workspace_id  TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      api_key       BLOB NOT NULL,
      preview       TEXT NOT NULL,
      label         TEXT,
      base_url      TEXT,
      validated_at  TEXT,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );

    -- The client secret of a custom OAuth auth config, sealed; sent to Composio once, never returned.
    CREATE TABLE composio_auth_config_secrets (
      id             TEXT PRIMARY KEY,
      workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      toolkit_slug   TEXT NOT NULL,
      client_id      TEXT NOT NULL,
      client_secret  BLOB NOT NULL,
      created_at     TEXT NOT NULL
    );

    -- The catalog as Composio last gave it, per workspace (each workspace may be another project).
    CREATE TABLE composio_toolkits (
      rowid            INTEGER PRIMARY KEY,
      workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      slug             TEXT NOT NULL,
      name             TEXT NOT NULL,
      description      TEXT NOT NULL,
      logo             TEXT NOT NULL,
      categories       TEXT NOT NULL,
      -- ' slug-a slug-b ': the category filter is one instr() on it.
      category_slugs   TEXT NOT NULL,
      auth_schemes     TEXT NOT NULL,
      managed_schemes  TEXT NOT NULL,
      no_auth          INTEGER NOT NULL CHECK (no_auth IN (0, 1)),
      tools_count      INTEGER NOT NULL,
      app_url          TEXT,
      UNIQUE (workspace_id, slug)
    );
    CREATE VIRTUAL TABLE composio_toolkits_fts USING fts5(
      slug, name, description, categories,
      content = 'composio_toolkits', content_rowid = 'rowid', prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE composio_tools (
      rowid          INTEGER PRIMARY KEY,
      workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      toolkit_slug   TEXT NOT NULL,
      slug           TEXT NOT NULL,
      name           TEXT NOT NULL,
      description    TEXT NOT NULL,
      tags           TEXT NOT NULL,
      read_only      INTEGER NOT NULL CHECK (read_only IN (0, 1)),
      destructive    INTEGER NOT NULL CHECK (destructive IN (0, 1)),
      UNIQUE (workspace_id, slug)
    );
    CREATE INDEX composio_tools_by_toolkit ON composio_tools(workspace_id, toolkit_slug, slug);
    CREATE VIRTUAL TABLE composio_tools_fts USING fts5(
      slug, name, description,
      content = 'composio_tools', content_rowid = 'rowid', prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2'
    );

    -- When the catalog was last refreshed, what it held, and the last refresh's failure.
    CREATE TABLE composio_catalog_state (
      workspace_id   TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      synced_at      TEXT,
      toolkit_count  INTEGER NOT NULL DEFAULT 0,
      tool_count     INTEGER NOT NULL DEFAULT 0,
      last_error     TEXT
    );

    -- The project's auth configs and connected accounts as last read from Composio: what the
    -- inventory and the KPI counts show (with their age) while Composio cannot be reached.
    CREATE TABLE composio_auth_configs (
      workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id               TEXT NOT NULL,
      toolkit_slug     TEXT NOT NULL,
      record           TEXT NOT NULL,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX composio_auth_configs_by_toolkit ON composio_auth_configs(workspace_id, toolkit_slug);
    CREATE TABLE composio_accounts (
      workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id               TEXT NOT NULL,
      user_id          TEXT NOT NULL,
      toolkit_slug     TEXT NOT NULL,
      status           TEXT NOT NULL,
      record           TEXT NOT NULL,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE TABLE composio_inventory_state (
      workspace_id   TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      fetched_at     TEXT NOT NULL
    );
  `,
};
