import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { CrewsService } from '../crews/crews-service.ts';
import { isUniqueViolation } from '../store/constraints.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { AppEvent } from '../events/app-events.ts';
import { requireSlug, slugify } from '../store/slug.ts';
import type { Agent } from './agent.ts';

/** What an agent's change publishes; a core following another process's changes publishes the same. */
export function agentChangedEvents(agentId: string, change: 'created' | 'updated' | 'deleted'): AppEvent[] {
  const events: AppEvent[] = [{ name: 'agents.changed', payload: { agentId, change } }];
  // A crew's agent count changed with it.
  if (change !== 'updated') events.push({ name: 'crews.changed', payload: { crewId: null, change: 'updated' } });
  return events;
}

interface AgentRow {
  id: string;
  slug: string;
  name: string;
  crew_id: string;
  crew_slug: string;
  crew_name: string;
  created_at: string;
  updated_at: string;
}

const agentSelect = `SELECT a.id, a.slug, a.name, a.crew_id, c.slug AS crew_slug, c.name AS crew_name, a.created_at, a.updated_at
  FROM agents a JOIN crews c ON c.id = a.crew_id`;

function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    crewId: row.crew_id,
    crewSlug: row.crew_slug,
    crewName: row.crew_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AgentsService {
  private readonly ctx: DomainContext;
  private readonly crews: CrewsService;

  constructor(ctx: DomainContext, crews: CrewsService) {
    this.ctx = ctx;
    this.crews = crews;
  }

  list(filter: { crew?: string | undefined } = {}): Agent[] {
    if (filter.crew) {
      const crew = this.crews.get(filter.crew);
      const rows = this.ctx.db
        .prepare(`${agentSelect} WHERE a.workspace_id = ? AND a.crew_id = ? ORDER BY a.name COLLATE NOCASE, a.slug`)
        .all(this.ctx.workspaceId, crew.id) as AgentRow[];
      return rows.map(toAgent);
    }
    const rows = this.ctx.db
      .prepare(`${agentSelect} WHERE a.workspace_id = ? ORDER BY c.name COLLATE NOCASE, a.name COLLATE NOCASE, a.slug`)
      .all(this.ctx.workspaceId) as AgentRow[];
    return rows.map(toAgent);
  }

  /** Accepts an agent's id or its slug. */
  get(idOrSlug: string): Agent {
    const row = this.ctx.db
      .prepare(`${agentSelect} WHERE a.workspace_id = ? AND (a.id = ? OR a.slug = ?)`)
      .get(this.ctx.workspaceId, idOrSlug, idOrSlug) as AgentRow | undefined;
    if (!row) {
      throw new AppError(
        'agent_not_found',
        `There is no agent "${idOrSlug}".`,
        'Run `crewship agent list` (or open the Agents page) to see the agents that exist.',
      );
    }
    return toAgent(row);
  }

  create(input: { crew: string; name: string; slug?: string | undefined }, actor: Actor): Agent {
    const crew = this.crews.get(input.crew);
    const slug = input.slug ?? slugify(input.name);
    requireSlug(slug, input.name, 'agent');
    const now = nowIso();
    const id = newId('agent');
    try {
      this.ctx.db.transaction(() => {
        this.ctx.db
          .prepare('INSERT INTO agents (id, workspace_id, crew_id, slug, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(id, this.ctx.workspaceId, crew.id, slug, input.name, now, now);
        this.ctx.audit.append(actor, 'agent.create', id, { slug, name: input.name, crew: crew.slug });
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken(slug);
      throw error;
    }
    this.publishChange(id, 'created');
    return this.get(id);
  }

  rename(input: { agent: string; name: string }, actor: Actor): Agent {
    const agent = this.get(input.agent);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('UPDATE agents SET name = ?, updated_at = ? WHERE id = ?').run(input.name, nowIso(), agent.id);
      this.ctx.audit.append(actor, 'agent.rename', agent.id, { from: agent.name, to: input.name });
    })();
    this.publishChange(agent.id, 'updated');
    return this.get(agent.id);
  }

  delete(input: { agent: string }, actor: Actor): { id: string } {
    const agent = this.get(input.agent);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM agents WHERE id = ?').run(agent.id);
      this.ctx.audit.append(actor, 'agent.delete', agent.id, { slug: agent.slug, crew: agent.crewSlug });
    })();
    this.publishChange(agent.id, 'deleted');
    return { id: agent.id };
  }

  private publishChange(agentId: string, change: 'created' | 'updated' | 'deleted'): void {
    for (const event of agentChangedEvents(agentId, change)) this.ctx.bus.publish(event.name, event.payload);
  }
}

function slugTaken(slug: string): AppError {
  return new AppError(
    'agent_slug_taken',
    `An agent with the slug "${slug}" already exists.`,
    'Choose another name, or pass a different slug.',
  );
}
