import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../store/data-dir.ts';
import type { CliLauncher } from './system-info.ts';

// main/system/ and the bundle's out/main/ both sit two levels under the package, beside bin/.
const launcher = fileURLToPath(new URL('../../bin/crewship.js', import.meta.url));

let onPath: boolean | undefined;

/** Read once: PATH and what is installed on it do not change while the console runs. */
function launcherOnPath(env: NodeJS.ProcessEnv): boolean {
  if (onPath !== undefined) return onPath;
  onPath = false;
  if (!existsSync(launcher)) return onPath;
  const ours = realpathSync(launcher);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'crewship');
    try {
      accessSync(candidate, constants.X_OK);
      if (realpathSync(candidate) === ours) onPath = true;
    } catch {
      continue;
    }
    // The first crewship on PATH is the one a shell runs: if it is another, it is not ours.
    break;
  }
  return onPath;
}

export function describeCliLauncher(dataDir: string, env: NodeJS.ProcessEnv = process.env): CliLauncher {
  // A terminal does not have the console's CREWSHIP_HOME (or Electron's userData): only the XDG default is found unnamed.
  const { CREWSHIP_HOME: _ignored, ...withoutHome } = env;
  const found = resolveDataDir(withoutHome);
  return {
    program: launcherOnPath(env) ? 'crewship' : launcher,
    dataDirOverride: resolve(dataDir) === found ? null : resolve(dataDir),
  };
}
