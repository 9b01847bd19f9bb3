import type { AccessService } from '../../access/access-service.ts';
import type { accessMethods } from '../methods/access.ts';
import type { HandlersOf } from '../router.ts';

export interface AccessServices {
  access: AccessService;
}

export function accessHandlers({ access }: AccessServices): HandlersOf<keyof typeof accessMethods> {
  return {
    'agents.resolve': ({ agent }) => access.resolveAgent(agent),
    'agents.promptBlock': ({ agent }) => access.promptBlock(agent),
  };
}
