import { AppError } from '../errors/app-error.ts';
import type { BackgroundStatement } from '../store/background-writes.ts';
import type { Db } from '../store/database.ts';
import { statementCache } from '../store/statement-cache.ts';
import { categoryOf } from './category.ts';
import type { ParsedEntry, ParsedServer } from './server-json.ts';
import type {
  RegistrySearchResult,
  RegistryServerDetail,
  RegistryServerSummary,
  RegistryStatus,
  RegistryTransportType,
  RegistryVersionSummary,
} from './types.ts';
import { namespaceOf, verificationOf } from './verification.ts';

/** The official registry: entries from it say so in their verification. */
export const OFFICIAL_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';

export interface SearchQuery {
  query?: string | undefined;
  transport?: RegistryTransportType | undefined;
  packageType?: string | undefined;
  /** remote: has a remote; local: has a package. */
  kind?: 'remote' | 'local' | undefined;
  category?: string | undefined;
  source?: string | undefined;
  latestOnly: boolean;
  limit: number;
  offset: number;
}

interface SummaryRow {
  source: string;
  name: string;
  version: string;
  title: string | null;
  description: string;
  category: string;
  category_source: 'publisher' | 'classifier';
  status: RegistryStatus;
  is_latest: 0 | 1;
  published_at: string | null;
  updated_at: string | null;
  package_types: string;
  transports: string;
  has_packages: 0 | 1;
  has_remotes: 0 | 1;
  namespace_kind: 'github' | 'domain' | 'other';
}

const summaryColumns = `r.source, r.name, r.version, r.title, r.description, r.category, r.category_source, r.status, r.is_latest,
  r.published_at, r.updated_at, r.package_types, r.transports, r.has_packages, r.has_remotes, r.namespace_kind`;

const words = (spaced: string) => spaced.trim().split(' ').filter((word) => word !== '');

function toSummary(row: SummaryRow): RegistryServerSummary {
  return {
    source: row.source,
    name: row.name,
    title: row.title,
    description: row.description,
    version: row.version,
    isLatest: row.is_latest === 1,
    status: row.status,
    category: row.category,
    categorySource: row.category_source,
    packageTypes: words(row.package_types),
    transports: words(row.transports) as RegistryTransportType[],
    hasPackages: row.has_packages === 1,
    hasRemotes: row.has_remotes === 1,
    namespaceKind: row.namespace_kind,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}

/** The words searched for: letters and digits only (so none is FTS or LIKE syntax), at most 16. */
const searchWords = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);

/** `magic mcp` → `"magic"* AND "mcp"*`: every word, as a prefix (search as you type), quoted so no word is FTS syntax. */
function ftsQuery(words: readonly string[]): string | null {
  return words.length === 0 ? null : words.map((token) => `"${token}"*`).join(' AND ');
}

/** Builds the full-text index over every entry, unless a source still defers it (its first sync under way). */
const REBUILD_SEARCH_INDEX = "INSERT INTO registry_search (registry_search) SELECT 'rebuild' WHERE NOT EXISTS (SELECT 1 FROM registry_sources WHERE index_deferred = 1)";

/**
 * The registry cache: every entry of every source, by (source, name, version), every version.
 * Global, not per workspace (public data; one sync serves all). Reads never touch the network.
 */
