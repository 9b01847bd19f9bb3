import { AppError, httpStatusOf, type ErrorBody } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { requireJsonDepth } from '../errors/json-depth.ts';

/**
 * What every command shares: how it prints (tables and lines for people, --json for programs), how
 * it fails (exit 0 on success, 2 on bad input, 1 on failure, with the contract's error format), and
 * the parsers of the options several commands take. Commands write nothing themselves: what people
 * read goes through printLines, printText, printTable or fail, which show control characters as
 * escapes, so a name or a server's text cannot retitle, clear or reorder the operator's terminal.
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

type Stream = 'stdout' | 'stderr';

/**
 * What a terminal acts on instead of showing: the C0 controls (in a value, even a newline or a tab
 * would forge a line or break a table), DEL and the C1 controls (U+009B is a CSI by itself); and
 * the bidi embeddings, overrides and isolates, which reorder what follows them.
 */
const unsafeCharacter = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every unsafe character shown as its escape (ESC as `\x1b`, RLO as `\u202e`): the
 * operator sees that something was there, and nothing acts on the terminal. Everything else is
 * unchanged, and escaping twice is escaping once.
 */
export function escapeControls(text: string): string {
  return text.replace(unsafeCharacter, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Lines for people: each one escaped, so the newline after it is the only line break written. */
export function printLines(lines: string[], stream: Stream = 'stdout'): void {
  process[stream].write(lines.map((line) => `${escapeControls(line)}\n`).join(''));
}

/**
 * Text that is a document rather than a value (a tool's result, commander's usage errors): its
 * line breaks and tabs are its layout and stay; every other unsafe character is escaped.
 */
export function printText(text: string, stream: Stream = 'stdout'): void {
  const lines = text.split(/\r?\n/).map((line) => line.split('\t').map(escapeControls).join('\t'));
  process[stream].write(`${lines.join('\n')}\n`);
}

/** A line a terminal rewrites in place (a countdown): it starts at the line's beginning, and the next printLines(['']) ends it. */
export function rewriteLine(text: string): void {
  process.stdout.write(`\r${escapeControls(text)}`);
}

/**
 * Written byte for byte, for a program or a file to take exactly: a key or a token the console
 * made (nothing from outside is in it), or JSON such as an exported .mcp.json (as with printJson);
 * or a file's bytes sent on to a pipe or a file (`crew get`), never to a terminal.
 */
export function printExact(text: string | Uint8Array): void {
  process.stdout.write(text);
}

/** JSON, exact: JSON.stringify already writes C0 controls as \u escapes, and a program reads the strings as they are. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One event of a command that follows work as it goes (connect --json, call progress): one line each, for programs that read line by line. */
export function printJsonLine(value: unknown, stream: Stream = 'stdout'): void {
  process[stream].write(`${JSON.stringify(value)}\n`);
}

/** Aligned columns for people, each cell escaped before it is measured; --json is for programs. */
export function printTable<T>(rows: T[], columns: Array<[header: string, cell: (row: T) => string]>, empty: string): void {
  if (rows.length === 0) {
    printLines([empty]);
    return;
  }
  const cells = rows.map((row) => columns.map(([, cell]) => escapeControls(cell(row))));
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const format = (line: string[]) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  printLines([format(columns.map(([header]) => header)), ...cells.map(format)]);
}

/** Prints the error (the envelope with --json) and sets the code the process exits with. */
export function fail(error: ErrorBody, output: Output, exitCode: number = EXIT_FAILURE): void {
  process.exitCode = exitCode;
  if (output.json) {
    printJson({ ok: false, error });
    return;
  }
  printLines([`error: ${error.message} [${error.code}]`, `hint: ${error.hint}`], 'stderr');
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
export function collect(value: string, previous: string[] | false = []): string[] {
  // `false`: a `--no-…` form of the same option came first (`--no-allow-env --allow-env X`).
  return [...(previous || []), value];
}

/** An option whose value is a JSON object (`mcp call --args`, `triggers create --config`), bounded in depth. */
export function jsonObjectOption(text: string, option: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadOption(`${option} is not valid JSON: ${text.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadOption(`${option} must be a JSON object`);
  requireJsonDepth(value, option);
  return value as Record<string, unknown>;
}

export function positiveInt(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new BadOption(`${option} "${value}" is not a positive whole number`);
  return number;
}

/** Standard input read to its end, trimmed: a secret piped in (`--client-secret-stdin`, `--key-stdin`), never echoed. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
