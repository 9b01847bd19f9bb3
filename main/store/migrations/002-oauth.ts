import type { Migration } from './index.ts';

export const oauthSchema: Migration = {
  version: 2,
  name: 'oauth',
  sql: `
    -- What an OAuth credential needs beyond 001's columns. Secrets stay in 001's sealed BLOBs.
    -- provider_config: a custom provider's endpoints (JSON), NULL for the catalog's providers.
    -- scopes (001) holds the scopes asked for; granted_scopes those the server granted (NULL until connected).
    -- reauth_reason: the server's words when a refresh was refused (status 'needs_reauth').
    -- last_test: the last connection test's result (JSON, never a secret).
    -- refresh_lease_until: one refresh at a time per credential across processes (the app beside the CLI).
    ALTER TABLE credentials ADD COLUMN provider_config TEXT;
    ALTER TABLE credentials ADD COLUMN granted_scopes TEXT;
    ALTER TABLE credentials ADD COLUMN connected_at TEXT;
    ALTER TABLE credentials ADD COLUMN refreshed_at TEXT;
    ALTER TABLE credentials ADD COLUMN reauth_reason TEXT;
    ALTER TABLE credentials ADD COLUMN last_test TEXT;
    ALTER TABLE credentials ADD COLUMN last_test_passed_at TEXT;
    ALTER TABLE credentials ADD COLUMN refresh_lease_until TEXT;
    CREATE INDEX credentials_by_label ON credentials(workspace_id, label);
    CREATE INDEX credentials_by_provider ON credentials(workspace_id, provider);

    -- One authorization-code + PKCE attempt. The state is kept only as its SHA-256 (the lookup key);
    -- the verifier is sealed, and erased once the flow ends. A flow is claimed (waiting → exchanging)
    -- by one conditional UPDATE, which is what makes its state single-use.
    CREATE TABLE oauth_flows (
      id               TEXT PRIMARY KEY,
      workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      credential_id    TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      state_hash       TEXT NOT NULL UNIQUE,
      code_verifier    BLOB,
      redirect_kind    TEXT NOT NULL CHECK (redirect_kind IN ('loopback', 'deep-link')),
      redirect_uri     TEXT NOT NULL,
      requested_scopes TEXT NOT NULL,
      actor            TEXT NOT NULL,
      status           TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'exchanging', 'connected', 'failed')),
      error            TEXT,
      result           TEXT,
      created_at       TEXT NOT NULL,
      expires_at       TEXT NOT NULL,
      finished_at      TEXT
    );
    CREATE INDEX oauth_flows_by_credential ON oauth_flows(credential_id, created_at);
  `,
};
