import { initialSchema } from './001-initial.ts';
import { oauthSchema } from './002-oauth.ts';
import { mcpSchema } from './003-mcp.ts';
import { allowedEnvSchema } from './004-allowed-env.ts';
import { workspacesSchema } from './005-workspaces.ts';
import { composioSchema } from './006-composio.ts';
import { crewConnectionsSchema } from './007-crew-connections.ts';
import { registrySchema } from './008-registry.ts';
import { composioAccessSchema } from './009-composio-access.ts';
import { managedMcpServersSchema } from './010-managed-mcp-servers.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Ordered by version; a migration, once released, never changes: add a new one instead. Versions
 * are assigned ahead of the work (features built side by side), so the list may skip a number
 * until the ones between arrive; the store applies each migration above the database's version.
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
  composioAccessSchema,
  managedMcpServersSchema,
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
