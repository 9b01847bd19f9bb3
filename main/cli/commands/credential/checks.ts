import type { Command } from 'commander';
import type { ConnectionTestResult } from '../../../credentials/credential.ts';
import { callMethod } from '../../core-session.ts';
import { EXIT_FAILURE, printJson, printLines, run } from '../../kit.ts';

/** credential test, refresh and revoke: the commands that ask the provider. */
export function registerChecks(credential: Command): void {
  credential
    .command('test <credential>')
    .description('Test the credential at its provider and say exactly what is wrong (exit 1 when something is).')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const result = await callMethod('credentials.test', { credential: ref }, output);
        if (!result) return;
        if (!result.ok) process.exitCode = EXIT_FAILURE;
        if (output.json) return printJson(result);
        printTest(result);
      }),
    );

  credential
    .command('refresh <credential>')
    .description('Refresh the access token now.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const refreshed = await callMethod('credentials.refresh', { credential: ref }, output);
        if (!refreshed) return;
        if (output.json) return printJson(refreshed);
        printLines([`Refreshed "${refreshed.label}"; the access token is good until ${refreshed.expiresAt ?? 'the provider says otherwise'}.`]);
      }),
    );

  credential
    .command('revoke <credential>')
    .description('Disconnect: revoke the grant at the provider where it supports revocation, and forget the tokens.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const result = await callMethod('credentials.revoke', { credential: ref }, output);
        if (!result) return;
        if (output.json) return printJson(result);
        printLines([`Disconnected "${result.credential.label}". ${result.detail}`]);
      }),
    );
}

function printTest(result: ConnectionTestResult): void {
  const mark = (ok: boolean | null) => (ok === null ? '-' : ok ? 'ok' : 'FAIL');
  printLines([
    `${result.ok ? 'PASS' : `FAIL (${result.problem})`}  ${result.message}`,
    ...(result.ok ? [] : [`hint: ${result.hint}`]),
    ...result.checks.map((check) => `  ${mark(check.ok).padEnd(5)}${check.name.padEnd(8)}${check.detail}`),
  ]);
}
