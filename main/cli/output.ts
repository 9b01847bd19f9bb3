import type { ErrorBody } from '../errors/app-error.ts';

export interface Output {
  json: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(error: ErrorBody, output: Output): void {
  if (output.json) {
    printJson({ ok: false, error });
    return;
  }
  process.stderr.write(`error: ${error.message} [${error.code}]\nhint: ${error.hint}\n`);
}

/** Aligned columns for people; --json is for programs. */
export function printTable<T>(rows: T[], columns: Array<[header: string, cell: (row: T) => string]>, empty: string): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const format = (line: string[]) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${format(columns.map(([header]) => header))}\n`);
  for (const line of cells) process.stdout.write(`${format(line)}\n`);
}
