import { AppError } from '../errors/app-error.ts';

/** A port number from 1 to 65535 (0, any free port, only where a test or a one-off asks for it). */
export function parseAgentsPort(value: string, allowAny = false): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < (allowAny ? 0 : 1) || port > 65535) {
    throw new AppError('invalid_input', `"${value.slice(0, 20)}" is not a port for the agents' endpoint.`, 'Use a number from 1 to 65535; agents keep the port in their .mcp.json, so choose one and keep it.');
  }
  return port;
}

/** CREWSHIP_AGENTS_PORT, else the operator's setting (the preferences' agentsPort, which defaults to 47321). */
export function agentsPortFrom(env: Readonly<Record<string, string | undefined>>, setting: number): number {
  const set = env.CREWSHIP_AGENTS_PORT?.trim();
  return set ? parseAgentsPort(set, true) : setting;
}
