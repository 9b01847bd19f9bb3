import type { Migration } from './index.ts';

/**
 * Search reads a server's name without the `io.github.` of GitHub namespaces. Indexed whole, every
 * such name held the words "io" and "github", so what one types first — "git", "gi", "i" — matched
 * most of the registry (57 % of a generated one): ranked results that were noise, and the slowest
 * searches (each match is scored). The owner and the server's own name stay searchable
 * (`io.github.acme/forecast` is read as `acme/forecast`), as do domain namespaces
 * (`com.example/notes`). `search_name` is a virtual generated column: computed from `name` where it
 * is read, nothing stored, nothing for a sync to write. The index is rebuilt on it, with the
 * triggers of migration 009 (which leave it alone while a first sync defers it) reading it.
 */
export const registrySearchNameSchema: Migration = {
  version: 22,
  name: 'registry-search-name',
  sql: `
    ALTER TABLE registry_servers ADD COLUMN search_name TEXT
      GENERATED ALWAYS AS (CASE WHEN substr(name, 1, 10) = 'io.github.' THEN substr(name, 11) ELSE name END) VIRTUAL;

    DROP TRIGGER registry_servers_search_insert;
    DROP TRIGGER registry_servers_search_delete;
    DROP TRIGGER registry_servers_search_update;
    DROP TABLE registry_search;
    CREATE VIRTUAL TABLE registry_search USING fts5(
      search_name, title, description, content = 'registry_servers', content_rowid = 'seq', tokenize = 'unicode61', prefix = '1 2 3'
    );
    INSERT INTO registry_search (registry_search) VALUES ('rebuild');
    CREATE TRIGGER registry_servers_search_insert AFTER INSERT ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (rowid, search_name, title, description) VALUES (new.seq, new.search_name, new.title, new.description);
    END;
    CREATE TRIGGER registry_servers_search_delete AFTER DELETE ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (registry_search, rowid, search_name, title, description) VALUES ('delete', old.seq, old.search_name, old.title, old.description);
    END;
    CREATE TRIGGER registry_servers_search_update AFTER UPDATE OF name, title, description ON registry_servers
      WHEN NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1) BEGIN
      INSERT INTO registry_search (registry_search, rowid, search_name, title, description) VALUES ('delete', old.seq, old.search_name, old.title, old.description);
      INSERT INTO registry_search (rowid, search_name, title, description) VALUES (new.seq, new.search_name, new.title, new.description);
    END;
  `,
};
