import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../system/app-version.ts';
import { registerAgentCommands } from './commands/agent.ts';
import { registerAgentEndpointCommands } from './commands/agent-endpoint.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCredentialCommands } from './commands/credential/index.ts';
import { registerCrewCommands } from './commands/crew.ts';
import { registerIntegrationCommands } from './commands/composio/index.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerMcpCommands } from './commands/mcp/index.ts';
import { registerRegistryCommands } from './commands/registry.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerVaultCommands } from './commands/vault.ts';
import { registerWorkspaceCommands } from './commands/workspace.ts';
import { chooseWorkspace } from './core-session.ts';
import { EXIT_BAD_INPUT, EXIT_OK, printText } from './kit.ts';

export function buildProgram(): Command {
  const program = new Command('crewship')
    .description('Crewship Console: OAuth credentials, MCP servers, Composio integrations, the MCP registry and crews, for the agents that use them.')
    // Not commander's .version(): a program option is read anywhere on the line, so it would take
    // the --version of `registry show|install … --version v` (or an --arg --version) for its own.
    // The program's is read only as its first argument, in main().
    .addHelpText('after', '\nThe version: crewship --version (or -V).')
    .showHelpAfterError('(run with --help for usage)')
    .option('--workspace <workspace>', 'the workspace (slug or id) every command works in; else $CREWSHIP_WORKSPACE, else default');
  // Read before every command's action, wherever on the line it was given.
  program.hook('preAction', (_program, command) => chooseWorkspace((command.optsWithGlobals() as { workspace?: string }).workspace));
  registerServeCommand(program);
  registerDoctorCommand(program);
  registerCrewCommands(program);
  registerAgentEndpointCommands(program, registerAgentCommands(program));
  registerVaultCommands(program);
  registerAuditCommand(program);
  registerBackupCommands(program);
  registerCredentialCommands(program);
  registerMcpCommands(program);
  registerIntegrationCommands(program);
  registerWorkspaceCommands(program);
  registerRegistryCommands(program);
  // Every level reports usage errors the same way: exit code 2, never a stack trace, and the
  // arguments they quote escaped like any other output.
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({ outputError: (message) => printText(message.replace(/\n$/, ''), 'stderr') });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) return printText(APP_VERSION);
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // An incomplete command ('crewship crew') shows help too, but as bad input.
      const askedForHelp = error.code === 'commander.helpDisplayed';
      process.exitCode = askedForHelp ? EXIT_OK : EXIT_BAD_INPUT;
      return;
    }
    throw error;
  }
}

await main(process.argv);
