import type { Core } from '../../app/core.ts';
import type { crewMethods } from '../methods/crews.ts';
import type { HandlersOf } from '../router.ts';

export function crewHandlers(core: Core): HandlersOf<keyof typeof crewMethods> {
  return {
    'crews.list': () => core.crews.list(),
    'crews.get': ({ crew }) => core.crews.get(crew),
    'crews.create': (input, { actor }) => core.crews.create(input, actor),
    'crews.rename': (input, { actor }) => core.crews.rename(input, actor),
    'crews.delete': (input, { actor }) => core.crews.delete(input, actor),

    'agents.list': (input) => core.agents.list(input),
    'agents.get': ({ agent }) => core.agents.get(agent),
    'agents.create': (input, { actor }) => core.agents.create(input, actor),
    'agents.rename': (input, { actor }) => core.agents.rename(input, actor),
    'agents.delete': (input, { actor }) => core.agents.delete(input, actor),
  };
}
