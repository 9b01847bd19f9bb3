import type { Actor, AuditLog } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/bus.ts';
import { isUniqueViolation } from '../store/constraints.ts';
import type { Db } from '../store/database.ts';
import { newId, nowIso } from '../store/ids.ts';
import { requireSlug, slugify } from '../store/slug.ts';
import { holdingsOf, removeHoldings } from './holdings.ts';
import { DEFAULT_WORKSPACE_ID, describeHoldings, type Workspace, type WorkspaceHolding } from './workspace.ts';

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** What the workspaces service is built from: the store, the audit log (any workspace's; each change is recorded in its own) and the core's root bus. */
export interface WorkspacesContext {
  db: Db;
  audit: AuditLog;
  bus: EventBus;
}

/**
 * The workspaces of one data directory: create, list, rename, delete. Every other domain's rows
 * belong to one workspace (their `workspace_id`); this service owns the `workspaces` table and,
 * for a delete, asks the registry of what workspaces hold (holdings.ts). Its changes are
 * published on the root bus: they belong to no workspace.
 */
export class WorkspacesService {
  private readonly ctx: WorkspacesContext;

  constructor(ctx: WorkspacesContext) {
    this.ctx = ctx;
  }

  list(): Workspace[] {
    const rows = this.ctx.db
      .prepare(`SELECT id, slug, name, created_at, updated_at FROM workspaces ORDER BY id <> ?, name COLLATE NOCASE, slug`)
      .all(DEFAULT_WORKSPACE_ID) as WorkspaceRow[];
    return rows.map((row) => this.toWorkspace(row));
  }

  /** Accepts a workspace's id or its slug. */
  get(idOrSlug: string): Workspace {
    const row = this.find(idOrSlug);
    if (!row) throw workspaceNotFound(idOrSlug);
    return this.toWorkspace(row);
  }

  /** The id of the workspace named by its id or slug, without counting what it holds: what the doors resolve on every call. */
  resolveId(idOrSlug: string): string {
    const row = this.find(idOrSlug);
    if (!row) throw workspaceNotFound(idOrSlug);
    return row.id;
  }

  create(input: { name: string; slug?: string | undefined }, actor: Actor): Workspace {
    const slug = input.slug ?? slugify(input.name);
    requireSlug(slug, input.name, 'workspace');
    const now = nowIso();
    const id = newId('ws');
    try {
      this.ctx.db.transaction(() => {
        this.ctx.db.prepare('INSERT INTO workspaces (id, slug, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, slug, input.name, now, now);
        this.ctx.audit.forWorkspace(id).append(actor, 'workspace.create', id, { slug, name: input.name });
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken(slug);
      throw error;
    }
    this.ctx.bus.publish('workspaces.changed', { workspaceId: id, change: 'created' });
    return this.get(id);
  }

  /** The slug stays: scripts and `CREWSHIP_WORKSPACE` keep naming it. */
  rename(input: { workspace: string; name: string }, actor: Actor): Workspace {
    const workspace = this.get(input.workspace);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('UPDATE workspaces SET name = ?, updated_at = ? WHERE id = ?').run(input.name, nowIso(), workspace.id);
      this.ctx.audit.forWorkspace(workspace.id).append(actor, 'workspace.rename', workspace.id, { from: workspace.name, to: input.name });
    })();
    this.ctx.bus.publish('workspaces.changed', { workspaceId: workspace.id, change: 'updated' });
    return this.get(workspace.id);
  }

  /**
   * A workspace that holds anything is kept unless the caller asks for its contents to go too;
   * then every row it holds goes with it, in one transaction. The default workspace stays.
   */
  delete(input: { workspace: string; withContents?: boolean | undefined }, actor: Actor): { id: string; deleted: WorkspaceHolding[] } {
    const workspace = this.get(input.workspace);
    if (workspace.isDefault) {
      throw new AppError(
        'workspace_default_kept',
        `"${workspace.name}" is the default workspace; it can be renamed but not deleted.`,
        'Delete what it holds instead, or rename it with `crewship workspace rename default <name>`.',
      );
    }
    const deleted = this.ctx.db.transaction(() => {
      // Counted inside the transaction, so that what is deleted is what was counted.
      const held = holdingsOf(this.ctx.db, workspace.id).filter((holding) => holding.count > 0);
      if (held.length > 0 && !input.withContents) throw notEmpty(workspace, held);
      removeHoldings(this.ctx.db, workspace.id);
      this.ctx.db.prepare('DELETE FROM workspaces WHERE id = ?').run(workspace.id);
      this.ctx.audit.forWorkspace(workspace.id).append(actor, 'workspace.delete', workspace.id, { slug: workspace.slug, deleted: held });
      return held;
    })();
    this.ctx.bus.publish('workspaces.changed', { workspaceId: workspace.id, change: 'deleted' });
    return { id: workspace.id, deleted };
  }

  private find(idOrSlug: string): WorkspaceRow | undefined {
    return this.ctx.db
      .prepare('SELECT id, slug, name, created_at, updated_at FROM workspaces WHERE id = ? OR slug = ? ORDER BY id = ? DESC LIMIT 1')
      .get(idOrSlug, idOrSlug, idOrSlug) as WorkspaceRow | undefined;
  }

  private toWorkspace(row: WorkspaceRow): Workspace {
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      isDefault: row.id === DEFAULT_WORKSPACE_ID,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      holds: holdingsOf(this.ctx.db, row.id),
    };
  }
}

function workspaceNotFound(idOrSlug: string): AppError {
  return new AppError(
    'workspace_not_found',
    `There is no workspace "${idOrSlug.slice(0, 80)}".`,
    'Run `crewship workspace list` (or open Settings → Workspaces) to see the workspaces that exist.',
  );
}

function slugTaken(slug: string): AppError {
  return new AppError('workspace_slug_taken', `A workspace with the slug "${slug}" already exists.`, 'Choose another name, or pass a different slug.');
}

function notEmpty(workspace: Workspace, held: WorkspaceHolding[]): AppError {
  return new AppError(
    'workspace_not_empty',
    `Workspace "${workspace.name}" still holds ${describeHoldings(held)}.`,
    'Delete them first, or confirm deleting the workspace together with everything in it (`--with-contents`).',
  );
}
