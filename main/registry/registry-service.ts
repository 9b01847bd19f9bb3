import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { transportInput, type ScopeInput } from '../mcp/inputs.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { McpServerConfig } from '../mcp/types.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import { buildInstall, bundlePackage, defaultTarget, installPlan, sealedName, type BundleAt, type InstallTarget } from './install-plan.ts';
import { McpbBundles, type BundleOptions } from './mcpb-bundles.ts';
import type { ClientOptions } from './registry-client.ts';
import { OFFICIAL_REGISTRY_URL, RegistryCatalog, type SearchQuery } from './registry-catalog.ts';
import { RegistrySync } from './registry-sync.ts';
import { entryFromFile, FILE_SOURCE } from './server-file.ts';
import type {
  InstallResult,
  RegistryInstallPlan,
  RegistryUrl,
  RegistryInstallRecord,
  RegistrySearchResult,
  RegistryServerDetail,
  RegistrySource,
  RegistrySyncStatus,
} from './types.ts';

export interface RegistryOptions {
  /** Where CREWSHIP_REGISTRY_URL is read (the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The sync's HTTP timing (timeouts, retry pauses); tests shorten them. */
  client?: ClientOptions;
  /** How mcpb bundles are downloaded (size and time limits; tests allow http from 127.0.0.1). */
  bundles?: Omit<BundleOptions, 'dir'>;
}

export interface InstallRequest {
  name?: string | undefined;
  version?: string | undefined;
  source?: string | undefined;
  /** The text of a server.json the operator has, instead of a cached entry. */
  file?: string | undefined;
  target?: InstallTarget | undefined;
  values: Readonly<Record<string, string>>;
  serverName?: string | undefined;
  scope: ScopeInput;
}

interface InstallRow {
  server_id: string;
  source: string;
  registry_name: string;
  version: string;
  target_kind: 'package' | 'remote';
  target_index: number;
  inputs: string;
  installed_at: string;
  updated_at: string;
}

/** registry_settings keys of the sources: `source:<url>` → {name, enabled, addedAt}. */
const SOURCE_KEY = 'source:';

interface SourceSetting {
  name: string;
  enabled: boolean;
  /** null: the primary source's own row (only its name or enabled state changed). */
  addedAt: string | null;
}

function defaultSourceName(url: string): string {
  return url === OFFICIAL_REGISTRY_URL ? 'official' : new URL(url).host;
}
/** Stands for a sealed value an update keeps as it is. */
const KEEP_SEALED = '\u0000keep-sealed\u0000';

function normalisedUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/i.test(trimmed) || !URL.canParse(trimmed)) {
    throw new AppError('registry_url_invalid', `"${url}" is not an http(s) URL of a registry.`, `Give its base URL, e.g. ${OFFICIAL_REGISTRY_URL} (the console asks <base>/v0.1/servers).`);
  }
  return trimmed;
}

/**
 * The MCP registry: a global cache of its entries (sync, search, show) and installs, which are
 * the current workspace's MCP server configs made from an entry.
 */
export class RegistryService {
  readonly catalog: RegistryCatalog;
  private readonly syncs: RegistrySync;
  private readonly bundles: McpbBundles;
  private readonly ctx: DomainContext;
  private readonly servers: McpServersService;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly sql: ReturnType<typeof statementCache>;

  /** `bundlesDir`: where mcpb bundles are unpacked, in the data directory. */
  constructor(ctx: DomainContext, servers: McpServersService, bundlesDir: string, options: RegistryOptions = {}) {
    this.ctx = ctx;
    this.servers = servers;
    this.env = options.env ?? process.env;
    this.catalog = new RegistryCatalog(ctx.db);
    this.syncs = new RegistrySync(ctx, this.catalog, options.client ?? {});
    this.bundles = new McpbBundles({ ...options.bundles, dir: bundlesDir });
    this.sql = statementCache(ctx.db);
  }

  // ------------------------------------------------------------ settings

