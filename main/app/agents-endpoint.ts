import { AppError } from '../errors/app-error.ts';
import { startAgentsHost } from '../http/agents-host.ts';
import type { Core } from './core.ts';

/**
 * The desktop app's agents' endpoint: the same listener `crewship serve` runs, on the configured
 * port. A port another program holds is reported and the app goes on without it (the window
 * works; agents cannot connect until the port is free), never a crash at start.
 */
export async function serveAgentsEndpoint(core: Core, log: (message: string) => void): Promise<{ close(): Promise<void> } | null> {
  try {
    const host = await startAgentsHost({ core });
    log(`agents' MCP endpoints on ${host.url}/agents/<agent>/mcp`);
    return host;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    log(`${error.message} ${error.hint}`);
    return null;
  }
}
