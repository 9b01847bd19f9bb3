import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import type { Actor } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../store/constraints.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { AppEvent } from '../events/app-events.ts';
import { requireSlug, slugify } from '../store/slug.ts';
import type { Crew } from './crew.ts';

/** What deleting a crew publishes; a core following another process's changes publishes the same. */
export function crewDeletedEvents(crewId: string, deletedAgents: number): AppEvent[] {
  const events: AppEvent[] = [{ name: 'crews.changed', payload: { crewId, change: 'deleted' } }];
  if (deletedAgents > 0) events.push({ name: 'agents.changed', payload: { agentId: null, change: 'deleted' } });
  return events;
}

interface CrewRow {
  id: string;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
  agent_count: number;
}

const crewColumns = `c.id, c.slug, c.name, c.created_at, c.updated_at,
  (SELECT COUNT(*) FROM agents a WHERE a.crew_id = c.id) AS agent_count`;

function toCrew(row: CrewRow): Crew {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    agentCount: row.agent_count,
  };
}

export class CrewsService {
  private readonly ctx: DomainContext;

  constructor(ctx: DomainContext) {
    this.ctx = ctx;
  }

  list(): Crew[] {
    const rows = this.ctx.db
      .prepare(`SELECT ${crewColumns} FROM crews c WHERE c.workspace_id = ? ORDER BY c.name COLLATE NOCASE, c.slug`)
      .all(this.ctx.workspaceId) as CrewRow[];
    return rows.map(toCrew);
  }

  /** Accepts a crew's id or its slug, since operators type slugs and the UI holds ids. */
  get(idOrSlug: string): Crew {
    const row = this.ctx.db
      .prepare(`SELECT ${crewColumns} FROM crews c WHERE c.workspace_id = ? AND (c.id = ? OR c.slug = ?)`)
      .get(this.ctx.workspaceId, idOrSlug, idOrSlug) as CrewRow | undefined;
    if (!row) {
      throw new AppError(
        'crew_not_found',
        `There is no crew "${idOrSlug}".`,
        'Run `crewship crew list` (or open the Crews page) to see the crews that exist.',
      );
    }
    return toCrew(row);
  }

  create(input: { name: string; slug?: string | undefined }, actor: Actor): Crew {
    const slug = input.slug ?? slugify(input.name);
    requireSlug(slug, input.name, 'crew');
    const now = nowIso();
    const id = newId('crew');
    try {
      this.ctx.db.transaction(() => {
        this.ctx.db
          .prepare('INSERT INTO crews (id, workspace_id, slug, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, this.ctx.workspaceId, slug, input.name, now, now);
        this.ctx.audit.append(actor, 'crew.create', id, { slug, name: input.name });
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken(slug);
      throw error;
    }
    const crew = this.get(id);
    this.ctx.bus.publish('crews.changed', { crewId: id, change: 'created' });
    return crew;
  }

  rename(input: { crew: string; name: string }, actor: Actor): Crew {
    const crew = this.get(input.crew);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('UPDATE crews SET name = ?, updated_at = ? WHERE id = ?').run(input.name, nowIso(), crew.id);
      this.ctx.audit.append(actor, 'crew.rename', crew.id, { from: crew.name, to: input.name });
    })();
    this.ctx.bus.publish('crews.changed', { crewId: crew.id, change: 'updated' });
    return this.get(crew.id);
  }

  /** A crew with agents is kept unless the caller asks for its agents to go too. */
  delete(input: { crew: string; withAgents?: boolean | undefined }, actor: Actor): { deletedAgents: number } {
    const crew = this.get(input.crew);
    if (crew.agentCount > 0 && !input.withAgents) {
      throw new AppError(
        'crew_not_empty',
        `Crew "${crew.name}" still has ${crew.agentCount} agent${crew.agentCount === 1 ? '' : 's'}.`,
        'Delete or move its agents first, or confirm deleting the crew together with its agents (`--with-agents`).',
      );
    }
    const deletedAgents = this.ctx.db.transaction(() => {
      const removed = this.ctx.db.prepare('DELETE FROM agents WHERE crew_id = ?').run(crew.id).changes;
      this.ctx.db.prepare('DELETE FROM crews WHERE id = ?').run(crew.id);
      this.ctx.audit.append(actor, 'crew.delete', crew.id, { slug: crew.slug, deletedAgents: removed });
      return removed;
    })();
    for (const event of crewDeletedEvents(crew.id, deletedAgents)) this.ctx.bus.publish(event.name, event.payload);
    return { deletedAgents };
  }
}

function slugTaken(slug: string): AppError {
  return new AppError(
    'crew_slug_taken',
    `A crew with the slug "${slug}" already exists.`,
    'Choose another name, or pass a different slug.',
  );
}
