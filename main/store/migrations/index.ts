import { initialSchema } from './001-initial.ts';
import { oauthSchema } from './002-oauth.ts';
import { mcpSchema } from './003-mcp.ts';
import { allowedEnvSchema } from './004-allowed-env.ts';
import { workspacesSchema } from './005-workspaces.ts';
import { composioSchema } from './006-composio.ts';
import { crewConnectionsSchema } from './007-crew-connections.ts';
import { registrySchema } from './008-registry.ts';
import { registrySearchSpeedSchema } from './009-registry-search-speed.ts';
import { registrySearchFilterSchema } from './018-registry-search-filter.ts';
import { mcpAuthSchema } from './010-mcp-auth.ts';
import { composioAccessSchema } from './011-composio-access.ts';
import { managedMcpServersSchema } from './012-managed-mcp-servers.ts';
import { agentEndpointSchema } from './013-agent-endpoint.ts';
import { mcpAuthClientsSchema } from './014-mcp-auth-clients.ts';
import { mcpToolSightingsSchema } from './015-mcp-tool-sightings.ts';
import { bindingAccountStateSchema } from './016-binding-account-state.ts';
import { mcpServerRootsSchema } from './019-mcp-server-roots.ts';
import { mcpToolPinsSchema } from './020-mcp-tool-pins.ts';
import { registrySyncIndexesSchema } from './021-registry-sync-indexes.ts';
import { registrySearchNameSchema } from './022-registry-search-name.ts';
import { mcpCallTasksSchema } from './023-mcp-call-tasks.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Ordered by version; a migration, once released, never changes: add a new one instead. The store
 * applies each migration above the database's version, so a new one must take a version above every
 * migration already on main (numbers reserved for work in progress are renumbered when it lands).
 */
export const migrations: readonly Migration[] = [
  initialSchema,
  oauthSchema,
  mcpSchema,
  allowedEnvSchema,
  workspacesSchema,
  composioSchema,
  crewConnectionsSchema,
  registrySchema,
  registrySearchSpeedSchema,
  mcpAuthSchema,
  composioAccessSchema,
  managedMcpServersSchema,
  agentEndpointSchema,
  mcpAuthClientsSchema,
  mcpToolSightingsSchema,
  bindingAccountStateSchema,
  registrySearchFilterSchema,
  mcpServerRootsSchema,
  mcpToolPinsSchema,
  registrySyncIndexesSchema,
  registrySearchNameSchema,
  mcpCallTasksSchema,
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
