import type { Command } from 'commander';
import { callMethod } from '../../core-session.ts';
import { positiveInt, printJson, printLines, printTable, run } from '../../kit.ts';

/** mcp history and stats: the tool calls of every door, from the call history. */
export function registerCallHistory(mcp: Command): void {
  mcp
    .command('history')
    .description('Recent tool calls, newest first.')
    .option('--server <server>', 'only this server’s calls')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { server?: string; limit: string; json?: boolean }) =>
      run(options, async (output) => {
        const calls = await callMethod('mcp.calls.list', { server: options.server, limit: positiveInt(options.limit, '--limit') }, output);
        if (!calls) return;
        if (output.json) return printJson(calls);
        printTable(
          calls,
          [
            ['STARTED', (c) => c.startedAt],
            ['SERVER', (c) => c.serverName],
            ['TOOL', (c) => c.tool],
            ['STATUS', (c) => c.status],
            ['MS', (c) => (c.durationMs === null ? '-' : String(Math.round(c.durationMs)))],
            ['ID', (c) => c.callId],
          ],
          'No tool calls yet.',
        );
      }),
    );

  mcp
    .command('stats')
    .description('How many tool calls started in the last hours (every door’s), how many failed, and their median duration.')
    .option('--hours <n>', 'the window, in hours', '24')
    .option('--json', 'print JSON')
    .action(async (options: { hours: string; json?: boolean }) =>
      run(options, async (output) => {
        const hours = positiveInt(options.hours, '--hours');
        const stats = await callMethod('mcp.calls.stats', { hours }, output);
        if (!stats) return;
        if (output.json) return printJson(stats);
        const median = stats.medianDurationMs === null ? '' : `, median ${Math.round(stats.medianDurationMs)} ms`;
        const running = stats.running > 0 ? `, ${stats.running} running` : '';
        printLines([`${stats.calls} tool calls in the last ${hours === 1 ? 'hour' : `${hours} hours`} (${stats.failed} failed${running}${median}).`]);
      }),
    );
}
