import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { printJson } from '../output.ts';

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('The vault that seals every secret.');

  vault
    .command('status')
    .description('Show the key provider and the data key in use (never key material).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const output = { json: Boolean(options.json) };
      const status = await callMethod('vault.status', {}, output);
      if (!status) return;
      if (output.json) return printJson(status);
      process.stdout.write(`provider: ${status.provider}\ndata key: ${status.keyId}\nsince:    ${status.createdAt}\n`);
    });

  vault
    .command('rotate')
    .description('Make a new data key and re-seal every secret with it, in one transaction.')
    .action(async () => {
      const result = await callMethod('vault.rotateDataKey', {}, { json: false });
      if (result) process.stdout.write(`Re-sealed ${result.resealed} secret(s) under data key ${result.keyId}.\n`);
    });
}
