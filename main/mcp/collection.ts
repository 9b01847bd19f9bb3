import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { describeJsonError, parseJsonText } from '../errors/json-text.ts';
import { serverName, transportInput } from './inputs.ts';
import { parseJsonPath } from './json-path.ts';

/**
 * A test collection: saved tool calls, each with what its result must show, in a JSON file an MCP
 * server's own CI can run (`crewship mcp test`). `servers` names servers by an inline config, so
 * the file runs where no console is set up; a call naming another server uses the console's.
 */

const validRegex = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

/** JSON path → the value it must equal; each key a path (checked here, as a record's key refinement loses its message). */
const jsonPathExpectations = z.record(z.string(), z.unknown()).superRefine((paths, context) => {
  for (const path of Object.keys(paths)) {
    if (parseJsonPath(path) === null) context.addIssue({ code: 'custom', path: [path], message: 'a JSON path is $ then .name, [index] or ["name"] steps, e.g. $.structuredContent.items[0]' });
  }
});

/** What one saved call's result must show; a call that sets none must at least not be an error. */
const expectationsInput = z
  .object({
    /** Defaults to false: a saved call is expected to succeed unless it says otherwise. */
    isError: z.boolean().optional(),
    /** Each must occur in the text content (every text block, joined by newlines). */
    textContains: z.array(z.string().min(1).max(10_000)).max(50).optional(),
    /** A JavaScript regular expression the text content must match. */
    textMatches: z.string().min(1).max(2000).refine(validRegex, 'textMatches is not a valid regular expression').optional(),
    /** JSON path (over { content, structuredContent, isError, meta }) → the value it must equal. */
    jsonPath: jsonPathExpectations.optional(),
    /** true: structuredContent is valid against the tool's outputSchema (which it must declare). */
    structuredContentValid: z.boolean().optional(),
    durationUnderMs: z.number().int().positive().max(3_600_000).optional(),
  })
  .strict();

const savedCallInput = z
  .object({
    name: z.string().trim().min(1, 'a saved call needs a name').max(200),
    server: z.string().trim().min(1, 'a saved call names its server').max(200),
    tool: z.string().trim().min(1, 'a saved call names its tool').max(256),
    arguments: z.record(z.string(), z.unknown()).default({}),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
    expect: expectationsInput.default({}),
  })
  .strict();

export const collectionInput = z
  .object({
    /** Editors may point at a schema; it is not read. */
    $schema: z.string().optional(),
    version: z.literal(1, 'version must be 1'),
    name: z.string().trim().min(1, 'a collection needs a name').max(200),
    servers: z.record(serverName, transportInput).default({}),
    calls: z.array(savedCallInput).min(1, 'a collection has at least one call').max(1000),
  })
  .strict()
  .superRefine((collection, context) => {
    const own = Object.keys(collection.servers);
    if (own.length === 0) return;
    collection.calls.forEach((call, index) => {
      if (own.includes(call.server)) return;
      context.addIssue({ code: 'custom', path: ['calls', index, 'server'], message: `"${call.server}" is none of the collection's servers (${own.join(', ')}); a collection with servers runs only on them` });
    });
  });

export type McpCollection = z.output<typeof collectionInput>;
export type McpSavedCall = z.output<typeof savedCallInput>;
export type McpExpectations = z.output<typeof expectationsInput>;

/** A collection file's text, checked: bad JSON names its line and column, each schema problem its place. */
export function parseCollectionText(text: string, fileName: string): McpCollection {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new AppError('mcp_collection_invalid', `${fileName} is not valid JSON: ${describeJsonError(parsed.error)}`, 'Fix the file and run it again.');
  const checked = collectionInput.safeParse(parsed.value);
  if (checked.success) return checked.data;
  const problems = checked.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? pathText(issue.path) : 'the file';
    const { line, column } = parsed.positionOf(issue.path.filter((step) => typeof step !== 'symbol'));
    return `${where} (line ${line}, column ${column}): ${issue.message}`;
  });
  throw new AppError(
    'mcp_collection_invalid',
    `${fileName} is not a valid test collection (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}.`,
    'Fix each problem named; the README\'s "Test collections" section describes the format.',
  );
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : `${index === 0 ? '' : '.'}${String(step)}`)).join('');
}
