import type { Command } from 'commander';
import type { ComposioConnectFlow } from '../../../composio/types.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { withCore, type CliSession } from '../../core-session.ts';
import { EXIT_FAILURE, fail, positiveInt, printJsonLine, printLines, run, type Output } from '../../kit.ts';

export function registerConnect(composio: Command): void {
  composio
    .command('connect <app>')
    .description('Connect a user’s account of an app: creates its managed auth config if none, prints the sign-in link, waits until ACTIVE (Ctrl+C cancels).')
    .requiredOption('--user <user_id>', 'the Composio user the account belongs to (one per agent identity)')
    .option('--auth-config <id>', 'connect through this auth config (default: the app’s enabled one)')
    .option('--timeout <seconds>', 'how long to wait for the sign-in (default 600)')
    .option('--json', 'print JSON lines: the start, each change, the end')
    .action(async (app: string, options: { user: string; authConfig?: string; timeout?: string; json?: boolean }) =>
      run(options, async (output) => {
        const input: MethodInput<'composio.connect'> = {
          toolkit: app,
          userId: options.user,
          ...(options.authConfig ? { authConfigId: options.authConfig } : {}),
          ...(options.timeout ? { timeoutSeconds: positiveInt(options.timeout, '--timeout') } : {}),
        };
        await withCore(output, (session) => connect(session, input, output));
      }),
    );
}

async function connect(session: CliSession, input: MethodInput<'composio.connect'>, output: Output): Promise<void> {
  const started = await session.call('composio.connect', input);
  if (!started) return;
  // Ctrl+C cancels through the contract, as the other doors do.
  const cancel = () => void session.call('composio.connect.cancel', { connect: started.id });
  process.once('SIGINT', cancel);
  const unsubscribe = session.core.bus.subscribe((event) => {
    if (event.name !== 'composio.connect' || event.payload.connectId !== started.id) return;
    if (output.json) printJsonLine({ event: 'composio.connect', ...event.payload });
  });
  if (output.json) printJsonLine({ event: 'started', connect: started });
  else {
    printLines([
      ...(started.createdAuthConfig ? [`${started.toolkit} had no auth config: created the Composio-managed one (${started.authConfigId}).`] : []),
      `Open this address to connect ${started.toolkit} for ${started.userId}:`,
      '',
      `  ${started.redirectUrl}`,
      '',
      `Waiting until ${started.expiresAt} for the account to become ACTIVE (Ctrl+C cancels)…`,
    ]);
  }
  try {
    report(await session.core.composio.waitForConnect(started.id), output);
  } finally {
    process.removeListener('SIGINT', cancel);
    unsubscribe();
  }
}

function report(flow: ComposioConnectFlow, output: Output): void {
  if (output.json) printJsonLine({ event: 'finished', connect: flow });
  if (flow.status !== 'active') {
    if (flow.error && !output.json) fail(flow.error, output);
    else process.exitCode = EXIT_FAILURE;
    return;
  }
  if (!output.json) printLines([`Connected: ${flow.accountId} (${flow.toolkit} of ${flow.userId}) is ACTIVE.`, 'See it with `crewship integration composio inventory`.']);
}
