import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { printJson, printLines, printTable, run } from '../kit.ts';

/** Returns the `agent` command, which the agent endpoint's commands join. */
export function registerAgentCommands(program: Command): Command {
  const agent = program.command('agent').description('Create, list, rename and delete agents.');

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
  return agent;
}
