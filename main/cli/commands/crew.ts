import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { printJson, printLines, printTable, run } from '../kit.ts';
import { registerConnectionCommands } from './connections.ts';

export function registerCrewCommands(program: Command): void {
  const crew = program.command('crew').description('Create, list, rename and delete crews.');

  crew
    .command('list')
    .description('List the crews of the workspace.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const crews = await callMethod('crews.list', {}, output);
        if (!crews) return;
        if (output.json) return printJson(crews);
        printTable(
          crews,
          [
            ['SLUG', (c) => c.slug],
            ['NAME', (c) => c.name],
            ['AGENTS', (c) => String(c.agentCount)],
            ['ID', (c) => c.id],
          ],
          'No crews yet. Create one with `crewship crew create <name>`.',
        );
      }),
    );

  crew
    .command('show <crew>')
    .description('Show one crew by id or slug.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const found = await callMethod('crews.get', { crew: ref }, output);
        if (!found) return;
        if (output.json) return printJson(found);
        printLines([`${found.name} (${found.slug})`, `  id: ${found.id}`, `  agents: ${found.agentCount}`, `  created: ${found.createdAt}`]);
      }),
    );

  crew
    .command('create <name>')
    .description('Create a crew; its slug is derived from the name unless --slug is given.')
    .option('--slug <slug>', 'lowercase letters, digits and dashes')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { slug?: string; json?: boolean }) =>
      run(options, async (output) => {
        const created = await callMethod('crews.create', { name, slug: options.slug }, output);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Created crew ${created.name} (${created.slug}).`]);
      }),
    );

  crew
    .command('rename <crew> <name>')
    .description('Rename a crew; its slug stays the same.')
    .action(async (ref: string, name: string) =>
      run({}, async (output) => {
        const renamed = await callMethod('crews.rename', { crew: ref, name }, output);
        if (renamed) printLines([`Renamed crew ${renamed.slug} to ${renamed.name}.`]);
      }),
    );

  crew
    .command('delete <crew>')
    .description('Delete a crew. A crew that still has agents is kept unless --with-agents is given.')
    .option('--with-agents', 'also delete the crew’s agents')
    .action(async (ref: string, options: { withAgents?: boolean }) =>
      run({}, async (output) => {
        const result = await callMethod('crews.delete', { crew: ref, withAgents: options.withAgents }, output);
        if (!result) return;
        const agents = result.deletedAgents > 0 ? ` and ${result.deletedAgents} agent(s)` : '';
        printLines([`Deleted crew ${ref}${agents}.`]);
      }),
    );

  registerConnectionCommands(crew);
}
