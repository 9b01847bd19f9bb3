import { AppError } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { httpStatusOf, unauthorizedHint } from './connect-errors.ts';
import type { Redactor } from './redact.ts';
import { CONNECTION_CLOSED, mcpErrorCode, REQUEST_TIMEOUT } from './sdk.ts';
import type { ServerConnection } from './server-connection.ts';

/** Turns what a request threw into an AppError a person can act on; never with a secret in it. */
export function describeRequestFailure(error: unknown, connection: ServerConnection, what: string): AppError {
  const name = connection.config.name;
  const redactor: Redactor = connection.redactor;
  const make = (code: ErrorCode, message: string, hint: string) => new AppError(code, redactor.text(message), hint);
  if (error instanceof AppError) return new AppError(error.code, redactor.text(error.message), error.hint);
  const rpcCode = mcpErrorCode(error);
  if (rpcCode !== undefined) {
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
    return make('mcp_request_refused', `MCP server "${name}" refused ${what}: ${(error as Error).message}`, 'Check the tool name and arguments against its schema.');
  }
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) {
    return make('mcp_unauthorized', `MCP server "${name}" refused the credential during ${what} (HTTP ${status}).`, unauthorizedHint(connection.config));
  }
  const message = error instanceof Error ? error.message : String(error);
  return make('mcp_request_failed', `MCP server "${name}": ${what} failed: ${message}`, 'See the server’s log and status.');
}
