import { z } from 'zod';
import type { Agent } from '../../agents/agent.ts';
import type { Crew } from '../../crews/crew.ts';
import { displayName, method, noInput, reference, slug } from '../method.ts';

export const crewMethods = {
  'crews.list': method<Crew[]>()(noInput, 'List the crews of the workspace.'),
  'crews.get': method<Crew>()(z.object({ crew: reference }).strict(), 'One crew by id or slug.'),
  'crews.create': method<Crew>()(
    z.object({ name: displayName, slug: slug.optional() }).strict(),
    'Create a crew; the slug is derived from the name unless given.',
  ),
  'crews.rename': method<Crew>()(z.object({ crew: reference, name: displayName }).strict(), 'Rename a crew (its slug stays).'),
  'crews.delete': method<{ deletedAgents: number }>()(
    z.object({ crew: reference, withAgents: z.boolean().optional() }).strict(),
    'Delete a crew; refused while it has agents unless withAgents is true.',
  ),

  'agents.list': method<Agent[]>()(z.object({ crew: reference.optional() }).strict(), 'List agents, optionally of one crew.'),
  'agents.get': method<Agent>()(z.object({ agent: reference }).strict(), 'One agent by id or slug.'),
  'agents.create': method<Agent>()(
    z.object({ crew: reference, name: displayName, slug: slug.optional() }).strict(),
    'Create an agent in a crew.',
  ),
  'agents.rename': method<Agent>()(z.object({ agent: reference, name: displayName }).strict(), 'Rename an agent (its slug stays).'),
  'agents.delete': method<{ id: string }>()(z.object({ agent: reference }).strict(), 'Delete an agent.'),
} as const;
