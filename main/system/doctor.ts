import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { openStore, LATEST_SCHEMA_VERSION, type Store } from '../store/database.ts';
import { findIntegrityProblems } from '../store/integrity.ts';
import { openToOthers } from '../store/private-files.ts';
import { namingCorruption, storeCorrupt } from '../store/store-errors.ts';
import { resolveNodeKeyProvider } from '../vault/node-key-provider.ts';
import type { KeyProvider } from '../vault/key-provider.ts';
import { Vault } from '../vault/vault.ts';
import { sharedKeyWarning } from '../composio/shared-key.ts';
import { findChromium } from './chromium.ts';
import type { DoctorCheck, DoctorReport } from './doctor-report.ts';
import { findElectronBinary } from './electron-binary.ts';

export interface DoctorOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** The Electron shell passes its safeStorage provider; the CLI and host resolve theirs from the environment. */
  keyProvider?: KeyProvider;
}

const MIN_NODE = [22, 12] as const;

/** Reports the environment truthfully, one check at a time: a failing check never hides the ones after it. */
export function runDoctor({ dataDir, env = process.env, keyProvider }: DoctorOptions): DoctorReport {
  // The Composio check needs the open store too, and is listed last.
  const [database, keys, composio] = checkStoreAndVault(dataDir, env, keyProvider);
  const checks = [checkDataDir(dataDir), database, keys, checkNode(), checkChromium(env), checkElectron(env), composio].filter((check): check is DoctorCheck => check !== undefined);
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}

function checkDataDir(dataDir: string): DoctorCheck {
  if (!existsSync(dataDir)) {
    return { name: 'data directory', status: 'ok', detail: `${dataDir} (will be created on first use)` };
  }
  try {
    accessSync(dataDir, constants.W_OK);
  } catch {
    return { name: 'data directory', status: 'fail', detail: `${dataDir} is not writable`, hint: 'Fix its permissions or set CREWSHIP_HOME.' };
  }
  const mode = statSync(dataDir).mode;
  if (openToOthers(mode)) {
    return {
      name: 'data directory',
      status: 'warn',
      detail: `${dataDir} is open to other users (mode ${(mode & 0o777).toString(8)})`,
      hint: `Run \`chmod 700 ${dataDir}\`: it holds the database (call history, literal --env and --header values) and the key file.`,
    };
  }
  return { name: 'data directory', status: 'ok', detail: dataDir };
}

function checkStoreAndVault(dataDir: string, env: NodeJS.ProcessEnv, provided?: KeyProvider): DoctorCheck[] {
  let store;
  try {
    store = openStore({ dataDir });
  } catch (error) {
    return [
      failed('database', error),
      { name: 'key provider', status: 'warn', detail: 'not checked: the database did not open' },
      { name: 'composio', status: 'warn', detail: 'not checked: the database did not open' },
    ];
  }
  try {
    return [checkIntegrity(store), checkVault(store, env, dataDir, provided), checkComposio(store, env)];
  } finally {
    store.close();
  }
}

/** Whether COMPOSIO_API_KEY backs several workspaces, which then share one Composio project. */
function checkComposio(store: Store, env: NodeJS.ProcessEnv): DoctorCheck {
  try {
    const warning = sharedKeyWarning(store.db, env);
    if (warning) return { name: 'composio', status: 'warn', detail: warning.message, hint: warning.hint };
    const own = store.db.prepare('SELECT COUNT(*) FROM composio_keys').pluck().get() as number;
    const fromEnv = env.COMPOSIO_API_KEY?.trim() ? 'COMPOSIO_API_KEY set' : 'COMPOSIO_API_KEY not set';
    return { name: 'composio', status: 'ok', detail: `${fromEnv}; ${own} workspace${own === 1 ? '' : 's'} with a key of its own` };
  } catch (error) {
    return failed('composio', error);
  }
}

function checkIntegrity(store: Store): DoctorCheck {
  const schema = `schema version ${store.schemaVersion} of ${LATEST_SCHEMA_VERSION}`;
  try {
    const problems = namingCorruption(store.path, () => findIntegrityProblems(store.db, 'quick', 3));
    if (problems.length > 0) throw storeCorrupt(store.path, `${schema}; the integrity check found: ${problems.join('; ')}`);
    return { name: 'database', status: 'ok', detail: `${store.path}, ${schema}, integrity ok` };
  } catch (error) {
    return failed('database', error);
  }
}

function checkVault(store: Store, env: NodeJS.ProcessEnv, dataDir: string, provided?: KeyProvider): DoctorCheck {
  try {
    const provider = provided ?? resolveNodeKeyProvider(env, dataDir);
    const vault = namingCorruption(store.path, () => Vault.open(store.db, provider));
    const { keyId, createdAt } = vault.describe();
    return { name: 'key provider', status: 'ok', detail: `${provider.describe()}; data key ${keyId} since ${createdAt}` };
  } catch (error) {
    return failed('key provider', error);
  }
}

function checkNode(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const good = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return good
    ? { name: 'node', status: 'ok', detail: `Node ${process.versions.node} (N-API ${process.versions.napi})` }
    : {
        name: 'node',
        status: 'fail',
        detail: `Node ${process.versions.node} is older than ${MIN_NODE.join('.')}`,
        hint: 'Run crewship through npm (`npx crewship …`), which uses the Node pinned in node_modules.',
      };
}

function checkChromium(env: NodeJS.ProcessEnv): DoctorCheck {
  const chromium = findChromium(env);
  return chromium.found
    ? { name: 'chromium', status: 'ok', detail: `${chromium.version} at ${chromium.path}` }
    : { name: 'chromium', status: 'warn', detail: chromium.reason, hint: 'Only the end-to-end tests need it.' };
}

function checkElectron(env: NodeJS.ProcessEnv): DoctorCheck {
  const electron = findElectronBinary(env);
  return electron.found
    ? { name: 'electron', status: 'ok', detail: electron.path }
    : {
        name: 'electron',
        status: 'warn',
        detail: electron.reason,
        hint: '`npm start` serves the same UI in the browser instead; `crewship serve` does too.',
      };
}

function failed(name: string, error: unknown): DoctorCheck {
  if (error instanceof AppError) return { name, status: 'fail', detail: `${error.message} [${error.code}]`, hint: error.hint };
  return { name, status: 'fail', detail: 'an unexpected error occurred', hint: 'Report this problem.' };
}
