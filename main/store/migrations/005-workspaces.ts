import type { Migration } from './index.ts';

/**
 * Workspaces become more than the one `default` row: each has a slug (how doors name it:
 * `--workspace night-shift`, `X-Crewship-Workspace`) that stays when it is renamed, and the time
 * it last changed. The default workspace's slug is its id.
 */
export const workspacesSchema: Migration = {
  version: 5,
  name: 'workspaces',
  sql: `
    ALTER TABLE workspaces ADD COLUMN slug TEXT NOT NULL DEFAULT '';
    ALTER TABLE workspaces ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    UPDATE workspaces SET slug = id, updated_at = created_at;
    CREATE UNIQUE INDEX workspaces_by_slug ON workspaces(slug);
  `,
};