export class RegistryCatalog {
  private readonly db: Db;
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Db) {
    this.db = db;
    this.sql = statementCache(db);
  }

  /** Upserts one entry (an overlapping sync window is harmless); run inside the sync's page transaction. */
  upsert(source: string, entry: ParsedEntry, syncedAt: string): void {
    const { server } = entry;
    const { category, source: categorySource } = categoryOf(server);
    const packageTypes = [...new Set(server.packages.map((pkg) => pkg.registryType.toLowerCase()))];
    const transports = [...new Set([...server.packages.map((pkg) => pkg.transport.type), ...server.remotes.map((remote) => remote.type)])];
    this
      .sql(
        `INSERT INTO registry_servers (source, name, version, title, description, category, category_source, status, status_message, is_latest,
           published_at, updated_at, package_types, transports, has_packages, has_remotes, namespace_kind, detail, synced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, name, version) DO UPDATE SET title = excluded.title, description = excluded.description, category = excluded.category,
           category_source = excluded.category_source, status = excluded.status, status_message = excluded.status_message, is_latest = excluded.is_latest,
           published_at = excluded.published_at, updated_at = excluded.updated_at, package_types = excluded.package_types, transports = excluded.transports,
           has_packages = excluded.has_packages, has_remotes = excluded.has_remotes, namespace_kind = excluded.namespace_kind, detail = excluded.detail,
           synced_at = excluded.synced_at`,
      )
      .run(
        source,
        server.name,
        server.version,
        server.title,
        server.description,
        category,
        categorySource,
        entry.status,
        entry.statusMessage,
        entry.isLatest ? 1 : 0,
        entry.publishedAt,
        entry.updatedAt,
        ` ${packageTypes.join(' ')} `,
        ` ${transports.join(' ')} `,
        server.packages.length > 0 ? 1 : 0,
        server.remotes.length > 0 ? 1 : 0,
        namespaceOf(server.name).kind,
        JSON.stringify(server),
        syncedAt,
      );
    // The registry marks one version latest; the one it replaced may not be sent again.
    if (entry.isLatest) {
      this.sql('UPDATE registry_servers SET is_latest = 0 WHERE source = ? AND name = ? AND version <> ? AND is_latest = 1').run(source, server.name, server.version);
    }
  }

  /**
   * Indexes every entry afresh, when no source defers indexing any more (removing a source that
   * deferred it); run inside the transaction that cleared the flag.
   */
  rebuildSearchIndex(): void {
    this.sql(REBUILD_SEARCH_INDEX).run();
  }

  /** What ends a first full sync's deferral: its flag cleared, and the index rebuilt if no other source defers it. Statements, so that a background writer can run them. */
  endDeferredIndex(source: string): BackgroundStatement[] {
    return [
      ['UPDATE registry_sources SET index_deferred = 0 WHERE url = ?', [source]],
      [REBUILD_SEARCH_INDEX, []],
    ];
  }

  /** Whether a first full sync is under way, its entries not yet in the search index. */
  private indexDeferred(): boolean {
    return this.sql('SELECT count(*) FROM registry_sources WHERE index_deferred = 1').pluck().get() !== 0;
  }

  /**
   * Entries of a source that browse shows (deleted ones are not). Counted on the narrow
   * search_filter index, which holds source and status: the (source, …) key would read each
   * entry's whole row for its status, and a running sync counts at every progress report.
   */
  count(source: string): number {
    return this.sql("SELECT count(*) FROM registry_servers INDEXED BY registry_servers_search_filter WHERE source = ? AND status <> 'deleted'").pluck().get(source) as number;
  }

  search(query: SearchQuery): RegistrySearchResult {
    const started = performance.now();
    const where = ["r.status <> 'deleted'"];
    const params: unknown[] = [];
    if (query.latestOnly) where.push('r.is_latest = 1');
    if (query.transport) {
      where.push('instr(r.transports, ?) > 0');
      params.push(` ${query.transport} `);
    }
    if (query.packageType) {
      where.push('instr(r.package_types, ?) > 0');
      params.push(` ${query.packageType.toLowerCase()} `);
    }
    if (query.kind === 'remote') where.push('r.has_remotes = 1');
    if (query.kind === 'local') where.push('r.has_packages = 1');
    if (query.category) {
      where.push('r.category = ?');
      params.push(query.category);
    }
    if (query.source) {
      where.push('r.source = ?');
      params.push(query.source);
    }
    const words = searchWords(query.query ?? '');
    // While a first sync defers the index, the rows stored so far are matched by substring, in list order.
    const indexed = words.length === 0 || !this.indexDeferred();
    if (!indexed) {
      for (const word of words) {
        where.push("(r.search_name LIKE ? OR coalesce(r.title, '') LIKE ? OR r.description LIKE ?)");
        params.push(`%${word}%`, `%${word}%`, `%${word}%`);
      }
    }
    const match = indexed ? ftsQuery(words) : null;
    let rows: SummaryRow[];
    let total: number;
    if (match) {
      // bm25 weights: a word in the name (without io.github., migration 022) counts most, then the title, then the description. The
      // matches are ranked and filtered on registry_servers_search_filter (a few columns by seq,
      // migration 018) with a top-N sort, and only the page's rows are read from the table. A short
      // page is the last, so its total needs no count; a full one is counted (a count reads no rank).
      const from = `FROM registry_search JOIN registry_servers r INDEXED BY registry_servers_search_filter ON r.seq = registry_search.rowid
        WHERE registry_search MATCH ? AND ${where.join(' AND ')}`;
      rows = this
        .sql(
          `WITH page AS MATERIALIZED (SELECT r.seq, r.name, r.version, bm25(registry_search, 10.0, 4.0, 1.0) AS score ${from}
             ORDER BY score, r.name, r.version DESC LIMIT ? OFFSET ?)
           SELECT ${summaryColumns} FROM page JOIN registry_servers r ON r.seq = page.seq ORDER BY page.score, page.name, page.version DESC`,
        )
        .all(match, ...params, query.limit, query.offset) as SummaryRow[];
      const last = rows.length > 0 && rows.length < query.limit;
      total = last || (rows.length === 0 && query.offset === 0) ? query.offset + rows.length : (this.sql(`SELECT count(*) ${from}`).pluck().get(match, ...params) as number);
    } else {
      // Walked in list order (registry_servers_list_order), stopping at the page: no sort of every entry.
      const from = `FROM registry_servers r INDEXED BY registry_servers_list_order WHERE ${where.join(' AND ')}`;
      rows = this.sql(`SELECT ${summaryColumns} ${from} ORDER BY r.name, r.version DESC LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset) as SummaryRow[];
      total = this.sql(`SELECT count(*) FROM registry_servers r WHERE ${where.join(' AND ')}`).pluck().get(...params) as number;
    }
    return { total, rows: rows.map(toSummary), tookMs: performance.now() - started };
  }

  /** One entry: the latest version (or `version`), from `source` or the first source that has it. */
  get(name: string, options: { version?: string | undefined; source?: string | undefined } = {}): RegistryServerDetail {
    const rows = this
      .sql(
        `SELECT ${summaryColumns}, r.detail, r.status_message FROM registry_servers r
         WHERE r.name = ? AND (? IS NULL OR r.source = ?) AND (? IS NULL OR r.version = ?)
         ORDER BY r.source = ? DESC, r.is_latest DESC, r.status = 'deleted', r.published_at DESC, r.version DESC`,
      )
      .all(name, options.source ?? null, options.source ?? null, options.version ?? null, options.version ?? null, OFFICIAL_REGISTRY_URL) as Array<
      SummaryRow & { detail: string; status_message: string | null }
    >;
    const row = rows[0];
    if (!row) throw notFound(name, options.version);
    const server = JSON.parse(row.detail) as ParsedServer;
    const summary = toSummary(row);
    return {
      ...summary,
      websiteUrl: server.websiteUrl,
      repository: server.repository ? { url: server.repository.url, source: server.repository.source, subfolder: server.repository.subfolder } : null,
      icons: server.icons.map((icon) => ({ src: icon.src, mimeType: icon.mimeType, theme: icon.theme })),
      packages: server.packages,
      remotes: server.remotes,
      statusMessage: row.status_message,
      verification: verificationOf(server.name, row.status, row.status_message, summary.packageTypes, row.source === OFFICIAL_REGISTRY_URL),
      versions: this.versions(row.source, name),
    };
  }

  versions(source: string, name: string): RegistryVersionSummary[] {
    const rows = this
      .sql('SELECT version, is_latest, status, published_at, updated_at FROM registry_servers WHERE source = ? AND name = ? ORDER BY is_latest DESC, published_at DESC, version DESC')
      .all(source, name) as Array<{ version: string; is_latest: 0 | 1; status: RegistryStatus; published_at: string | null; updated_at: string | null }>;
    return rows.map((row) => ({ version: row.version, isLatest: row.is_latest === 1, status: row.status, publishedAt: row.published_at, updatedAt: row.updated_at }));
  }

  /** The version marked latest and not deleted, or null. */
  latestVersion(source: string, name: string): string | null {
    return (this.sql("SELECT version FROM registry_servers WHERE source = ? AND name = ? AND is_latest = 1 AND status <> 'deleted'").pluck().get(source, name) as string | undefined) ?? null;
  }

  categories(): Array<{ category: string; count: number }> {
    return this.db
      .prepare("SELECT category, count(*) AS count FROM registry_servers WHERE is_latest = 1 AND status <> 'deleted' GROUP BY category ORDER BY count DESC, category")
      .all() as Array<{ category: string; count: number }>;
  }
}

function notFound(name: string, version: string | undefined): AppError {
  return new AppError(
    'registry_server_not_found',
    version ? `The registry cache has no version ${version} of "${name}".` : `The registry cache has no server "${name}".`,
    'Search with `crewship registry search <words>` (or on the Registry page); sync first if the cache is empty (`crewship registry sync`).',
  );
}
