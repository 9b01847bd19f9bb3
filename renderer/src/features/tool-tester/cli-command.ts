/** Where a copied command runs: what system.info says about the CLI, and the window's workspace. */
export interface CommandTarget {
  /** `crewship` when it is on PATH, else the launcher's absolute path (system.info's `cli.program`). */
  program: string;
  /** Named as `CREWSHIP_HOME=…` when the CLI would not find this data directory by itself. */
  dataDirOverride: string | null;
  /** Named as `--workspace` when it is not the default one. */
  workspace: string | undefined;
}

/** The server a call went to, named so that exactly that one answers: its name where no other has it, else its id. */
export interface CommandServer {
  reference: string;
  /** The agent the call was made for: `--agent`, so that its view (and its resolution) applies. */
  agent?: string | undefined;
}

/**
 * The same call from a terminal, runnable as pasted from any directory:
 * `[CREWSHIP_HOME=…] crewship [--workspace …] mcp call <server> <tool> --args '<json>' [--agent …] [--task]`,
 * `--task` for a call run as a task (SEP-1686), so that the terminal runs it the same way.
 */
export function cliCallCommand(target: CommandTarget, server: CommandServer, tool: string, args: Record<string, unknown>, options: { asTask?: boolean } = {}): string {
  return [
    ...(target.dataDirOverride ? [`CREWSHIP_HOME=${shellQuote(target.dataDirOverride)}`] : []),
    shellQuote(target.program),
    ...(target.workspace ? ['--workspace', shellQuote(target.workspace)] : []),
    'mcp',
    'call',
    shellQuote(server.reference),
    shellQuote(tool),
    '--args',
    shellQuote(JSON.stringify(args)),
    ...(server.agent ? ['--agent', shellQuote(server.agent)] : []),
    ...(options.asTask ? ['--task'] : []),
  ].join(' ');
}

/** A server's name when it names one server in this workspace (any scope), else its id. */
export function serverReference(server: { id: string; name: string }, servers: readonly { id: string; name: string }[]): string {
  const sameName = servers.filter((candidate) => candidate.name === server.name);
  return sameName.length === 1 && sameName[0]?.id === server.id ? server.name : server.id;
}

/** POSIX single quotes: everything literal; a single quote itself is closed, escaped and reopened. */
function shellQuote(value: string): string {
  if (/^[A-Za-z0-9._/:@=-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
