import type { Migration } from './index.ts';

/**
 * Faster registry search and sync. The full-text index gets prefix indexes (search as one types
 * asks for prefixes) and browse an index in list order. The index may also be built once at the
 * end of a first full sync instead of row by row (indexing is half of what a sync spends writing). While any source has `index_deferred`
 * set — a first sync under way, or one interrupted that will go on — the triggers leave
 * registry_search alone; the sync that clears it rebuilds the index in the same transaction, and so
 * does removing a source that had it set. The flag is in the database, not in one process, so a
 * writer in another process (the CLI beside the app) leaves the index alone too, and an external-
 * content index is never sent a delete for a row it did not index.
 */
export const registrySearchSpeedSchema: Migration = {
  version: 9,
  name: 'registry-search-speed',
  sql: `
    ALTER TABLE registry_sources ADD COLUMN index_deferred INTEGER NOT NULL DEFAULT 0 CHECK (index_deferred IN (0, 1));

    DROP TRIGGER registry_servers_search_insert;
    DROP TRIGGER registry_servers_search_delete;
    DROP TRIGGER registry_servers_search_update;
    -- Prefix indexes for the one to three letters typed first: "p*" reads one doclist, not every term starting with p.
    DROP TABLE registry_search;
    CREATE VIRTUAL TABLE registry_search USING fts5(
      name, title, description, content = 'registry_servers', content_rowid = 'seq', tokenize = 'unicode61', prefix = '1 2 3'
    );
    INSERT INTO registry_search (registry_search) VALUES ('rebuild');
    -- Browse walks this in list order and stops at its page, instead of sorting every entry.
    CREATE INDEX registry_servers_list_order ON registry_servers(name, version DESC);
    CREATE TRIGGER registry_servers_search_insert AFTER INSERT ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (rowid, name, title, description) VALUES (new.seq, new.name, new.title, new.description);
    END;
    CREATE TRIGGER registry_servers_search_delete AFTER DELETE ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (registry_search, rowid, name, title, description) VALUES ('delete', old.seq, old.name, old.title, old.description);
    END;
    CREATE TRIGGER registry_servers_search_update AFTER UPDATE OF name, title, description ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (registry_search, rowid, name, title, description) VALUES ('delete', old.seq, old.name, old.title, old.description);
      INSERT INTO registry_search (rowid, name, title, description) VALUES (new.seq, new.name, new.title, new.description);
    END;
  `,
};
