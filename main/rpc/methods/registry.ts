import { z } from 'zod';
import { scopeInput, serverName } from '../../mcp/inputs.ts';
import type {
  InstallResult,
  RegistryInstallPlan,
  RegistryInstallRecord,
  RegistrySearchResult,
  RegistryServerDetail,
  RegistrySource,
  RegistrySyncStatus,
  RegistryUrl,
} from '../../registry/types.ts';
import { method, reference } from '../method.ts';

/** A registry's base URL (`--registry`); absent: CREWSHIP_REGISTRY_URL, the setting, else the official registry. */
const registry = z.string().trim().min(1).max(2048).optional();
const registryName = z.string({ error: 'a registry server name is required' }).trim().min(1, 'a registry server name is required').max(200);
const version = z.string().trim().min(1).max(255);
const target = z.object({ kind: z.enum(['package', 'remote']), index: z.number().int().min(0).max(99) }).strict();
/** A server.json's text, instead of a cached entry. */
const file = z.string().max(1024 * 1024, 'a server.json is at most 1 MiB');
const entry = {
  name: registryName.optional(),
  version: version.optional(),
  source: z.string().trim().min(1).max(2048).optional(),
  file: file.optional(),
  target: target.optional(),
};
/** At most this many rows per search: lists page with offset (the CLI caps --limit here too). */
const MAX_SEARCH_ROWS = 1000;
const oneEntry = (input: { name?: string | undefined; file?: string | undefined }) => (input.name === undefined) !== (input.file === undefined);

export const registryMethods = {
  'registry.settings.get': method<RegistryUrl>()(z.object({}).strict(), 'The registry URL syncs use, and where it comes from (CREWSHIP_REGISTRY_URL, the setting, or the official registry).'),
  'registry.settings.update': method<RegistryUrl>()(
    z.object({ url: z.string().trim().min(1).max(2048).nullable() }).strict(),
    'Set the registry URL setting (null: the official registry again).',
  ),
  'registry.sync.start': method<RegistrySyncStatus>()(
    z.object({ registry, wait: z.boolean().default(false) }).strict(),
    'Sync the cache from the registry in the background (wait: answer when it ends); an interrupted sync goes on from its last page.',
  ),
  'registry.sync.status': method<RegistrySyncStatus>()(z.object({ registry }).strict(), 'The sync state: pages, servers, skipped entries, rate, the last error, the cache size.'),
  'registry.search': method<RegistrySearchResult>()(
    z
      .object({
        query: z.string().max(200).optional(),
        transport: z.enum(['stdio', 'streamable-http', 'sse']).optional(),
        packageType: z.string().trim().min(1).max(40).optional(),
        kind: z.enum(['remote', 'local']).optional(),
        category: z.string().trim().min(1).max(40).optional(),
        source: z.string().trim().min(1).max(2048).optional(),
        latestOnly: z.boolean().default(true),
        // The Registry page reads windows of rows as its list scrolls (offset, limit); total counts every match.
        limit: z.number().int().min(1).max(MAX_SEARCH_ROWS).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    'Search the registry cache (name, title, description; every word as a prefix), ranked, with filters (source: its name or URL); deleted entries never show.',
  ),
  'registry.categories': method<Array<{ category: string; count: number }>>()(z.object({}).strict(), 'The categories of the cached servers (latest versions), with how many each has.'),
  'registry.show': method<RegistryServerDetail>()(
    z.object({ name: registryName, version: version.optional(), source: z.string().trim().min(1).max(2048).optional() }).strict(),
    'One cached entry (its latest version, or the version named; source: its name or URL) with packages, remotes, inputs, verification and version history.',
  ),
  'registry.install.plan': method<RegistryInstallPlan>()(
    z.object(entry).strict().refine(oneEntry, 'give a registry server name or a server.json file, not both'),
    'What installing an entry would run or reach, and the values it asks for (the install form’s fields).',
  ),
  'registry.install': method<InstallResult>()(
    z
      .object({
        ...entry,
        values: z.record(z.string().min(1).max(200), z.string().max(8192)).default({}),
        serverName: serverName.optional(),
        scope: scopeInput.default({ kind: 'workspace' }),
      })
      .strict()
      .refine(oneEntry, 'give a registry server name or a server.json file, not both'),
    'Install a registry entry’s package or remote (or a server.json) as an MCP server config; secret values are sealed in the vault and read as ${NAME} placeholders.',
  ),
  'registry.installs.list': method<RegistryInstallRecord[]>()(z.object({}).strict(), 'The MCP servers installed from the registry, with their version and whether a newer one is cached.'),
  'registry.installs.update': method<InstallResult>()(
    z.object({ server: reference, values: z.record(z.string().min(1).max(200), z.string().max(8192)).default({}) }).strict(),
    'Move an installed server to the latest cached version, keeping the values given at install (secret ones stay sealed).',
  ),
  'registry.sources.list': method<RegistrySource[]>()(z.object({}).strict(), 'The registries the cache syncs from: the registry URL in use (the official one by default), then those added, each with its entries and last sync.'),
  'registry.sources.add': method<RegistrySource>()(
    z.object({ url: z.string().trim().min(1).max(2048), name: z.string().trim().min(1).max(80).optional() }).strict(),
    'Add a registry that speaks the same API (a company’s sub-registry); name: how lists show it (default: its host).',
  ),
  'registry.sources.update': method<RegistrySource>()(
    z.object({ source: z.string().trim().min(1).max(2048), name: z.string().trim().min(1).max(80).optional(), enabled: z.boolean().optional() }).strict(),
    'Rename a source (by URL or name), or enable or disable it: a disabled source is not synced; its entries stay.',
  ),
  'registry.sources.remove': method<{ url: string; name: string; entriesRemoved: number }>()(
    z.object({ source: z.string().trim().min(1).max(2048) }).strict(),
    'Remove an added source (by URL or name) and its cached entries; MCP servers installed from it stay.',
  ),
  'registry.sources.sync': method<RegistrySource[]>()(
    z.object({ wait: z.boolean().default(false) }).strict(),
    'Sync every enabled source, each from its own cursor and updated_since (wait: answer when all end; a failed one carries its error).',
  ),
} as const;
