import type { AgentsService } from '../../agents/agents-service.ts';
import type { CrewsService } from '../../crews/crews-service.ts';
import type { crewMethods } from '../methods/crews.ts';
import type { HandlersOf } from '../router.ts';

export interface CrewServices {
  crews: CrewsService;
  agents: AgentsService;
}

export function crewHandlers({ crews, agents }: CrewServices): HandlersOf<keyof typeof crewMethods> {
  return {
    'crews.list': () => crews.list(),
    'crews.get': ({ crew }) => crews.get(crew),
    'crews.create': (input, { actor }) => crews.create(input, actor),
    'crews.rename': (input, { actor }) => crews.rename(input, actor),
    'crews.delete': (input, { actor }) => crews.delete(input, actor),

    'agents.list': (input) => agents.list(input),
    'agents.get': ({ agent }) => agents.get(agent),
    'agents.create': (input, { actor }) => agents.create(input, actor),
    'agents.rename': (input, { actor }) => agents.rename(input, actor),
    'agents.delete': (input, { actor }) => agents.delete(input, actor),
  };
}
