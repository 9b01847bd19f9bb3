import type { Command } from 'commander';
import { parseDeepLink, redactDeepLink } from '../../../deeplink/index.ts';
import type { OAuthFlow, StartedFlow } from '../../../oauth/flow.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { failSafe } from '../../../errors/fail-safe.ts';
import { withCore, type CliSession } from '../../core-session.ts';
import { EXIT_FAILURE, fail, printJsonLine, printLines, rewriteLine, run, type Output } from '../../kit.ts';
import { printBound } from './print.ts';

export function registerConnect(credential: Command): void {
  credential
    .command('connect <credential>')
    .description('Connect: print the sign-in URL, then wait for the callback with a countdown (Ctrl+C cancels).')
    .option('--redirect <kind>', '"loopback" (127.0.0.1, the default where the provider accepts it) or "deep-link" (crewship://)')
    .option('--json', 'print JSON lines: the start, each step, the end')
    .action(async (ref: string, options: { json?: boolean; redirect?: string }) =>
      run(options, async (output) => {
        await withCore(output, (session) => connect(session, ref, options.redirect, output));
      }),
    );
}

async function connect(session: CliSession, ref: string, redirect: string | undefined, output: Output): Promise<void> {
  const input = { credential: ref, ...(redirect ? { redirect } : {}) } as MethodInput<'credentials.connect'>;
  const started = await session.call('credentials.connect', input);
  if (!started) return;
  const { core } = session;
  const flowId = started.flow.id;
  // Listening before anything is printed: a Ctrl+C right after the prompt must cancel the flow, not kill the process.
  // It cancels through the contract, as the other doors do.
  const cancel = () => void session.call('credentials.cancelConnect', { flow: flowId });
  process.once('SIGINT', cancel);
  const unsubscribe = core.bus.subscribe((event) => {
    if (event.name !== 'oauth.flow' || event.payload.flowId !== flowId) return;
    if (output.json) printJsonLine({ event: 'oauth.flow', ...event.payload });
    else if (event.payload.status === 'exchanging') printLines(['', 'The browser came back; exchanging the code for tokens…']);
  });
  announce(started, output);
  const stopCountdown = output.json ? () => {} : startCountdown(started.flow.expiresAt);
  const stopPaste = started.flow.redirectKind === 'deep-link' ? readPastedLinks(session) : () => {};
  try {
    report(await core.oauth.waitForFlow(flowId), output);
  } finally {
    process.removeListener('SIGINT', cancel);
    stopCountdown();
    stopPaste();
    unsubscribe();
  }
}

function announce(started: StartedFlow, output: Output): void {
  if (output.json) return printJsonLine({ event: 'started', flow: started.flow, authorizeUrl: started.authorizeUrl });
  printLines(['Open this address in your browser and sign in:', '', `  ${started.authorizeUrl}`, '']);
  if (started.flow.redirectKind === 'loopback') {
    printLines([`The browser comes back to ${started.flow.redirectUri} on this machine.`]);
  } else {
    printLines([
      'The browser comes back through crewship://oauth/callback, which the Crewship Console app receives.',
      'Without the app, paste the crewship://… address the browser tried to open here and press Enter.',
    ]);
  }
}

/** The time left before the state expires: one line rewritten each second on a terminal, a line every 30 s elsewhere. */
function startCountdown(expiresAt: string): () => void {
  const tty = process.stdout.isTTY === true;
  const show = () => {
    const left = Math.max(0, Date.parse(expiresAt) - Date.now());
    const clock = `${Math.floor(left / 60_000)}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`;
    if (tty) rewriteLine(`Waiting for the sign-in: ${clock} left (Ctrl+C cancels) `);
    else printLines([`Waiting for the sign-in: ${clock} left`]);
  };
  show();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (tty || ticks % 30 === 0) show();
  }, 1000);
  return () => {
    clearInterval(timer);
    if (tty) printLines(['']);
  };
}

/** crewship:// addresses pasted on standard input go to the same callback handler as the app's deep links. */
function readPastedLinks(session: CliSession): () => void {
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines.map((text) => text.trim()).filter(Boolean)) failSafe('credential connect: a pasted link', session.core.logInternalError, () => deliverPasted(session, line))();
  };
  process.stdin.on('data', onData);
  return () => {
    process.stdin.removeListener('data', onData);
    process.stdin.pause();
  };
}

async function deliverPasted(session: CliSession, line: string): Promise<void> {
  const parsed = parseDeepLink(line);
  if (!parsed.ok) {
    printLines([`Not a crewship://oauth/callback address (${parsed.reason}): ${redactDeepLink(line)}`], 'stderr');
    return;
  }
  const outcome = await session.core.oauth.handleCallback(parsed.link.params, { kind: 'deep-link' });
  if (!outcome.ok && outcome.flowId === null) printLines([outcome.error.message], 'stderr');
}

function report(flow: OAuthFlow, output: Output): void {
  if (output.json) printJsonLine({ event: 'finished', flow });
  if (flow.status !== 'connected') {
    // With --json the finished line above carries the error.
    if (flow.error && !output.json) fail(flow.error, output);
    else process.exitCode = EXIT_FAILURE;
    return;
  }
  if (output.json) return;
  printLines([
    `Connected. Granted scopes: ${flow.grantedScopes?.join(' ') || '(none)'}.`,
    ...(flow.missingScopes.length > 0 ? [`Not granted: ${flow.missingScopes.join(' ')} (\`crewship credential test\` reports it).`] : []),
  ]);
  printBound(flow.bound);
}
