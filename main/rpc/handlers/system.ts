import type { Core } from '../../app/core.ts';
import { LATEST_SCHEMA_VERSION } from '../../store/database.ts';
import { APP_VERSION } from '../../system/app-version.ts';
import { runDoctor } from '../../system/doctor.ts';
import type { systemMethods } from '../methods/system.ts';
import type { HandlersOf } from '../router.ts';

export function systemHandlers(core: Core): HandlersOf<keyof typeof systemMethods> {
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

    'preferences.get': () => core.preferences.get(),
    'preferences.update': (patch) => core.preferences.update(patch),

    'vault.status': () => core.vaultAdmin.status(),
    'vault.rotateDataKey': (_input, { actor }) => core.vaultAdmin.rotateDataKey(actor),

    'audit.recent': ({ limit }) => core.audit.recent(limit),
  };
}
