/** The same call from a terminal: `crewship mcp call <server> <tool> --args '<json>'`. */
export function cliCallCommand(server: string, tool: string, args: Record<string, unknown>): string {
  return ['crewship', 'mcp', 'call', shellQuote(server), shellQuote(tool), '--args', shellQuote(JSON.stringify(args))].join(' ');
}

/** POSIX single quotes: everything literal; a single quote itself is closed, escaped and reopened. */
function shellQuote(value: string): string {
  if (/^[A-Za-z0-9._/:@=-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
