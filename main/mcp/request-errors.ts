import { AppError } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { httpStatusOf, unauthorizedHint } from './connect-errors.ts';
import type { Redactor } from './redact.ts';
import { CONNECTION_CLOSED, INVALID_PARAMS, mcpErrorCode, METHOD_NOT_FOUND, REQUEST_TIMEOUT, ServerErrorAnswer } from './sdk.ts';
import type { ServerConnection } from './server-connection.ts';
import type { McpClientCapability } from './types.ts';

/** The request that failed: a tool call, named by its tool, or another request in words ("the request"). */
type FailedRequest = { tool: string } | { what: string };

type MakeError = (code: ErrorCode, message: string, hint: string) => AppError;

/** Turns what a request threw into an AppError a person can act on; never with a secret in it. */
export function describeRequestFailure(error: unknown, connection: ServerConnection, request: FailedRequest): AppError {
  const name = connection.config.name;
  const what = describe(request);
  const redactor: Redactor = connection.redactor;
  const make: MakeError = (code, message, hint) => new AppError(code, redactor.text(message), hint);
  if (error instanceof AppError) return new AppError(error.code, redactor.text(error.message), error.hint);
  if (error instanceof ServerErrorAnswer) return describeServerAnswer(error, connection, request, make);
  const rpcCode = mcpErrorCode(error);
  if (rpcCode === CONNECTION_CLOSED) {
    const reason = connection.lastError;
    return make(
      'mcp_server_crashed',
      `MCP server "${name}" stopped during ${what}.${reason ? ` ${reason.message}` : ''}`,
      'It is reconnected automatically; see its log for why it stopped, then run the call again.',
    );
  }
  if (rpcCode === REQUEST_TIMEOUT) {
    return make('mcp_call_timeout', `MCP server "${name}" did not answer ${what} in time.`, 'Give the call a longer timeout, or check the server’s log.');
  }
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) {
    return make('mcp_unauthorized', `MCP server "${name}" refused the credential during ${what} (HTTP ${status}).`, unauthorizedHint(connection.config));
  }
  const message = error instanceof Error ? error.message : String(error);
  return make('mcp_request_failed', `MCP server "${name}": ${what} failed: ${message}`, 'See the server’s log and status.');
}

/**
 * The server answered with an error of its own: it is up, and says why, in its own code and words.
 * For a tool call, -32602 means bad arguments for a tool it lists, and (as the spec has it for
 * unknown tools) no such tool for one it does not; -32601 means it has no such method.
 */
function describeServerAnswer(answer: ServerErrorAnswer, connection: ServerConnection, request: FailedRequest, make: MakeError): AppError {
  const name = connection.config.name;
  const message = `MCP server "${name}" answered ${describe(request)} with error ${answer.code}: ${answer.serverMessage}`;
  if ('tool' in request) {
    const listed = connection.catalog.tools.some((tool) => tool.name === request.tool);
    if (answer.code === METHOD_NOT_FOUND || (answer.code === INVALID_PARAMS && !listed)) {
      const missing = connection.missingCapabilitiesFor(request.tool);
      if (missing.length > 0) return capabilityMissingError(name, request.tool, missing);
      return make('mcp_tool_not_found', message, `List the server’s tools (\`crewship mcp tools "${name}"\`) and call one of those.`);
    }
    if (answer.code === INVALID_PARAMS) {
      return make('mcp_tool_invalid_arguments', message, 'Correct the arguments to fit the tool’s input schema, and call it again.');
    }
  }
  return make('mcp_server_error', message, 'The server is still connected: deal with what its message says (its log may say more), then try again.');
}

/** A tool the server lists only to clients offering what this connection does not (see ToolSightings). */
export function capabilityMissingError(server: string, tool: string, missing: McpClientCapability[]): AppError {
  const needs = missing.join(' and ');
  return new AppError(
    'mcp_capability_missing',
    `MCP server "${server}" lists ${tool} only to a client that offers ${needs}, which this console does not offer here.`,
    missing.includes('elicitation')
      ? 'Call it from the app or `crewship serve`, which answer requests for input (a one-shot command has no one to ask).'
      : `Call it from a console that offers ${needs}.`,
  );
}

function describe(request: FailedRequest): string {
  return 'tool' in request ? `the call to ${request.tool}` : request.what;
}
