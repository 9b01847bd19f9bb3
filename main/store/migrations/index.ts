import { initialSchema } from './001-initial.ts';
import { oauthSchema } from './002-oauth.ts';
import { mcpSchema } from './003-mcp.ts';
import { allowedEnvSchema } from './004-allowed-env.ts';
import { registrySchema } from './008-registry.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered; a migration, once released, never changes: add a new one instead. */
export const migrations: readonly Migration[] = [
  initialSchema,
  oauthSchema,
  mcpSchema,
  allowedEnvSchema,
  // 005–007 are other branches' (workspaces, composio, crew connections): each replaces its line at merge.
  reservedUntilMerged(5, 'workspaces'),
  reservedUntilMerged(6, 'composio'),
  reservedUntilMerged(7, 'crew-connections'),
  registrySchema,
];

/** A number assigned to a migration of a branch not merged yet, so that the versions after it keep their places. */
function reservedUntilMerged(version: number, name: string): Migration {
  return { version, name: `${name} (reserved)`, sql: '' };
}

export const LATEST_SCHEMA_VERSION = migrations.length;