  url(requested?: string): RegistryUrl {
    if (requested) return { url: normalisedUrl(requested), from: 'request' };
    const fromEnv = this.env['CREWSHIP_REGISTRY_URL'];
    if (fromEnv) return { url: normalisedUrl(fromEnv), from: 'environment' };
    const setting = this.sql("SELECT value FROM registry_settings WHERE key = 'url'").pluck().get() as string | undefined;
    if (setting) return { url: setting, from: 'setting' };
    return { url: OFFICIAL_REGISTRY_URL, from: 'default' };
  }

  /** Sets the registry URL setting (null: back to the official registry). */
  setUrl(url: string | null, actor: Actor): RegistryUrl {
    const value = url === null ? null : normalisedUrl(url);
    this.ctx.db.transaction(() => {
      if (value === null) this.sql("DELETE FROM registry_settings WHERE key = 'url'").run();
      else this.sql("INSERT INTO registry_settings (key, value) VALUES ('url', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(value);
      this.ctx.audit.append(actor, 'registry.settings.update', 'url', { url: value });
    })();
    return this.url();
  }

  // ------------------------------------------------------------ sync

  syncStatus(registry?: string): RegistrySyncStatus {
    return this.syncs.status(this.url(registry).url);
  }

  startSync(registry: string | undefined, actor: Actor): RegistrySyncStatus {
    return this.syncs.start(this.url(registry).url, actor);
  }

  runSync(registry: string | undefined, actor: Actor): Promise<RegistrySyncStatus> {
    return this.syncs.run(this.url(registry).url, actor);
  }

  close(): Promise<void> {
    return this.syncs.close();
  }

  // ------------------------------------------------------------ sources

  /** The registry URL in use first, then the sources the operator added, each with its cache size and last sync. */
  sources(): RegistrySource[] {
    const primary = this.url().url;
    const settings = this.sourceSettings();
    const urls = [primary, ...[...settings.entries()].filter(([url, setting]) => url !== primary && setting.addedAt !== null).map(([url]) => url)];
    return urls.map((url) => {
      const setting = settings.get(url);
      return {
        url,
        name: setting?.name ?? defaultSourceName(url),
        enabled: setting?.enabled ?? true,
        origin: url === primary ? 'primary' : 'added',
        addedAt: setting?.addedAt ?? null,
        entries: this.catalog.count(url),
        sync: this.syncs.status(url),
      };
    });
  }

  /** Adds a registry that speaks the same API (a company's sub-registry); the next `registry.sources.sync` reads it. */
  addSource(input: { url: string; name?: string | undefined }, actor: Actor): RegistrySource {
    const url = normalisedUrl(input.url);
    const name = input.name?.trim() || defaultSourceName(url);
    const clash = this.sources().find((source) => source.url === url || source.name === name);
    if (clash) {
      throw new AppError(
        'registry_source_exists',
        clash.url === url ? `${url} is already a registry source ("${clash.name}").` : `A registry source is already named "${name}" (${clash.url}).`,
        clash.url === url ? 'It is synced with the others; `crewship registry source list` shows it.' : 'Give this one another name with --name.',
      );
    }
    this.ctx.db.transaction(() => {
      this.writeSourceSetting(url, { name, enabled: true, addedAt: nowIso() });
      this.ctx.audit.append(actor, 'registry.source.add', url, { name });
    })();
    this.ctx.bus.publish('registry.changed', { source: url, servers: this.catalog.count(url) });
    return this.source(url);
  }

  /** Renames a source, or enables or disables it (a disabled one is not synced; its entries stay). */
  updateSource(input: { source: string; name?: string | undefined; enabled?: boolean | undefined }, actor: Actor): RegistrySource {
    const current = this.source(input.source);
    const name = input.name?.trim() || current.name;
    if (name !== current.name && this.sources().some((source) => source.name === name)) {
      throw new AppError('registry_source_exists', `A registry source is already named "${name}".`, 'Choose another name.');
    }
    const enabled = input.enabled ?? current.enabled;
    this.ctx.db.transaction(() => {
      this.writeSourceSetting(current.url, { name, enabled, addedAt: current.addedAt });
      this.ctx.audit.append(actor, 'registry.source.update', current.url, { name, enabled });
    })();
    this.ctx.bus.publish('registry.changed', { source: current.url, servers: current.entries });
    return this.source(current.url);
  }

  /** Removes an added source and its cached entries; servers installed from it stay as they are. */
  removeSource(ref: string, actor: Actor): { url: string; name: string; entriesRemoved: number } {
    const source = this.source(ref);
    if (source.origin === 'primary') {
      throw new AppError(
        'registry_source_primary',
        `${source.url} is the registry URL in use (${this.url().from === 'default' ? 'the official registry' : `from ${this.url().from}`}); it cannot be removed.`,
        'Disable it with `crewship registry source disable`, or point the console at another registry with `crewship registry url <url>`.',
      );
    }
    if (this.syncs.isRunning(source.url)) {
      throw new AppError('registry_sync_running', `A sync from ${source.url} is under way.`, 'Wait for it to finish (its progress shows on the Registry page), then remove the source.');
    }
    const removed = this.ctx.db.transaction(() => {
      const entries = this.sql('DELETE FROM registry_servers WHERE source = ?').run(source.url).changes;
      const deferredIndex = this.sql('DELETE FROM registry_sources WHERE url = ? AND index_deferred = 1').run(source.url).changes > 0;
      this.sql('DELETE FROM registry_sources WHERE url = ?').run(source.url);
      if (deferredIndex) this.catalog.rebuildSearchIndex();
      this.sql('DELETE FROM registry_settings WHERE key = ?').run(SOURCE_KEY + source.url);
      this.ctx.audit.append(actor, 'registry.source.remove', source.url, { name: source.name, entries });
      return entries;
    })();
    this.ctx.bus.publish('registry.changed', { source: source.url, servers: 0 });
    return { url: source.url, name: source.name, entriesRemoved: removed };
  }

  /** Syncs every enabled source, each from its own cursor and `updated_since` (wait: answer when all end; a failed one shows its error). */
  async syncSources(wait: boolean, actor: Actor): Promise<RegistrySource[]> {
    const enabled = this.sources().filter((source) => source.enabled);
    if (wait) await Promise.allSettled(enabled.map((source) => this.syncs.run(source.url, actor)));
    else for (const source of enabled) if (!this.syncs.isRunning(source.url)) this.syncs.start(source.url, actor);
    return this.sources();
  }

  /** One source by its URL or name. */
  source(ref: string): RegistrySource {
    const wanted = ref.trim().replace(/\/+$/, '');
    const found = this.sources().find((source) => source.url === wanted || source.name === wanted);
    if (!found) throw new AppError('registry_source_not_found', `No registry source is "${ref}".`, 'Name it by URL or name as `crewship registry source list` shows them; add one with `crewship registry source add <url>`.');
    return found;
  }

  private sourceSettings(): Map<string, SourceSetting> {
    const rows = this.sql('SELECT key, value FROM registry_settings WHERE key LIKE ? ORDER BY key').all(`${SOURCE_KEY}%`) as Array<{ key: string; value: string }>;
    const settings = rows.map((row) => [row.key.slice(SOURCE_KEY.length), JSON.parse(row.value) as SourceSetting] as const);
    return new Map(settings.sort((a, b) => (a[1].addedAt ?? '').localeCompare(b[1].addedAt ?? '')));
  }

  private writeSourceSetting(url: string, setting: SourceSetting): void {
    this.sql('INSERT INTO registry_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SOURCE_KEY + url, JSON.stringify(setting));
  }

  // ------------------------------------------------------------ browse

  search(query: SearchQuery): RegistrySearchResult {
    return this.catalog.search({ ...query, source: this.sourceUrl(query.source) });
  }

  show(name: string, version?: string, source?: string): RegistryServerDetail {
    return this.catalog.get(name, { version, source: this.sourceUrl(source) });
  }

  /** A source named by its name or URL, as the cache keys it: any URL passes (a `--registry` sync may not be a listed source), a name must be one. */
  private sourceUrl(ref: string | undefined): string | undefined {
    if (ref === undefined) return undefined;
    const wanted = ref.trim().replace(/\/+$/, '');
    const named = this.sources().find((source) => source.name === wanted || source.url === wanted);
    return named ? named.url : /^https?:\/\//i.test(wanted) ? wanted : this.source(ref).url;
  }

  categories(): Array<{ category: string; count: number }> {
    return this.catalog.categories();
  }

  // ------------------------------------------------------------ install

  /** What an install would run and ask for; an mcpb bundle is downloaded and checked first, to read its manifest. */
  async plan(request: Pick<InstallRequest, 'name' | 'version' | 'source' | 'file' | 'target'>): Promise<RegistryInstallPlan> {
    const server = this.entryFor(request);
    const target = request.target ?? defaultTarget(server);
    const bundle = bundlePackage(server, target);
    if (!bundle?.checkable) return installPlan(server, target);
    return installPlan(server, target, { manifest: await this.bundles.inspect(bundle.pkg), dir: this.bundles.folderOf(bundle.pkg) });
  }

  /** Installs an entry; an mcpb bundle is downloaded, checked and unpacked first (and removed again if the install fails). */
  async install(request: InstallRequest, actor: Actor): Promise<InstallResult> {
    const server = this.entryFor(request);
    if (server.status === 'deleted') {
      throw new AppError(
        'registry_server_deleted',
        `${server.name} ${server.version} is marked deleted by the registry${server.statusMessage ? `: ${server.statusMessage}` : ''}.`,
        'Deleted entries are usually removed by moderation; choose another server or version.',
      );
    }
    const target = request.target ?? defaultTarget(server);
    return this.withBundle(server, target, (bundle) => this.installEntry(server, target, bundle, request, actor));
  }

  /** Runs `use` with the target's bundle unpacked (null when it has none); a failure removes a folder this run unpacked. */
  private async withBundle<T>(server: RegistryServerDetail, target: InstallTarget, use: (bundle: BundleAt | null) => T): Promise<T> {
    const bundle = bundlePackage(server, target);
    // A bundle without its hash is refused here, before anything is downloaded.
    const unpacked = bundle ? await this.bundles.unpack(bundle.pkg) : null;
    try {
      return use(unpacked ? { manifest: unpacked.manifest, dir: unpacked.dir } : null);
    } catch (error) {
      if (unpacked) this.bundles.discard(unpacked);
      throw error;
    }
  }

  private installEntry(server: RegistryServerDetail, target: InstallTarget, bundle: BundleAt | null, request: InstallRequest, actor: Actor): InstallResult {
    const built = buildInstall(server, target, request.values, bundle);
    const transport = checkedTransport(built.transport, server.name);
    const name = request.serverName ?? this.freeName(server.name, request.scope);
    const source = request.file !== undefined ? FILE_SOURCE : server.source;
    const config = this.ctx.db.transaction(() => {
      const created = this.servers.create(
        {
          name,
          scope: request.scope,
          transport,
          credential: null,
          allowedEnv: [],
          provider: null,
          enabled: true,
          // A first run downloads the package (npx, uvx, docker pull): give it time.
          connectTimeoutMs: transport.type === 'stdio' ? 120_000 : null,
          sealed: built.sealed,
        },
        actor,
      );
      const now = nowIso();
      this.sql(
        `INSERT INTO registry_installs (server_id, workspace_id, source, registry_name, version, target_kind, target_index, inputs, installed_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(created.id, this.ctx.workspaceId, source, server.name, server.version, target.kind, target.index, JSON.stringify(built.inputs), now, now);
      this.ctx.audit.append(actor, 'registry.install', created.id, { registryName: server.name, version: server.version, target, sealed: Object.keys(built.sealed) });
      return created;
    })();
    return { server: this.servers.get(config.id), registryName: server.name, version: server.version, summary: installPlan(server, target, bundle).summary, sealed: Object.keys(built.sealed).sort() };
  }

  /** Every installed server of the workspace with its registry version and whether a newer one is cached. */
  installs(): RegistryInstallRecord[] {
    const rows = this.sql('SELECT * FROM registry_installs WHERE workspace_id = ? ORDER BY registry_name').all(this.ctx.workspaceId) as InstallRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Moves an installed server to the latest version, keeping the operator's values (secret ones stay sealed as they are). */
  async update(serverRef: string, actor: Actor, values: Readonly<Record<string, string>> = {}): Promise<InstallResult> {
    const config = this.servers.get(serverRef);
    const row = this.sql('SELECT * FROM registry_installs WHERE server_id = ?').get(config.id) as InstallRow | undefined;
    if (!row || row.source === FILE_SOURCE) {
      throw new AppError('registry_not_installed', `MCP server "${config.name}" was not installed from a registry${row ? ' (it came from a server.json file)' : ''}.`, 'Install the newer version with `crewship registry install <name>` instead.');
    }
    const latest = this.catalog.latestVersion(row.source, row.registry_name) ?? row.version;
    const server = this.catalog.get(row.registry_name, { version: latest, source: row.source });
    const target = { kind: row.target_kind, index: row.target_index };
    return this.withBundle(server, target, (bundle) => this.updateEntry(config, row, server, target, bundle, values, actor));
  }

  private updateEntry(
    config: McpServerConfig,
    row: InstallRow,
    server: RegistryServerDetail,
    target: InstallTarget,
    bundle: BundleAt | null,
    values: Readonly<Record<string, string>>,
    actor: Actor,
  ): InstallResult {
    const kept = Object.fromEntries(
      installPlan(server, target, bundle)
        .fields.filter((field) => field.isSecret && config.sealedVariables.includes(sealedName(field.key)))
        .map((field) => [field.key, KEEP_SEALED]),
    );
    const given = { ...(JSON.parse(row.inputs) as Record<string, string>), ...kept, ...values };
    const built = buildInstall(server, target, given, bundle);
    const sealed = Object.fromEntries(Object.entries(built.sealed).filter(([, value]) => value !== KEEP_SEALED));
    const transport = checkedTransport(built.transport, server.name);
    this.ctx.db.transaction(() => {
      this.servers.update({ server: config.id, transport, sealed }, actor);
      this.sql('UPDATE registry_installs SET version = ?, inputs = ?, updated_at = ? WHERE server_id = ?').run(server.version, JSON.stringify(built.inputs), nowIso(), config.id);
      this.ctx.audit.append(actor, 'registry.update', config.id, { registryName: server.name, from: row.version, to: server.version });
    })();
    return { server: this.servers.get(config.id), registryName: server.name, version: server.version, summary: installPlan(server, target, bundle).summary, sealed: Object.keys(sealed).sort() };
  }

  private toRecord(row: InstallRow): RegistryInstallRecord {
    const latest = row.source === FILE_SOURCE ? null : this.catalog.latestVersion(row.source, row.registry_name);
    return {
      serverId: row.server_id,
      source: row.source,
      registryName: row.registry_name,
      version: row.version,
      target: { kind: row.target_kind, index: row.target_index },
      latestVersion: latest,
      updateAvailable: latest !== null && latest !== row.version,
      installedAt: row.installed_at,
      updatedAt: row.updated_at,
    };
  }

  private entryFor(request: Pick<InstallRequest, 'name' | 'version' | 'source' | 'file'>): RegistryServerDetail {
    if (request.file !== undefined) return entryFromFile(request.file);
    if (!request.name) throw new AppError('invalid_input', 'Name a registry server, or give a server.json file.', 'Run `crewship registry install <name>` or `crewship registry install --file server.json`.');
    return this.show(request.name, request.version, request.source);
  }

  /** The entry's last name part (`io.github.acme/weather` → `weather`), made free in the scope. */
  private freeName(registryName: string, scope: ScopeInput): string {
    const base = (registryName.split('/').pop() ?? registryName).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'server';
    const taken = new Set(this.servers.list({ scope }).map((server) => server.name));
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}

function checkedTransport(transport: unknown, name: string) {
  const parsed = transportInput.safeParse(transport);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'transport'}: ${issue.message}`);
  throw new AppError('registry_install_input_invalid', `The config made from ${name} is not valid: ${problems.join('; ')}.`, 'Check the values given (a URL variable must make an http(s) URL; header names are letters, digits and -).');
}
