import type { Command } from 'commander';
import type { Workspace } from '../../rpc/contract.ts';
import { describeHoldings } from '../../workspaces/workspace.ts';
import { callMethod } from '../core-session.ts';
import { printJson, printLines, printTable, run } from '../kit.ts';

/** What a workspace holds, for people: "2 crews and 1 credential" (nothing: "empty"). */
function holdsText(workspace: Workspace): string {
  return workspace.holds.some((holding) => holding.count > 0) ? describeHoldings(workspace.holds) : 'empty';
}

export function registerWorkspaceCommands(program: Command): void {
  const workspace = program
    .command('workspace')
    .description('Create, list, rename and delete workspaces; every other command works in the one --workspace (or CREWSHIP_WORKSPACE) names.');

  // The workspaces belong to no workspace: these commands work whatever --workspace names, even one that is gone.
  const global = { inDefaultWorkspace: true };

  workspace
    .command('list')
    .description('List the workspaces and what each holds.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const workspaces = await callMethod('workspaces.list', {}, output, global);
        if (!workspaces) return;
        if (output.json) return printJson(workspaces);
        printTable(
          workspaces,
          [
            ['SLUG', (w) => w.slug],
            ['NAME', (w) => `${w.name}${w.isDefault ? ' (default)' : ''}`],
            ['HOLDS', holdsText],
            ['ID', (w) => w.id],
          ],
          'No workspaces.',
        );
      }),
    );

  workspace
    .command('show')
    .description('Show the workspace commands work in (--workspace, else CREWSHIP_WORKSPACE, else default).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const current = await callMethod('workspaces.current', {}, output);
        if (!current) return;
        if (output.json) return printJson(current);
        printLines([
          `${current.name} (${current.slug})${current.isDefault ? ' — the default workspace' : ''}`,
          `  id: ${current.id}`,
          `  holds: ${holdsText(current)}`,
          `  created: ${current.createdAt}`,
        ]);
      }),
    );

  workspace
    .command('create <name>')
    .description('Create a workspace; its slug is derived from the name unless --slug is given.')
    .option('--slug <slug>', 'lowercase letters, digits and dashes')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { slug?: string; json?: boolean }) =>
      run(options, async (output) => {
        const created = await callMethod('workspaces.create', { name, slug: options.slug }, output, global);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Created workspace ${created.name} (${created.slug}).`, `Work in it with --workspace ${created.slug} (or CREWSHIP_WORKSPACE=${created.slug}).`]);
      }),
    );

  workspace
    .command('rename <workspace> <name>')
    .description('Rename a workspace; its slug stays the same.')
    .action(async (ref: string, name: string) =>
      run({}, async (output) => {
        const renamed = await callMethod('workspaces.rename', { workspace: ref, name }, output, global);
        if (renamed) printLines([`Renamed workspace ${renamed.slug} to ${renamed.name}.`]);
      }),
    );

  workspace
    .command('delete <workspace>')
    .description('Delete a workspace. One that still holds crews, agents, MCP servers or credentials is kept unless --with-contents is given; the default workspace is never deleted.')
    .option('--with-contents', 'also delete everything the workspace holds')
    .action(async (ref: string, options: { withContents?: boolean }) =>
      run({}, async (output) => {
        const result = await callMethod('workspaces.delete', { workspace: ref, withContents: options.withContents }, output, global);
        if (!result) return;
        printLines([`Deleted workspace ${ref}${result.deleted.length > 0 ? ` with ${describeHoldings(result.deleted)}` : ''}.`]);
      }),
    );
}
