import type { AuditLog } from '../../audit/audit-log.ts';
import { AppError } from '../../errors/app-error.ts';
import type { PreferencesService } from '../../preferences/preferences-service.ts';
import { LATEST_SCHEMA_VERSION, type Store } from '../../store/database.ts';
import { APP_VERSION } from '../../system/app-version.ts';
import { describeCliLauncher } from '../../system/cli-launcher.ts';
import { runDoctor } from '../../system/doctor.ts';
import type { KeyProvider } from '../../vault/key-provider.ts';
import type { VaultService } from '../../vault/vault-service.ts';
import type { systemMethods } from '../methods/system.ts';
import type { HandlersOf } from '../router.ts';

export interface SystemServices {
  dataDir: string;
  store: Pick<Store, 'path' | 'schemaVersion'>;
  keyProvider: KeyProvider;
  workspaceId: string;
  preferences: PreferencesService;
  vaultAdmin: VaultService;
  audit: AuditLog;
  demo: boolean;
  legacyMcpViewFromEnv: boolean;
  pickDirectory: ((title: string) => Promise<string | null>) | undefined;
}

export function systemHandlers(services: SystemServices): HandlersOf<keyof typeof systemMethods> {
  const { dataDir, store, keyProvider, workspaceId, preferences, vaultAdmin, audit, demo, legacyMcpViewFromEnv, pickDirectory } = services;
  return {
    'system.info': () => ({
      appVersion: APP_VERSION,
      nodeVersion: process.versions.node,
      dataDir,
      databasePath: store.path,
      schemaVersion: store.schemaVersion,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      keyProvider: keyProvider.describe(),
      workspaceId,
      demo,
      legacyMcpViewFromEnv,
      cli: describeCliLauncher(dataDir),
      directoryPicker: pickDirectory !== undefined,
    }),
    'system.pickDirectory': async ({ title }) => {
      if (!pickDirectory) {
        throw new AppError('system_picker_unavailable', 'This console cannot open a folder dialog: only the desktop app can.', 'Type the folder’s absolute path instead.');
      }
      return { path: await pickDirectory(title) };
    },
    'system.doctor': () => runDoctor({ dataDir, keyProvider }),

    'preferences.get': () => preferences.get(),
    'preferences.update': (patch) => preferences.update(patch),

    'vault.status': () => vaultAdmin.status(),
    'vault.rotateDataKey': (_input, { actor }) => vaultAdmin.rotateDataKey(actor),

    'audit.recent': ({ limit }) => audit.recent(limit),
  };
}
