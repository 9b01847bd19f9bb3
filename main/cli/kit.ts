import { AppError, httpStatusOf, type ErrorBody } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';

/**
 * What every command shares: how it prints (tables for people, --json for programs), how it fails
 * (exit 0 on success, 2 on bad input, 1 on failure, with the contract's error format), and the
 * parsers of the options several commands take.
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** The exit code for a contract answer's HTTP status: what the local host refuses as 400 or 413 is bad input here too. */
export function exitCodeForStatus(status: number): number {
  if (status < 400) return EXIT_OK;
  return status === 400 || status === 413 ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

export interface Output {
  json: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One event of a command that follows work as it goes (connect --json): one line each, for programs that read line by line. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
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

/** Prints the error (the envelope with --json) and sets the code the process exits with. */
export function fail(error: ErrorBody, output: Output, exitCode: number = EXIT_FAILURE): void {
  process.exitCode = exitCode;
  if (output.json) {
    printJson({ ok: false, error });
    return;
  }
  process.stderr.write(`error: ${error.message} [${error.code}]\nhint: ${error.hint}\n`);
}

/** Thrown by option parsing: `run` prints it as bad input (exit 2). */
export class BadOption extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  /** `message` without its full stop, which the printed sentence gets. */
  constructor(message: string, code: ErrorCode = 'invalid_option', hint = 'Run the command with --help for its options.') {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Runs one command's action with its output (--json or not): an option it refuses is bad input, and
 * an AppError it throws (deep --args) is printed like any refusal, never as a stack trace.
 */
export async function run(options: { json?: boolean }, work: (output: Output) => Promise<void>): Promise<void> {
  const output = { json: Boolean(options.json) };
  try {
    await work(output);
  } catch (error) {
    if (error instanceof BadOption) fail({ code: error.code, message: `${error.message}.`, hint: error.hint }, output, EXIT_BAD_INPUT);
    else if (error instanceof AppError) fail(error.toBody(), output, exitCodeForStatus(httpStatusOf(error)));
    else throw error;
  }
}

/** For a repeatable option (`--arg a --arg b`): every value, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInt(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new BadOption(`${option} "${value}" is not a positive whole number`);
  return number;
}
