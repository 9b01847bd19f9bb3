import type { ErrorBody } from '../errors/app-error.ts';
import type { Db } from '../store/database.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { ComposioCatalogStatus, ComposioCatalogSync, ComposioCategory, ComposioTool, ComposioToolkit } from './types.ts';

/** Tool searches matching more than this many tools are not ranked (see searchTools). */
const RANK_AT_MOST = 1500;

/** A day: an older catalog is offered for refresh. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export type CatalogToolkit = Omit<ComposioToolkit, 'authConfigCount' | 'composioManaged'>;

interface ToolkitRow {
  slug: string;
  name: string;
  description: string;
  logo: string;
  categories: string;
  auth_schemes: string;
  managed_schemes: string;
  no_auth: number;
  tools_count: number;
  app_url: string | null;
  auth_configs: number;
}

interface ToolRow {
  slug: string;
  name: string;
  description: string;
  toolkit_slug: string;
  tags: string;
  read_only: number;
  destructive: number;
}

interface StateRow {
  synced_at: string | null;
  toolkit_count: number;
  tool_count: number;
  last_error: string | null;
}

/**
 * What a person types, as an FTS5 query: every word a prefix, all of them required. Quotes keep
 * FTS5's operators (AND, NEAR, *, ^, :) literal whatever is typed.
 */
function ftsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length === 0 ? null : words.map((word) => `"${word}"*`).join(' ');
}

const TOOLKIT_COLUMNS = `t.slug, t.name, t.description, t.logo, t.categories, t.auth_schemes, t.managed_schemes, t.no_auth, t.tools_count, t.app_url,
  (SELECT COUNT(*) FROM composio_auth_configs a WHERE a.workspace_id = t.workspace_id AND a.toolkit_slug = t.slug) AS auth_configs`;

function toToolkit(row: ToolkitRow): ComposioToolkit {
  const managedAuthSchemes = JSON.parse(row.managed_schemes) as string[];
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    logo: row.logo,
    categories: JSON.parse(row.categories) as ComposioCategory[],
    authSchemes: JSON.parse(row.auth_schemes) as string[],
    managedAuthSchemes,
    composioManaged: managedAuthSchemes.length > 0,
    noAuth: row.no_auth === 1,
    toolCount: row.tools_count,
    appUrl: row.app_url,
    authConfigCount: row.auth_configs,
  };
}

function toTool(row: ToolRow): ComposioTool {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    toolkit: row.toolkit_slug,
    tags: JSON.parse(row.tags) as string[],
    readOnly: row.read_only === 1,
    destructive: row.destructive === 1,
  };
}

/** The catalog cache of one workspace: toolkits and tools in SQLite with FTS5 indexes over them. */
export class CatalogStore {
  private readonly db: Db;
  private readonly workspaceId: string;

  constructor(ctx: DomainContext) {
    this.db = ctx.db;
    this.workspaceId = ctx.workspaceId;
  }

  status(sync: ComposioCatalogSync): ComposioCatalogStatus {
    const row = this.db.prepare('SELECT synced_at, toolkit_count, tool_count, last_error FROM composio_catalog_state WHERE workspace_id = ?').get(this.workspaceId) as StateRow | undefined;
    const syncedAt = row?.synced_at ?? null;
    const ageMs = syncedAt ? Math.max(0, Date.now() - Date.parse(syncedAt)) : null;
    return {
      syncedAt,
      ageSeconds: ageMs === null ? null : Math.floor(ageMs / 1000),
      stale: ageMs === null || ageMs > STALE_AFTER_MS,
      toolkitCount: row?.toolkit_count ?? 0,
      toolCount: row?.tool_count ?? 0,
      lastError: row?.last_error ? (JSON.parse(row.last_error) as ErrorBody) : null,
      sync,
    };
  }

