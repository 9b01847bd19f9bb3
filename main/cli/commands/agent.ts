import type { Command } from 'commander';
import type { AgentResolution, ResolvedAgentServer } from '../../access/types.ts';
import { callMethod } from '../core-session.ts';
import { printJson, printLines, printTable, printText, run } from '../kit.ts';

/** Returns the `agent` command, which the agent endpoint's commands join. */
export function registerAgentCommands(program: Command): Command {
  const agent = program.command('agent').description('Create, list, rename and delete agents; what resolves for one, and its prompt block.');

  agent
    .command('list')
    .description('List agents, optionally of one crew.')
    .option('--crew <crew>', 'only this crew (id or slug)')
    .option('--json', 'print JSON')
    .action(async (options: { crew?: string; json?: boolean }) =>
      run(options, async (output) => {
        const agents = await callMethod('agents.list', { crew: options.crew }, output);
        if (!agents) return;
        if (output.json) return printJson(agents);
        printTable(
          agents,
          [
            ['SLUG', (a) => a.slug],
            ['NAME', (a) => a.name],
            ['CREW', (a) => a.crewSlug],
            ['ID', (a) => a.id],
          ],
          'No agents yet. Create one with `crewship agent create <name> --crew <crew>`.',
        );
      }),
    );

  agent
    .command('show <agent>')
    .description('Show one agent by id or slug.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const found = await callMethod('agents.get', { agent: ref }, output);
        if (!found) return;
        if (output.json) return printJson(found);
        printLines([`${found.name} (${found.slug})`, `  id: ${found.id}`, `  crew: ${found.crewName} (${found.crewSlug})`, `  created: ${found.createdAt}`]);
      }),
    );

  agent
    .command('create <name>')
    .description('Create an agent in a crew.')
    .requiredOption('--crew <crew>', 'the crew (id or slug)')
    .option('--slug <slug>', 'lowercase letters, digits and dashes')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { crew: string; slug?: string; json?: boolean }) =>
      run(options, async (output) => {
        const created = await callMethod('agents.create', { crew: options.crew, name, slug: options.slug }, output);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Created agent ${created.name} (${created.slug}) in crew ${created.crewSlug}.`]);
      }),
    );

  agent
    .command('rename <agent> <name>')
    .description('Rename an agent; its slug stays the same.')
    .action(async (ref: string, name: string) =>
      run({}, async (output) => {
        const renamed = await callMethod('agents.rename', { agent: ref, name }, output);
        if (renamed) printLines([`Renamed agent ${renamed.slug} to ${renamed.name}.`]);
      }),
    );

  agent
    .command('delete <agent>')
    .description('Delete an agent.')
    .action(async (ref: string) =>
      run({}, async (output) => {
        const result = await callMethod('agents.delete', { agent: ref }, output);
        if (result) printLines([`Deleted agent ${ref}.`]);
      }),
    );

  registerAccessCommands(agent);
  return agent;
}

const reasons: Record<ResolvedAgentServer['reason'], string> = {
  binding: 'its Composio binding',
  default_connector: 'the default connector (no binding)',
  workspace: 'legacy, workspace scope',
  crew: 'legacy, crew scope',
  agent: 'legacy, agent scope',
};

function printResolution(resolution: AgentResolution): void {
  const { agent, servers } = resolution;
  printLines([`${agent.name} (${agent.slug}), crew ${agent.crewSlug}:`]);
  printTable(
    servers,
    [
      ['SERVER', (s) => s.name],
      ['AS', (s) => s.displayName],
      ['KIND', (s) => s.kind],
      ['ACCESS', (s) => s.access ?? '-'],
      ['USER', (s) => s.userId ?? '-'],
      ['WHY', (s) => reasons[s.reason]],
    ],
    `Nothing resolves for ${agent.slug}: bind it (\`crewship integration composio bind ${agent.slug} --user <user_id> --app <app>:read\`) or add an MCP server.`,
  );
  const { on, active } = resolution.defaultConnector;
  printLines([`Default connector: ${on ? (active ? 'on' : 'on, not provisioned') : 'off'}.`]);
  if (resolution.turnedOff.length > 0) printLines([`Off while COMPOSIO_DEFAULT_CONNECTOR is on (not deleted): ${resolution.turnedOff.map((server) => server.name).join(', ')}.`]);
  for (const held of resolution.withheld) printLines([`Withheld: ${held.name} (${held.app} of ${held.userId}) — the user has no ACTIVE account of ${held.app}; connect or enable one and it comes back.`]);
}

function registerAccessCommands(agent: Command): void {
  agent
    .command('resolve <agent>')
    .description('The MCP servers that resolve for an agent: each with its kind (composio/legacy), access mode and why.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const resolution = await callMethod('agents.resolve', { agent: ref }, output);
        if (!resolution) return;
        if (output.json) return printJson(resolution);
        printResolution(resolution);
      }),
    );

  agent
    .command('prompt-block <agent>')
    .description('The [CONNECTED INTEGRATIONS] block of the agent’s system prompt; nothing (and a note on stderr) when nothing resolves.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const block = await callMethod('agents.promptBlock', { agent: ref }, output);
        if (!block) return;
        if (output.json) return printJson(block);
        if (block.text === null) printLines([`Nothing resolves for ${ref}, so its prompt has no [CONNECTED INTEGRATIONS] block.`], 'stderr');
        else printText(block.text);
      }),
    );
}
