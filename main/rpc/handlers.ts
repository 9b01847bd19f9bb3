import { accessHandlers, type AccessServices } from './handlers/access.ts';
import { agentEndpointHandlers, type AgentEndpointServices } from './handlers/agent-endpoint.ts';
import { composioHandlers, type ComposioServices } from './handlers/composio.ts';
import { composioTriggerHandlers } from './handlers/composio-triggers.ts';
import { credentialHandlers, type CredentialServices } from './handlers/credentials.ts';
import { crewHandlers, type CrewServices } from './handlers/crews.ts';
import { mcpHandlers, type McpServices } from './handlers/mcp.ts';
import { mcpAuthHandlers, type McpAuthServices } from './handlers/mcp-auth.ts';
import { mcpCollectionHandlers } from './handlers/mcp-collections.ts';
import { mcpToolPinHandlers } from './handlers/mcp-tool-pins.ts';
import { registryHandlers, type RegistryServices } from './handlers/registry.ts';
import { systemHandlers, type SystemServices } from './handlers/system.ts';
import { workspaceHandlers, type WorkspaceServices } from './handlers/workspaces.ts';
import type { Handlers } from './router.ts';
import { connectionHandlers } from './handlers/connections.ts';
import type { ConnectionsService } from '../connections/connections-service.ts';

/** The services the handlers map the contract onto: the composition root's, whatever else it holds. */
type HandlerServices = AccessServices & AgentEndpointServices & SystemServices & CrewServices & CredentialServices & { mcp: McpServices } & ComposioServices & WorkspaceServices & { connections: ConnectionsService } & RegistryServices & McpAuthServices;

/** Maps each contract method onto the domain services, one group per domain. Thin: no business logic here. */
export function createHandlers(services: HandlerServices): Handlers {
  const { crews, agents, credentials, oauth, mcp, composio, registry } = services;
  return {
    ...systemHandlers(services),
    ...crewHandlers({ crews, agents }),
    ...credentialHandlers({ credentials, oauth }),
    ...composioTriggerHandlers({ composio }),
    ...mcpHandlers(mcp, services.access, services.openExternal),
    ...mcpCollectionHandlers(mcp.gateway),
    ...mcpToolPinHandlers(mcp),
    ...mcpAuthHandlers({ mcpAuth: services.mcpAuth, openExternal: services.openExternal }),
    ...composioHandlers({ composio, endpoints: services.endpoints, openExternal: services.openExternal }),
    ...workspaceHandlers(services),
    ...connectionHandlers(services.connections),
    ...registryHandlers({ registry }),
    ...accessHandlers({ access: services.access }),
    ...agentEndpointHandlers({ agentEndpoint: services.agentEndpoint }),
  };
}
