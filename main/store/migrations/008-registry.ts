import type { Migration } from './index.ts';

/**
 * The MCP registry cache, and what installing from it leaves behind.
 *
 * The cache is global, not per workspace: it is public data, the same for everyone, and one sync
 * serves every workspace. Entries are kept per source (the registry they came from), by name and
 * version, every version; `detail` is the normalised server.json. registry_search is an FTS5
 * index over name, title and description, kept in step by triggers.
 *
 * Installs are per workspace: each is an MCP server config (mcp_servers) that remembers the entry
 * and version it came from and the non-secret values the operator gave. Secret values go to
 * mcp_server_secrets, sealed by the vault, and the config names them as ${VAR} placeholders, so
 * the config, its exports and .mcp.json files never hold them.
 */
export const registrySchema: Migration = {
  version: 8,
  name: 'registry',
  sql: `
    CREATE TABLE registry_servers (
      seq            INTEGER PRIMARY KEY,
      source         TEXT NOT NULL,
      name           TEXT NOT NULL,
      version        TEXT NOT NULL,
      title          TEXT,
      description    TEXT NOT NULL,
      category       TEXT NOT NULL,
      category_source TEXT NOT NULL CHECK (category_source IN ('publisher', 'classifier')),
      status         TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'deleted')),
      status_message TEXT,
      is_latest      INTEGER NOT NULL CHECK (is_latest IN (0, 1)),
      published_at   TEXT,
      updated_at     TEXT,
      -- ' npm oci ' and ' stdio sse ': space-delimited, for the filters.
      package_types  TEXT NOT NULL,
      transports     TEXT NOT NULL,
      has_packages   INTEGER NOT NULL,
      has_remotes    INTEGER NOT NULL,
      namespace_kind TEXT NOT NULL,
      detail         TEXT NOT NULL,
      synced_at      TEXT NOT NULL,
      UNIQUE (source, name, version)
    );
    CREATE INDEX registry_servers_browse ON registry_servers(is_latest, status, name);
    CREATE INDEX registry_servers_by_name ON registry_servers(name, source);

    CREATE VIRTUAL TABLE registry_search USING fts5(
      name, title, description, content = 'registry_servers', content_rowid = 'seq', tokenize = 'unicode61'
    );
    CREATE TRIGGER registry_servers_search_insert AFTER INSERT ON registry_servers BEGIN
      INSERT INTO registry_search (rowid, name, title, description) VALUES (new.seq, new.name, new.title, new.description);
    END;
    CREATE TRIGGER registry_servers_search_delete AFTER DELETE ON registry_servers BEGIN
      INSERT INTO registry_search (registry_search, rowid, name, title, description) VALUES ('delete', old.seq, old.name, old.title, old.description);
    END;
    CREATE TRIGGER registry_servers_search_update AFTER UPDATE OF name, title, description ON registry_servers BEGIN
      INSERT INTO registry_search (registry_search, rowid, name, title, description) VALUES ('delete', old.seq, old.name, old.title, old.description);
      INSERT INTO registry_search (rowid, name, title, description) VALUES (new.seq, new.name, new.title, new.description);
    END;

    -- One row per registry synced from: where its next sync starts (watermark), where an
    -- interrupted one goes on (resume_cursor, with the updated_since it was using), and the last run.
    CREATE TABLE registry_sources (
      url             TEXT PRIMARY KEY,
      added_at        TEXT NOT NULL,
      watermark       TEXT,
      run_state       TEXT NOT NULL DEFAULT 'never' CHECK (run_state IN ('never', 'running', 'interrupted', 'finished', 'failed')),
      run_owner_pid   INTEGER,
      run_since       TEXT,
      resume_cursor   TEXT,
      run_started_at  TEXT,
      run_finished_at TEXT,
      run_pages       INTEGER NOT NULL DEFAULT 0,
      run_servers     INTEGER NOT NULL DEFAULT 0,
      run_skipped     INTEGER NOT NULL DEFAULT 0,
      run_elapsed_ms  REAL NOT NULL DEFAULT 0,
      run_max_updated TEXT,
      run_error       TEXT,
      run_problems    TEXT NOT NULL DEFAULT '[]'
    );

    -- The registry's settings (the base URL chosen in Settings or with registry.settings.update).
    CREATE TABLE registry_settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE registry_installs (
      server_id     TEXT PRIMARY KEY REFERENCES mcp_servers(id) ON DELETE CASCADE,
      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      source        TEXT NOT NULL,
      registry_name TEXT NOT NULL,
      version       TEXT NOT NULL,
      target_kind   TEXT NOT NULL CHECK (target_kind IN ('package', 'remote')),
      target_index  INTEGER NOT NULL,
      -- The non-secret values the operator gave, by field key (JSON object).
      inputs        TEXT NOT NULL,
      installed_at  TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );
    CREATE INDEX registry_installs_by_name ON registry_installs(workspace_id, registry_name);

    -- Sealed values a server's placeholders read by name (\${NAME}); value is sealed by the vault.
    CREATE TABLE mcp_server_secrets (
      id         TEXT PRIMARY KEY,
      server_id  TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
      name       TEXT NOT NULL,
      value      BLOB NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (server_id, name)
    );
  `,
};
