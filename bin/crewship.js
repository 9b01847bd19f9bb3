#!/usr/bin/env node
// The CLI runs its TypeScript directly (Node >= 22.18 strips types). Under an older Node, as when a
// shell finds the system one first, hand over to the Node that package.json pins in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  // Every command is a fresh process: Node keeps what it compiled (and the types it stripped) in
  // its on-disk cache, so a command after the first starts about 200 ms sooner.
  enableCompileCache();
  await import('../main/cli/index.ts');
} else {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write(`crewship needs Node >= 22.18 (this is ${process.version}); run \`npm install\` to fetch the pinned one.\n`);
    process.exit(1);
  }
  const result = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
