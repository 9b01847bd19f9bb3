import type { Migration } from './index.ts';

/**
 * Fewer indexes for a sync to write. Each entry a sync upserts updated every index of
 * registry_servers, and two of them served nothing the others do not: lookups by name and source
 * (a server's versions, its latest, the latest flag a new version clears) use the (source, name,
 * version) key, and the counts over latest entries scan registry_servers_search_filter, which
 * holds those columns. Without them an upsert costs about half as much (the benchmark,
 * `npm run bench -- registry`).
 */
export const registrySyncIndexesSchema: Migration = {
  version: 21,
  name: 'registry-sync-indexes',
  sql: `
    DROP INDEX registry_servers_browse;
    DROP INDEX registry_servers_by_name;
  `,
};
