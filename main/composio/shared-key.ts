import type { Db } from '../store/database.ts';
import type { ComposioSharedKeyWarning } from './types.ts';

/**
 * The workspaces that COMPOSIO_API_KEY backs (those without a key of their own), when there are
 * several: they share one Composio project, so each can see the others' users and accounts. Null
 * when the environment has no key or backs at most one workspace. The doctor asks this without a core.
 */
export function sharedKeyWarning(db: Db, env: NodeJS.ProcessEnv): ComposioSharedKeyWarning | null {
  if (!env.COMPOSIO_API_KEY?.trim()) return null;
  const workspaces = db
    .prepare(
      `SELECT w.id, w.name FROM workspaces w
       WHERE NOT EXISTS (SELECT 1 FROM composio_keys k WHERE k.workspace_id = w.id)
       ORDER BY w.name COLLATE NOCASE, w.id`,
    )
    .all() as Array<{ id: string; name: string }>;
  if (workspaces.length < 2) return null;
  return {
    workspaces,
    message: `COMPOSIO_API_KEY backs ${workspaces.length} workspaces (${workspaces.map((w) => w.name).join(', ')}): they share one Composio project, so each can see the others' users and connected accounts.`,
    hint: 'Give each workspace its own project key: `crewship integration composio key set --key ak_… --workspace <slug>` (or Integrations → API key), one Composio project per tenant.',
  };
}
