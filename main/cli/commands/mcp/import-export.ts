import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { callMethod } from '../../core-session.ts';
import { BadOption, collect, printExact, printJson, printLines, run } from '../../kit.ts';
import { scopeOf, withScope, type ScopeOptions } from './scope.ts';

/** mcp import and export: .mcp.json files, per scope. */
export function registerImportExport(mcp: Command): void {
  withScope(mcp.command('import <file>').description('Import a .mcp.json (`mcpServers` by name) into the workspace, a crew or an agent.'))
    .option('--allow-env <VAR>', 'let the entries whose ${VAR} (without a default) needs it read VAR from the console environment (repeat; CREWSHIP_* never)', collect)
    .option('--json', 'print JSON')
    .action(async (file: string, options: ScopeOptions & { allowEnv?: string[]; json?: boolean }) =>
      run(options, async (output) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new BadOption(`cannot read ${file}`);
        }
        const report = await callMethod('mcp.config.import', { scope: scopeOf(options) ?? { kind: 'workspace' }, text, fileName: file, allowEnv: options.allowEnv ?? [] }, output);
        if (!report) return;
        if (output.json) return printJson(report);
        const part = (label: string, names: string[]) => (names.length > 0 ? `${label}: ${names.join(', ')}` : undefined);
        const parts = [part('created', report.created), part('updated', report.updated), part('unchanged', report.unchanged)].filter(Boolean);
        printLines([parts.length > 0 ? parts.join('; ') : 'The file has no servers.']);
      }),
    );

  withScope(mcp.command('export').description('Print the .mcp.json of the workspace, a crew, or an agent (merged with its crew and the workspace).'))
    .option('--unmerged', 'for an agent: only its own entries')
    .option('--write', 'for an agent: write the merged file to <data>/crew/agents/<slug>/.mcp.json')
    .action(async (options: ScopeOptions & { unmerged?: boolean; write?: boolean }) =>
      run({}, async (output) => {
        if (options.write) {
          if (!options.agent) throw new BadOption('--write needs --agent');
          const written = await callMethod('mcp.config.writeAgentFile', { agent: options.agent }, output);
          if (written) printLines([`Wrote ${written.serverCount} server(s) to ${written.path}`]);
          return;
        }
        const exported = await callMethod('mcp.config.export', { scope: scopeOf(options) ?? { kind: 'workspace' }, merged: !options.unmerged }, output);
        // The .mcp.json itself, for a file or a program: exact, like --json.
        if (exported) printExact(exported.json);
      }),
    );
}
