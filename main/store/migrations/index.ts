import { initialSchema } from './001-initial.ts';
import { oauthSchema } from './002-oauth.ts';
import { mcpSchema } from './003-mcp.ts';
import { allowedEnvSchema } from './004-allowed-env.ts';
import { workspacesSchema } from './005-workspaces.ts';
import { composioSchema } from './006-composio.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered; a migration, once released, never changes: add a new one instead. */
export const migrations: readonly Migration[] = [initialSchema, oauthSchema, mcpSchema, allowedEnvSchema, workspacesSchema, composioSchema];

export const LATEST_SCHEMA_VERSION = migrations.length;
