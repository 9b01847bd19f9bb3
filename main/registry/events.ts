import type { RegistrySyncStatus } from './types.ts';

/** What the registry domain publishes. */
export interface RegistryEvents {
  /** A sync read a page (at most ten a second), stopped or finished: its counts so far. */
  'registry.syncProgress': RegistrySyncStatus;
  /** The cache changed (a sync ended, or stopped part-way): lists and details re-read. */
  'registry.changed': { source: string; servers: number };
}
