import { AppError } from '../../errors/app-error.ts';
import type { accessMethods } from '../methods/access.ts';
import type { HandlersOf } from '../router.ts';

// The contract is published ahead of its handlers (others build on it); these answer until then.
const notYet = (method: string) => () => {
  throw new AppError('unknown_method', `${method} is declared but not built yet on this branch.`, 'Merge a later commit of h/composio-access.');
};

export function accessHandlers(): HandlersOf<keyof typeof accessMethods> {
  return {
    'agents.resolve': notYet('agents.resolve'),
    'agents.promptBlock': notYet('agents.promptBlock'),
  };
}
