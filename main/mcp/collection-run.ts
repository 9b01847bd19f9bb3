import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { McpCollection, McpExpectations, McpSavedCall } from './collection.ts';
import type { McpAssertionFailure, McpCollectionCase, McpCollectionReport } from './collection-types.ts';
import { parseJsonPath, valueAt } from './json-path.ts';
import type { McpGateway } from './gateway.ts';
import type { McpCallRecord, McpToolResult } from './types.ts';

/** How the runner makes one saved call: through the gateway, as any door's call (kept in the history). */
type SavedCallMaker = (call: McpSavedCall) => Promise<McpCallRecord>;

/**
 * A collection run on this console's servers (the `mcp.collections.run` method). Inline servers
 * are for a console of their own (`crewship mcp test` starts one), never added to this one.
 */
export function runOnGateway(gateway: Pick<McpGateway, 'call'>, collection: McpCollection, actor: Actor): Promise<McpCollectionReport> {
  const inline = Object.keys(collection.servers);
  if (inline.length > 0) {
    throw new AppError(
      'mcp_collection_inline_servers',
      `The collection configures its own server${inline.length === 1 ? '' : 's'} (${inline.join(', ')}), which this console does not add.`,
      'Run it with `crewship mcp test <file>`, which starts them in a console of its own, or remove "servers" to use the servers configured here.',
    );
  }
  return runCollection(collection, (call) => gateway.call({ server: call.server, tool: call.tool, arguments: call.arguments, timeoutMs: call.timeoutMs }, actor));
}

/** Runs every saved call in order (one after another, as a server's CI expects) and checks its assertions. */
async function runCollection(collection: McpCollection, makeCall: SavedCallMaker): Promise<McpCollectionReport> {
  const startedAt = new Date();
  const cases: McpCollectionCase[] = [];
  for (const call of collection.calls) cases.push(await runOne(call, makeCall));
  return {
    name: collection.name,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    passed: cases.filter((one) => one.status === 'passed').length,
    failed: cases.filter((one) => one.status === 'failed').length,
    errors: cases.filter((one) => one.status === 'error').length,
    cases,
  };
}

/** A call the gateway refuses before it starts (no such server, disabled) is an error of that case, and the run goes on. */
async function runOne(call: McpSavedCall, makeCall: SavedCallMaker): Promise<McpCollectionCase> {
  try {
    return caseOf(call, await makeCall(call));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { name: call.name, server: call.server, tool: call.tool, durationMs: null, callId: null, status: 'error', failures: [], error: error.toBody() };
  }
}

function caseOf(call: McpSavedCall, record: McpCallRecord): McpCollectionCase {
  const base = { name: call.name, server: call.server, tool: call.tool, durationMs: record.durationMs, callId: record.callId || null };
  if (!record.result) {
    return { ...base, status: 'error', failures: [], error: record.error ?? { code: 'mcp_request_failed', message: 'The call returned no result.', hint: 'See the server log.' } };
  }
  const failures = checkExpectations(call.expect, record.result, record.durationMs);
  return { ...base, status: failures.length === 0 ? 'passed' : 'failed', failures, error: null };
}

/** Every assertion the result does not meet (none: the call passed). */
function checkExpectations(expect: McpExpectations, result: McpToolResult, durationMs: number | null): McpAssertionFailure[] {
  const failures: McpAssertionFailure[] = [];
  const fail = (assertion: string, message: string) => failures.push({ assertion, message });
  const wantError = expect.isError ?? false;
  if (result.isError !== wantError) fail('isError', wantError ? 'expected the result to be an error (isError), and it was not' : `expected no error, and the result has isError: ${shorten(textOf(result))}`);
  const text = textOf(result);
  for (const wanted of expect.textContains ?? []) {
    if (!text.includes(wanted)) fail('textContains', `expected the text to contain ${JSON.stringify(wanted)}; it is ${shorten(text)}`);
  }
  if (expect.textMatches !== undefined && !new RegExp(expect.textMatches).test(text)) fail('textMatches', `expected the text to match /${expect.textMatches}/; it is ${shorten(text)}`);
  for (const [path, wanted] of Object.entries(expect.jsonPath ?? {})) {
    const found = valueAt({ content: result.content, structuredContent: result.structuredContent, isError: result.isError, meta: result.meta }, parseJsonPath(path) ?? []);
    if (!found.found) fail(`jsonPath ${path}`, `expected ${path} to equal ${JSON.stringify(wanted)}; nothing is there`);
    else if (!isDeepStrictEqual(found.value, wanted)) fail(`jsonPath ${path}`, `expected ${path} to equal ${JSON.stringify(wanted)}; it is ${shorten(JSON.stringify(found.value))}`);
  }
  if (expect.structuredContentValid !== undefined) checkOutputSchema(expect.structuredContentValid, result, fail);
  if (expect.durationUnderMs !== undefined && (durationMs === null || durationMs >= expect.durationUnderMs)) {
    fail('durationUnderMs', `expected the call to take under ${expect.durationUnderMs} ms; it took ${durationMs ?? '?'} ms`);
  }
  return failures;
}

function checkOutputSchema(wanted: boolean, result: McpToolResult, fail: (assertion: string, message: string) => void): void {
  const verdict = result.outputValidation;
  if (!verdict.checked) {
    fail('structuredContentValid', result.isError ? 'an error result is not checked against the outputSchema' : 'the tool declares no outputSchema to check structuredContent against');
    return;
  }
  if (verdict.valid === wanted) return;
  fail('structuredContentValid', wanted ? `structuredContent does not match the outputSchema: ${verdict.errors.join('; ')}` : 'expected structuredContent not to match the outputSchema, and it does');
}

/** The text content: every text block, joined by newlines. */
function textOf(result: McpToolResult): string {
  return result.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
}

function shorten(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 300 ? `${quoted.slice(0, 297)}…"` : quoted;
}
