import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the CLI and the local host keep their data: $CREWSHIP_HOME, else the XDG data dir.
 * The Electron shell passes its own userData path instead.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CREWSHIP_HOME) return resolve(env.CREWSHIP_HOME);
  const xdgDataHome = env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share');
  return join(xdgDataHome, 'crewship');
}

export function ensureDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}

export const DATABASE_FILE = 'crewship.db';
