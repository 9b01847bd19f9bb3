import type { Command } from 'commander';
import { toErrorBody } from '../../errors/app-error.ts';
import { failSafe } from '../../errors/fail-safe.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from '../exit-codes.ts';
import { printError } from '../output.ts';
import { openCore } from '../core-session.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the console UI and its API on 127.0.0.1 with a fresh session token.')
    .option('--port <port>', 'the port to listen on (0 picks a free one)', '0')
    .option('--json', 'print the address and token as one JSON line')
    .action(async (options: { port: string; json?: boolean }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        printError({ code: 'invalid_port', message: `"${options.port}" is not a port number.`, hint: 'Use a number from 0 to 65535.' }, { json: false });
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      await serve(port, Boolean(options.json));
    });
}

async function serve(port: number, json: boolean): Promise<void> {
  const [{ startHost }, { builtRendererDir }] = await Promise.all([import('../../http/host.ts'), import('../../http/renderer-dir.ts')]);
  let core;
  try {
    // The host runs for hours: tokens are refreshed before they expire while it does, and what the
    // CLI changes meanwhile reaches its gateway and its pages.
    // An operator at its pages can answer servers' requests for input.
    core = await openCore({ oauth: { refreshInBackground: true }, followOtherProcesses: true, mcp: { elicitations: true } });
  } catch (error) {
    printError(toErrorBody(error), { json });
    process.exitCode = EXIT_FAILURE;
    return;
  }
  const rendererDir = builtRendererDir();
  try {
    const host = await startHost({ core, rendererDir, port });
    announce(host, Boolean(rendererDir), json);
    // Agents reach MCP tools through this host: connect every enabled server now, not on first use.
    failSafe('serve: connect every server', core.logInternalError, () => core.mcp.gateway.connectAll())();
    const stop = async () => {
      await host.close();
      await core.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    await core.close();
    printError(toErrorBody(error), { json });
    process.exitCode = EXIT_FAILURE;
  }
}

function announce(host: { url: string; uiUrl: string; token: string }, hasUi: boolean, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ url: host.url, uiUrl: host.uiUrl, token: host.token })}\n`);
    return;
  }
  process.stdout.write(`Crewship Console is serving on ${host.url} (127.0.0.1 only).\n`);
  if (hasUi) process.stdout.write(`Open the console: ${host.uiUrl}\n`);
  else process.stdout.write('The UI is not built yet (run `npm run build`); the API is available.\n');
  process.stdout.write(`API token (send as "Authorization: Bearer <token>"): ${host.token}\nPress Ctrl+C to stop.\n`);
}
