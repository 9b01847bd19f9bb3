import type { Core } from '../app/core.ts';
import { APP_VERSION } from '../system/app-version.ts';
import { runDoctor } from '../system/doctor.ts';
import { LATEST_SCHEMA_VERSION } from '../store/database.ts';
import type { Handlers } from './router.ts';

/** Maps each contract method onto the domain services. Thin: no business logic lives here. */
export function createHandlers(core: Core): Handlers {
  return {
    'system.info': () => ({
      appVersion: APP_VERSION,
      nodeVersion: process.versions.node,
      dataDir: core.dataDir,
      databasePath: core.store.path,
      schemaVersion: core.store.schemaVersion,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      keyProvider: core.keyProvider.describe(),
      workspaceId: core.workspaceId,
    }),
    'system.doctor': () => runDoctor({ dataDir: core.dataDir, keyProvider: core.keyProvider }),

    'crews.list': () => core.crews.list(),
    'crews.get': ({ crew }) => core.crews.get(crew),
    'crews.create': (input, { actor }) => core.crews.create(input, actor),
    'crews.rename': (input, { actor }) => core.crews.rename(input, actor),
    'crews.delete': (input, { actor }) => core.crews.delete(input, actor),

    'agents.list': (input) => core.agents.list(input),
    'agents.get': ({ agent }) => core.agents.get(agent),
    'agents.create': (input, { actor }) => core.agents.create(input, actor),
    'agents.rename': (input, { actor }) => core.agents.rename(input, actor),
    'agents.delete': (input, { actor }) => core.agents.delete(input, actor),

    'preferences.get': () => core.preferences.get(),
    'preferences.update': (patch) => core.preferences.update(patch),

    'vault.status': () => core.vaultAdmin.status(),
    'vault.rotateDataKey': (_input, { actor }) => core.vaultAdmin.rotateDataKey(actor),

    'audit.recent': ({ limit }) => core.audit.recent(limit),
  };
}
