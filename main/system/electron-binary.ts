import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the Electron binary on disk without loading the electron package: since Electron 42 that
 * loading starts a download, which cannot succeed offline.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  if (env.CREWSHIP_ELECTRON_BINARY) {
    return existsSync(env.CREWSHIP_ELECTRON_BINARY)
      ? { found: true, path: env.CREWSHIP_ELECTRON_BINARY }
      : { found: false, reason: `CREWSHIP_ELECTRON_BINARY points at ${env.CREWSHIP_ELECTRON_BINARY}, which does not exist` };
  }
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason: 'the Electron binary has not been downloaded (Electron fetches it on first launch, and this machine cannot reach its download host)',
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `the Electron binary is missing at ${binary}` };
}
