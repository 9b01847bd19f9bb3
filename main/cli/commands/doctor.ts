import type { Command } from 'commander';
import { EXIT_FAILURE, printJson, printLines, run } from '../kit.ts';

const marks = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('Check the environment: data dir, schema version, key provider, Node, Chromium, Electron, and whether COMPOSIO_API_KEY backs several workspaces.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        // Runs without the core on purpose: it must report a vault or database that does not open.
        const [{ runDoctor }, { resolveDataDir }] = await Promise.all([import('../../system/doctor.ts'), import('../../store/data-dir.ts')]);
        const report = runDoctor({ dataDir: resolveDataDir() });
        if (!report.ok) process.exitCode = EXIT_FAILURE;
        if (output.json) return printJson(report);
        printLines(
          report.checks.flatMap((check) => [
            `${marks[check.status]}  ${check.name.padEnd(14)} ${check.detail}`,
            ...(check.hint && check.status !== 'ok' ? [`      ${''.padEnd(14)} hint: ${check.hint}`] : []),
          ]),
        );
      }),
    );
}
