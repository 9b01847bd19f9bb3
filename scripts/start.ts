// `npm start`: the desktop app where Electron can run; otherwise the same UI from the local host in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../main/system/electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function ensureBuilt(): void {
  if (existsSync(`${root}/out/main/index.js`) && existsSync(`${root}/out/renderer/index.html`)) return;
  process.stdout.write('Building the app once (electron-vite build)…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureBuilt();
const electron = findElectronBinary();
if (electron.found) {
  run(electron.path, [root]);
} else {
  process.stdout.write(`The desktop app cannot start here because ${electron.reason}, so the same console is served to your browser instead.\n`);
  run(process.execPath, [`${root}/bin/crewship.js`, 'serve']);
}
