import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Core } from '../../../app/core.ts';
import { AppError } from '../../../errors/app-error.ts';
import type { McpCollection } from '../../../mcp/collection.ts';
import type { McpCollectionReport } from '../../../mcp/collection-types.ts';
import { sessionOver, withCore, type CliSession } from '../../core-session.ts';
import { EXIT_FAILURE, printJson, printLines, run, type Output } from '../../kit.ts';

/** `mcp test`: a test collection run as a server's CI runs it, with a JUnit report and a non-zero exit on failure. */
export function registerTestCommand(mcp: Command): void {
  mcp
    .command('test <collection>')
    .description('Run a test collection (saved calls with assertions); exits 1 when any fails. With "servers" in the file it runs in a console of its own.')
    .option('--junit <file>', 'also write the report as JUnit XML to this file')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { junit?: string; json?: boolean }) =>
      run(options, async (output) => {
        const { parseCollectionText } = await import('../../../mcp/collection.ts');
        const collection = parseCollectionText(readCollection(file), file);
        const report = await withCollectionConsole(collection, output, (session) => session.call('mcp.collections.run', { collection: { ...collection, servers: {} } }));
        if (!report) return;
        if (options.junit) {
          const { junitXml } = await import('../../../mcp/junit.ts');
          writeFileSync(resolve(options.junit), junitXml(report));
        }
        if (output.json) printJson(report);
        else printReport(report);
        if (report.failed + report.errors > 0) process.exitCode = EXIT_FAILURE;
      }),
    );
}

function readCollection(file: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new AppError('mcp_collection_invalid', `The collection file ${file} ${reason}.`, 'Give the path of a collection JSON file (the tester saves one).');
  }
}

/**
 * The console a collection runs in: this one, or, when the collection configures its servers, a
 * console of its own in a temporary data directory (its own key file) that holds only those
 * servers and is removed afterwards — so a server's CI needs no console set up.
 */
async function withCollectionConsole<T>(collection: McpCollection, output: Output, use: (session: CliSession) => Promise<T | undefined>): Promise<T | undefined> {
  const inline = Object.entries(collection.servers);
  if (inline.length === 0) return withCore(output, use);
  const { createCore } = await import('../../../app/core.ts');
  const { resolveNodeKeyProvider } = await import('../../../vault/node-key-provider.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'crewship-mcp-test-'));
  let core: Core | undefined;
  try {
    core = createCore({ dataDir, keyProvider: resolveNodeKeyProvider({}, dataDir) });
    const session = sessionOver(core, output);
    for (const [name, transport] of inline) {
      if (!(await session.call('mcp.servers.create', { name, transport }))) return undefined;
    }
    return await use(session);
  } finally {
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printReport(report: McpCollectionReport): void {
  const lines: string[] = [];
  for (const one of report.cases) {
    const took = one.durationMs === null ? '' : ` (${Math.round(one.durationMs)} ms)`;
    if (one.status === 'passed') lines.push(`PASS  ${one.name}${took}`);
    else if (one.status === 'error') lines.push(`ERROR ${one.name}: ${one.error?.message ?? 'the call failed'} [${one.error?.code ?? 'error'}]`);
    else lines.push(`FAIL  ${one.name}${took}`, ...one.failures.map((failure) => `      ${failure.assertion}: ${failure.message}`));
  }
  lines.push(`${report.name}: ${report.passed} passed, ${report.failed} failed, ${report.errors} errors, in ${Math.round(report.durationMs)} ms`);
  printLines(lines);
}
