import type { Core } from '../app/core.ts';
import { credentialHandlers } from './handlers/credentials.ts';
import { crewHandlers } from './handlers/crews.ts';
import { mcpHandlers } from './handlers/mcp.ts';
import { systemHandlers } from './handlers/system.ts';
import type { Handlers } from './router.ts';

/** Maps each contract method onto the domain services, one group per domain. Thin: no business logic here. */
export function createHandlers(core: Core): Handlers {
  return {
    ...systemHandlers(core),
    ...crewHandlers(core),
    ...credentialHandlers(core),
    ...mcpHandlers(core),
  };
}
