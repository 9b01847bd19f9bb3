import type { Migration } from './index.ts';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE workspaces (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );
    INSERT INTO workspaces (id, name, created_at) VALUES ('default', 'Default workspace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

    CREATE TABLE crews (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      slug         TEXT NOT NULL,
      name         TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      UNIQUE (workspace_id, slug)
    );

    CREATE TABLE agents (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      crew_id      TEXT NOT NULL REFERENCES crews(id) ON DELETE RESTRICT,
      slug         TEXT NOT NULL,
      name         TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      UNIQUE (workspace_id, slug)
    );
    CREATE INDEX agents_by_crew ON agents(crew_id);

    CREATE TABLE settings (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key          TEXT NOT NULL,
      value        TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key)
    );

    -- The vault's wrapped data keys: one active key; sealed values name the key that sealed them.
    CREATE TABLE vault_keys (
      id           TEXT PRIMARY KEY,
      provider     TEXT NOT NULL,
      wrapped_key  BLOB NOT NULL,
      active       INTEGER NOT NULL CHECK (active IN (0, 1)),
      created_at   TEXT NOT NULL
    );
    CREATE UNIQUE INDEX vault_keys_one_active ON vault_keys(active) WHERE active = 1;

    -- Secret columns hold vault-sealed BLOBs, never plain text.
    CREATE TABLE credentials (
      id             TEXT PRIMARY KEY,
      workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind           TEXT NOT NULL,
      provider       TEXT NOT NULL,
      label          TEXT NOT NULL,
      client_id      TEXT,
      client_secret  BLOB,
      access_token   BLOB,
      refresh_token  BLOB,
      expires_at     TEXT,
      scopes         TEXT NOT NULL DEFAULT '[]',
      status         TEXT NOT NULL DEFAULT 'never_connected',
      created_at     TEXT NOT NULL,
      updated_at     TEXT NOT NULL
    );

    CREATE TABLE audit_log (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      workspace_id TEXT NOT NULL,
      at           TEXT NOT NULL,
      actor        TEXT NOT NULL,
      action       TEXT NOT NULL,
      target       TEXT NOT NULL,
      detail       TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_by_time ON audit_log(at);
  `,
};
