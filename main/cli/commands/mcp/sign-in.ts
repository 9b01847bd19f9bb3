import type { Command } from 'commander';
import type { McpAuthFlow, McpAuthStatus } from '../../../mcp-auth/types.ts';
import { withCore, type CliSession } from '../../core-session.ts';
import { EXIT_FAILURE, fail, printJson, printJsonLine, printLines, run, type Output } from '../../kit.ts';

/** mcp login and logout: the MCP authorization spec's sign-in to a remote server, from the terminal. */
export function registerSignInCommands(mcp: Command): void {
  mcp
    .command('login <server>')
    .description('Sign in to a remote MCP server that requires authorization (OAuth): opens the browser ($BROWSER where set) and waits for it to come back.')
    .option('--no-browser', 'do not open a browser: print the authorization URL on a line of its own')
    .option('--json', 'print JSON lines: the start, each step, the end')
    .action(async (server: string, options: { browser: boolean; json?: boolean }) =>
      run(options, async (output) => {
        await withCore(output, (session) => signIn(session, server, { browser: options.browser, output }));
      }),
    );

  mcp
    .command('logout <server>')
    .description('Forget the sign-in to a remote MCP server (its tokens); the client registration with its authorization server stays.')
    .option('--json', 'print JSON')
    .action(async (server: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const status = await withCore(output, (session) => session.call('mcp.auth.signOut', { server }));
        if (!status) return;
        if (output.json) return printJson(status);
        printLines([`Signed out of ${status.serverName}.`]);
      }),
    );
}

/**
 * One sign-in, followed to its end: the authorization page opened in the browser (or its URL
 * printed), its origin named where it is not the server's, each step as it happens, Ctrl+C
 * cancels. Resolves with whether the server is now signed in.
 */
export async function signIn(session: CliSession, server: string, options: { browser: boolean; output: Output }): Promise<boolean> {
  const { output } = options;
  const started = await session.call('mcp.auth.signIn', { server, openBrowser: false });
  if (!started) return false;
  const { flow } = started;
  if (output.json) printJsonLine({ event: 'started', flow });
  if (flow.status !== 'waiting' || !flow.authorizeUrl) return finished(flow, null, output);
  const cancel = () => void session.call('mcp.auth.cancel', { flow: flow.id });
  process.once('SIGINT', cancel);
  const unsubscribe = followSteps(session, flow, output);
  try {
    await announce(flow, flow.authorizeUrl, options);
    const done = await session.core.mcpAuth.waitForFlow(flow.id);
    return finished(done, done.status === 'signed_in' ? session.core.mcpAuth.status(server) : null, output);
  } finally {
    process.removeListener('SIGINT', cancel);
    unsubscribe();
  }
}

async function announce(flow: McpAuthFlow, url: string, options: { browser: boolean; output: Output }): Promise<void> {
  const { output } = options;
  const lines = [`Discovery: ${stepDetail(flow, 'discovery')}`, `Registration: ${stepDetail(flow, 'registration')}`];
  // The spec: an authorization page on another origin than the server's is shown before the browser opens.
  if (flow.crossOrigin) lines.push(`The sign-in page is at ${flow.authorizationOrigin}, not at the server's own origin (${flow.serverOrigin}).`);
  if (!output.json) printLines(lines);
  const { openBrowser } = await import('../../open-browser.ts');
  const opened = options.browser && (await openBrowser(url));
  if (output.json) return printJsonLine({ event: 'authorize', authorizeUrl: url, openedBrowser: opened });
  printLines([opened ? 'The sign-in page opened in your browser. If it did not, open this address:' : 'Open this address in your browser and sign in:', '']);
  // The URL on a line of its own, as it is: a terminal or a script copies it whole.
  printLines([url, '']);
  printLines(['Waiting for the browser to come back to this machine (Ctrl+C cancels)…']);
}

function followSteps(session: CliSession, flow: McpAuthFlow, output: Output): () => void {
  const shown = new Set(flow.steps.filter((step) => step.state === 'done').map((step) => step.name));
  return session.core.bus.on('mcpAuth.flow', (payload) => {
    if (payload.id !== flow.id) return;
    if (output.json) return printJsonLine({ event: 'mcpAuth.flow', flow: payload });
    for (const step of payload.steps) {
      if (step.state !== 'done' || shown.has(step.name)) continue;
      shown.add(step.name);
      printLines([`${step.name === 'consent' ? 'Consent' : 'Token'}: ${step.detail ?? 'done'}`]);
    }
  });
}

function stepDetail(flow: McpAuthFlow, name: 'discovery' | 'registration'): string {
  return flow.steps.find((step) => step.name === name)?.detail ?? 'done';
}

function finished(flow: McpAuthFlow, status: McpAuthStatus | null, output: Output): boolean {
  if (output.json) printJsonLine({ event: 'finished', flow, status });
  if (flow.status !== 'signed_in' || !status) {
    if (flow.error && !output.json) fail(flow.error, output);
    else process.exitCode = EXIT_FAILURE;
    return false;
  }
  if (!output.json) printLines([`Signed in to ${status.serverName} at ${status.issuer} (scope: ${status.grantedScopes.join(' ') || 'none'}).`]);
  return true;
}
