import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export type ChromiumBinary = { found: true; path: string; version: string } | { found: false; reason: string };

/** The system Chromium that end-to-end tests drive (Playwright's own browser download does not work offline). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumBinary {
  const path = env.CREWSHIP_CHROMIUM ?? candidates.find((candidate) => existsSync(candidate));
  if (!path || !existsSync(path)) {
    return { found: false, reason: 'no Chromium found (install it with `apt-get install -y chromium`, or set CREWSHIP_CHROMIUM)' };
  }
  try {
    const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { found: true, path, version };
  } catch {
    return { found: false, reason: `${path} exists but does not run` };
  }
}

/** The flags that keep Chromium quiet on a machine without network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
