import type { Migration } from './index.ts';

/**
 * Connections between two crews of a workspace, the messages sent on them and how far each crew
 * has read. A connection is active until it is closed; two crews have at most one active
 * connection. last_seq is the sequence of its newest message: sending bumps it and inserts the
 * message in one transaction, so concurrent senders get consecutive, ordered numbers. The shared
 * files live in the data directory (connections/<id>/), not here.
 */
export const crewConnectionsSchema: Migration = {
  version: 7,
  name: 'crew-connections',
  sql: `
    CREATE TABLE crew_connections (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      from_crew_id TEXT NOT NULL REFERENCES crews(id) ON DELETE CASCADE,
      to_crew_id   TEXT NOT NULL REFERENCES crews(id) ON DELETE CASCADE,
      purpose      TEXT,
      status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      last_seq     INTEGER NOT NULL DEFAULT 0,
      created_at   TEXT NOT NULL,
      closed_at    TEXT,
      CHECK (from_crew_id <> to_crew_id),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    );
    CREATE UNIQUE INDEX crew_connections_one_active
      ON crew_connections(workspace_id, min(from_crew_id, to_crew_id), max(from_crew_id, to_crew_id)) WHERE status = 'active';
    CREATE INDEX crew_connections_by_from ON crew_connections(from_crew_id);
    CREATE INDEX crew_connections_by_to ON crew_connections(to_crew_id);

    CREATE TABLE crew_connection_messages (
      connection_id  TEXT NOT NULL REFERENCES crew_connections(id) ON DELETE CASCADE,
      seq            INTEGER NOT NULL,
      id             TEXT NOT NULL UNIQUE,
      sender_crew_id TEXT NOT NULL,
      text           TEXT NOT NULL,
      payload        TEXT,
      actor          TEXT NOT NULL,
      sent_at        TEXT NOT NULL,
      PRIMARY KEY (connection_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE crew_connection_reads (
      connection_id TEXT NOT NULL REFERENCES crew_connections(id) ON DELETE CASCADE,
      crew_id       TEXT NOT NULL,
      read_seq      INTEGER NOT NULL,
      PRIMARY KEY (connection_id, crew_id)
    ) WITHOUT ROWID;
  `,
};
