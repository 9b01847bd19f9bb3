import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { generateMasterKey } from '../../vault/master-key-provider.ts';
import { printExact, printJson, printLines, run } from '../kit.ts';

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
        printLines([`provider: ${status.provider}`, `data key: ${status.keyId}`, `since:    ${status.createdAt}`]);
      }),
    );

  vault
    .command('generate-key')
    .description('Print a new master key for CREWSHIP_MASTER_KEY: 32 random bytes in base64url, derived with HKDF instead of scrypt (a faster start).')
    .action(() => {
      // Opens no vault: it prints a key and keeps nothing. The key is for `CREWSHIP_MASTER_KEY=$(…)`, so exact.
      printExact(`${generateMasterKey()}\n`);
      printLines(
        ['Keep it as safe as the data it protects. Set CREWSHIP_MASTER_KEY to it before the first start on a new data directory; an existing vault opens only with the key that created it.'],
        'stderr',
      );
    });

  vault
    .command('rotate')
    .description('Make a new data key and re-seal every secret with it, in one transaction.')
    .action(async () =>
      run({}, async (output) => {
        const result = await callMethod('vault.rotateDataKey', {}, output);
        if (result) printLines([`Re-sealed ${result.resealed} secret(s) under data key ${result.keyId}.`]);
      }),
    );
}
