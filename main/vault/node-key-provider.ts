import { join, resolve } from 'node:path';
import { KEY_FILE_NAME, KeyFileProvider } from './key-file-provider.ts';
import type { KeyProvider } from './key-provider.ts';
import { MasterKeyProvider } from './master-key-provider.ts';

/**
 * The key provider for the CLI and the local host: CREWSHIP_MASTER_KEY when set, else the key file
 * at CREWSHIP_KEY_FILE, else `<dataDir>/master.key`.
 */
export function resolveNodeKeyProvider(env: NodeJS.ProcessEnv, dataDir: string): KeyProvider {
  // An empty variable counts as unset, as CREWSHIP_HOME does.
  if (env.CREWSHIP_MASTER_KEY) return new MasterKeyProvider(env.CREWSHIP_MASTER_KEY);
  return new KeyFileProvider(env.CREWSHIP_KEY_FILE ? resolve(env.CREWSHIP_KEY_FILE) : join(dataDir, KEY_FILE_NAME));
}
