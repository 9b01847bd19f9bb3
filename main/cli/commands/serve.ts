import type { Command } from 'commander';
import { toErrorBody } from '../../errors/app-error.ts';
import { failSafe } from '../../errors/fail-safe.ts';
import { openCore } from '../core-session.ts';
import { BadOption, fail, printExact, printJsonLine, printLines, run, type Output } from '../kit.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the console UI and its API on 127.0.0.1 with a fresh session token.')
    .option('--port <port>', 'the port to listen on (0 picks a free one)', '0')
    .option('--agents-port <port>', "the agents' MCP endpoint's port, kept across restarts (else $CREWSHIP_AGENTS_PORT, else the Settings page's port, 47321 unless set)")
    .option('--json', 'print the address and token as one JSON line')
    .action(async (options: { port: string; agentsPort?: string; json?: boolean }) =>
      run(options, async (output) => serve(portOf(options.port), options.agentsPort === undefined ? undefined : await agentsPortOf(options.agentsPort), output)),
    );
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadOption(`"${value}" is not a port number`, 'invalid_port', 'Use a number from 0 to 65535.');
  return port;
}

async function agentsPortOf(value: string): Promise<number> {
  const { parseAgentsPort } = await import('../../agent-endpoint/agents-port.ts');
  try {
    return parseAgentsPort(value, true);
  } catch {
    throw new BadOption(`"${value}" is not a port number`, 'invalid_port', 'Use a number from 1 to 65535 for --agents-port, and keep it: agents keep it in their .mcp.json.');
  }
}

async function serve(port: number, agentsPort: number | undefined, output: Output): Promise<void> {
  const [{ startHost }, { startAgentsHost }, { builtRendererDir }] = await Promise.all([import('../../http/host.ts'), import('../../http/agents-host.ts'), import('../../http/renderer-dir.ts')]);
  let core;
  try {
    // The host runs for hours: tokens are refreshed before they expire while it does, and what the
    // CLI changes meanwhile reaches its gateway and its pages.
    // An operator at its pages can answer servers' requests for input.
    // Every workspace's servers run and its tokens refresh: agents and pages name their workspace
    // per request (X-Crewship-Workspace), so none of them is "the current one" here.
    core = await openCore({ oauth: { refreshInBackground: true }, followOtherProcesses: true, mcp: { elicitations: true, sampling: true }, everyWorkspace: true, ...(agentsPort === undefined ? {} : { agentEndpoint: { port: agentsPort } }) });
  } catch (error) {
    fail(toErrorBody(error), output);
    return;
  }
  const rendererDir = builtRendererDir();
  const closing: Array<() => Promise<void>> = [];
  try {
    const host = await startHost({ core, rendererDir, port });
    closing.push(() => host.close());
    // Agents' endpoints have their own listener, on a port their configs keep (a taken one is agents_port_in_use).
    const agents = await startAgentsHost({ core });
    closing.push(() => agents.close());
    announce(host, agents.url, Boolean(rendererDir), output);
    // Agents reach MCP tools through this host: connect every enabled server (of every workspace) now, not on first use.
    const started = core;
    failSafe('serve: connect every server', core.logInternalError, () => started.connectAll())();
    const stop = async () => {
      await Promise.all(closing.map((close) => close()));
      await core.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    await Promise.all(closing.map((close) => close()));
    await core.close();
    fail(toErrorBody(error), output);
  }
}

function announce(host: { url: string; uiUrl: string; token: string }, agentsUrl: string, hasUi: boolean, output: Output): void {
  if (output.json) return printJsonLine({ url: host.url, uiUrl: host.uiUrl, token: host.token, agentsUrl });
  printLines([
    `Crewship Console is serving on ${host.url} (127.0.0.1 only).`,
    `Agents' MCP endpoints: ${agentsUrl}/agents/<agent>/mcp (\`crewship agent mcp-config <agent>\`).`,
    hasUi ? `Open the console: ${host.uiUrl}` : 'The UI is not built yet (run `npm run build`); the API is available.',
  ]);
  // The token is copied from here into a header byte for byte; the host made it, so nothing from outside is in it.
  printExact(`API token (send as "Authorization: Bearer <token>"): ${host.token}\n`);
  printLines(['Press Ctrl+C to stop.']);
}
