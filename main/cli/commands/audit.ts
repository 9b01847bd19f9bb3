import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { printJson, printTable, run } from '../kit.ts';

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('Show the most recent changes, newest first.')
    .option('--limit <n>', 'how many entries (1-1000)', '50')
    .option('--json', 'print JSON')
    .action(async (options: { limit: string; json?: boolean }) =>
      run(options, async (output) => {
        const entries = await callMethod('audit.recent', { limit: Number(options.limit) }, output);
        if (!entries) return;
        if (output.json) return printJson(entries);
        printTable(
          entries,
          [
            ['AT', (e) => e.at],
            ['ACTOR', (e) => e.actor],
            ['ACTION', (e) => e.action],
            ['TARGET', (e) => e.target],
          ],
          'No changes recorded yet.',
        );
      }),
    );
}
