import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { printJson, run } from '../kit.ts';

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('The vault that seals every secret.');

  vault
    .command('status')
    .description('Show the key provider and the data key in use (never key material).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const status = await callMethod('vault.status', {}, output);
        if (!status) return;
        if (output.json) return printJson(status);
        process.stdout.write(`provider: ${status.provider}\ndata key: ${status.keyId}\nsince:    ${status.createdAt}\n`);
      }),
    );

  vault
    .command('rotate')
    .description('Make a new data key and re-seal every secret with it, in one transaction.')
    .action(async () =>
      run({}, async (output) => {
        const result = await callMethod('vault.rotateDataKey', {}, output);
        if (result) process.stdout.write(`Re-sealed ${result.resealed} secret(s) under data key ${result.keyId}.\n`);
      }),
    );
}
