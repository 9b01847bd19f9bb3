import { createCore, type Core, type CoreOptions } from '../../main/app/core.ts';
import { resolveNodeKeyProvider } from '../../main/vault/node-key-provider.ts';

export const TEST_MASTER_KEY = 'test-master-key-0123456789abcdef';

/** A real core on a real SQLite file, its vault keyed by CREWSHIP_MASTER_KEY; `options` adds to the defaults. */
export function openTestCore(dataDir: string, masterKey = TEST_MASTER_KEY, options: Partial<CoreOptions> = {}): Core {
  const keyProvider = resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: masterKey }, dataDir);
  return createCore({ dataDir, keyProvider, logInternalError: () => {}, ...options });
}
