import type { Migration } from './index.ts';

/**
 * Ranked registry search reads a few columns of every match (its filters, its name and version)
 * before it knows which hundred rows to show. From the table those reads load each entry's whole
 * row (the server.json `detail` is most of it); this index holds just those columns by `seq`, so
 * the ranking reads it alone and the table is read only for the rows shown.
 */
export const registrySearchFilterSchema: Migration = {
  version: 18,
  name: 'registry-search-filter',
  sql: `
    CREATE INDEX registry_servers_search_filter ON registry_servers(
      seq, status, is_latest, source, category, has_packages, has_remotes, transports, package_types, name, version
    );
  `,
};
