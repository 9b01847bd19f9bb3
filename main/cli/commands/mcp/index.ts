import type { Command } from 'commander';
import { registerCallHistory } from './history.ts';
import { registerImportExport } from './import-export.ts';
import { registerProtocolCommands } from './protocol.ts';
import { registerServerReads, registerServerSwitches, registerServerWrites } from './servers.ts';
import { registerSignInCommands } from './sign-in.ts';
import { registerSignInClientCommands } from './sign-in-clients.ts';
import { registerToolCommands } from './tools.ts';

export function registerMcpCommands(program: Command): void {
  const mcp = program.command('mcp').description('MCP servers: configure them, see their status and tools, call a tool, import and export .mcp.json.');
  registerServerReads(mcp);
  registerServerWrites(mcp);
  registerServerSwitches(mcp);
  registerToolCommands(mcp);
  registerSignInCommands(mcp);
  registerSignInClientCommands(mcp);
  registerImportExport(mcp);
  registerCallHistory(mcp);
  registerProtocolCommands(mcp);
}