  listToolkits(input: { search?: string | undefined; category?: string | undefined; limit: number; offset: number }): { toolkits: ComposioToolkit[]; total: number } {
    const match = input.search ? ftsQuery(input.search) : null;
    const category = input.category ? ` ${input.category.toLowerCase()} ` : null;
    const where = ['t.workspace_id = ?'];
    const params: unknown[] = [this.workspaceId];
    if (category) {
      where.push('instr(t.category_slugs, ?) > 0');
      params.push(category);
    }
    if (match) {
      const from = `composio_toolkits_fts f JOIN composio_toolkits t ON t.rowid = f.rowid`;
      const filter = `composio_toolkits_fts MATCH ? AND ${where.join(' AND ')}`;
      const rows = this.db
        .prepare(`SELECT ${TOOLKIT_COLUMNS} FROM ${from} WHERE ${filter} ORDER BY f.rank LIMIT ? OFFSET ?`)
        .all(match, ...params, input.limit, input.offset) as ToolkitRow[];
      const total = this.db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${filter}`).pluck().get(match, ...params) as number;
      return { toolkits: rows.map(toToolkit), total };
    }
    const filter = where.join(' AND ');
    const rows = this.db
      .prepare(`SELECT ${TOOLKIT_COLUMNS} FROM composio_toolkits t WHERE ${filter} ORDER BY t.name COLLATE NOCASE LIMIT ? OFFSET ?`)
      .all(...params, input.limit, input.offset) as ToolkitRow[];
    const total = this.db.prepare(`SELECT COUNT(*) FROM composio_toolkits t WHERE ${filter}`).pluck().get(...params) as number;
    return { toolkits: rows.map(toToolkit), total };
  }

  categories(): Array<ComposioCategory & { count: number }> {
    const counts = new Map<string, ComposioCategory & { count: number }>();
    const rows = this.db.prepare('SELECT categories FROM composio_toolkits WHERE workspace_id = ?').pluck().all(this.workspaceId) as string[];
    for (const text of rows) {
      for (const category of JSON.parse(text) as ComposioCategory[]) {
        const known = counts.get(category.slug);
        if (known) known.count += 1;
        else counts.set(category.slug, { ...category, count: 1 });
      }
    }
    return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }

  toolkit(slug: string): ComposioToolkit | undefined {
    const row = this.db.prepare(`SELECT ${TOOLKIT_COLUMNS} FROM composio_toolkits t WHERE t.workspace_id = ? AND t.slug = ?`).get(this.workspaceId, slug.toLowerCase()) as
      | ToolkitRow
      | undefined;
    return row ? toToolkit(row) : undefined;
  }

  /** Tools by search (all words, as prefixes) and/or toolkit, best matches first; without a search, by slug. */
  searchTools(input: { search?: string | undefined; toolkit?: string | undefined; limit: number; offset: number }): { tools: ComposioTool[]; total: number } {
    const match = input.search ? ftsQuery(input.search) : null;
    const where = ['t.workspace_id = ?'];
    const params: unknown[] = [this.workspaceId];
    if (input.toolkit) {
      where.push('t.toolkit_slug = ?');
      params.push(input.toolkit.toLowerCase());
    }
    const columns = 't.slug, t.name, t.description, t.toolkit_slug, t.tags, t.read_only, t.destructive';
    if (match) {
      const from = 'composio_tools_fts f JOIN composio_tools t ON t.rowid = f.rowid';
      const filter = `composio_tools_fts MATCH ? AND ${where.join(' AND ')}`;
      // Ranking costs a score per match: a word or two typed so far can match thousands of tools,
      // whose ranking would mean little and cost milliseconds; those keep catalog order instead.
      const matches = this.db.prepare('SELECT COUNT(*) FROM composio_tools_fts WHERE composio_tools_fts MATCH ?').pluck().get(match) as number;
      const order = matches > RANK_AT_MOST ? 't.rowid' : 'f.rank';
      const rows = this.db.prepare(`SELECT ${columns} FROM ${from} WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`).all(match, ...params, input.limit, input.offset) as ToolRow[];
      const total = this.db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${filter}`).pluck().get(match, ...params) as number;
      return { tools: rows.map(toTool), total };
    }
    const filter = where.join(' AND ');
    const rows = this.db.prepare(`SELECT ${columns} FROM composio_tools t WHERE ${filter} ORDER BY t.toolkit_slug, t.slug LIMIT ? OFFSET ?`).all(...params, input.limit, input.offset) as ToolRow[];
    const total = this.db.prepare(`SELECT COUNT(*) FROM composio_tools t WHERE ${filter}`).pluck().get(...params) as number;
    return { tools: rows.map(toTool), total };
  }

  /** Replaces the workspace's catalog with a complete refresh, in one transaction (readers see the old one or the new one). */
  replace(toolkits: CatalogToolkit[], tools: ComposioTool[]): void {
    const ws = this.workspaceId;
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM composio_toolkits_fts WHERE rowid IN (SELECT rowid FROM composio_toolkits WHERE workspace_id = ?)`).run(ws);
      this.db.prepare(`DELETE FROM composio_tools_fts WHERE rowid IN (SELECT rowid FROM composio_tools WHERE workspace_id = ?)`).run(ws);
      this.db.prepare('DELETE FROM composio_toolkits WHERE workspace_id = ?').run(ws);
      this.db.prepare('DELETE FROM composio_tools WHERE workspace_id = ?').run(ws);
      const insertToolkit = this.db.prepare(
        `INSERT INTO composio_toolkits (workspace_id, slug, name, description, logo, categories, category_slugs, auth_schemes, managed_schemes, no_auth, tools_count, app_url)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const indexToolkit = this.db.prepare('INSERT INTO composio_toolkits_fts (rowid, slug, name, description, categories) VALUES (?, ?, ?, ?, ?)');
      for (const toolkit of toolkits) {
        const categories = JSON.stringify(toolkit.categories);
        const { lastInsertRowid } = insertToolkit.run(
          ws,
          toolkit.slug,
          toolkit.name,
          toolkit.description,
          toolkit.logo,
          categories,
          ` ${toolkit.categories.map((c) => c.slug.toLowerCase()).join(' ')} `,
          JSON.stringify(toolkit.authSchemes),
          JSON.stringify(toolkit.managedAuthSchemes),
          toolkit.noAuth ? 1 : 0,
          toolkit.toolCount,
          toolkit.appUrl,
        );
        indexToolkit.run(lastInsertRowid, toolkit.slug, toolkit.name, toolkit.description, toolkit.categories.map((c) => c.name).join(' '));
      }
      const insertTool = this.db.prepare(
        'INSERT OR REPLACE INTO composio_tools (workspace_id, toolkit_slug, slug, name, description, tags, read_only, destructive) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const indexTool = this.db.prepare('INSERT INTO composio_tools_fts (rowid, slug, name, description) VALUES (?, ?, ?, ?)');
      for (const tool of tools) {
        const { lastInsertRowid } = insertTool.run(ws, tool.toolkit, tool.slug, tool.name, tool.description, JSON.stringify(tool.tags), tool.readOnly ? 1 : 0, tool.destructive ? 1 : 0);
        // FTS5 splits on underscores too, so GMAIL_SEND_EMAIL is found by "send".
        indexTool.run(lastInsertRowid, tool.slug, tool.name, tool.description);
      }
      this.db
        .prepare(
          `INSERT INTO composio_catalog_state (workspace_id, synced_at, toolkit_count, tool_count, last_error) VALUES (?, ?, ?, ?, NULL)
           ON CONFLICT (workspace_id) DO UPDATE SET synced_at = excluded.synced_at, toolkit_count = excluded.toolkit_count, tool_count = excluded.tool_count, last_error = NULL`,
        )
        .run(ws, nowIso(), toolkits.length, tools.length);
    })();
  }

  recordFailure(error: ErrorBody): void {
    this.db
      .prepare(
        `INSERT INTO composio_catalog_state (workspace_id, last_error) VALUES (?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET last_error = excluded.last_error`,
      )
      .run(this.workspaceId, JSON.stringify(error));
  }
}
