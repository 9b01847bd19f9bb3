import { AppError, type ErrorBody } from '../errors/app-error.ts';
import type { ErrorCode } from '../errors/codes.ts';
import type { Redactor } from './redact.ts';
import { CONNECTION_CLOSED, mcpErrorCode, REQUEST_TIMEOUT } from './sdk.ts';
import type { McpServerConfig } from './types.ts';

/** A failure turned into the reason a person reads, and whether trying again later may help. */
export interface ConnectFailure {
  error: ErrorBody;
  retryable: boolean;
}

class ConnectTimeout extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

interface FailureContext {
  config: McpServerConfig;
  redactor: Redactor;
  /** The server's last stderr lines, which usually say why it stopped. */
  stderrTail: string[];
  timeoutMs: number;
}

export function describeConnectFailure(error: unknown, context: FailureContext): ConnectFailure {
  const { config, redactor } = context;
  const name = config.name;
  const target = config.transport.type === 'stdio' ? `the command "${config.transport.command}"` : config.transport.url;
  const stderr = context.stderrTail.length > 0 ? ` Its last output: ${context.stderrTail.join(' | ')}` : '';
  const body = (code: ErrorCode, message: string, hint: string, retryable: boolean): ConnectFailure => ({
    error: { code, message: redactor.text(message), hint },
    retryable,
  });

  if (error instanceof AppError) return { error: { ...error.toBody(), message: redactor.text(error.message) }, retryable: false };
  const rpcCode = mcpErrorCode(error);
  if (error instanceof ConnectTimeout || rpcCode === REQUEST_TIMEOUT) {
    return body(
      'mcp_connect_timeout',
      `MCP server "${name}" did not finish initialize within ${Math.round(context.timeoutMs / 100) / 10} s.${stderr}`,
      'Check that it is an MCP server and starts on its own (run it by hand), or raise its connect timeout.',
      true,
    );
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT' && config.transport.type === 'stdio') {
    return body(
      'mcp_command_not_found',
      `MCP server "${name}" could not start: ${target} was not found.`,
      'Install the program, or give its full path as the command.',
      false,
    );
  }
  if (code === 'EACCES' && config.transport.type === 'stdio') {
    return body('mcp_command_not_executable', `MCP server "${name}" could not start: ${target} is not executable.`, 'Check the file’s permissions.', false);
  }
  if (rpcCode === CONNECTION_CLOSED) {
    return body(
      'mcp_server_exited',
      `MCP server "${name}" closed the connection before it was ready.${stderr}`,
      'Run the command by hand to see why it stops; check its arguments and environment.',
      true,
    );
  }
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) {
    return body(
      'mcp_unauthorized',
      `MCP server "${name}" refused the connection (HTTP ${status}).`,
      unauthorizedHint(config),
      false,
    );
  }
  if (status !== undefined) {
    return body('mcp_http_error', `MCP server "${name}" answered HTTP ${status} at ${target}.`, 'Check the URL and the transport (streamable-http or sse).', status >= 500);
  }
  const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
  if (causeCode === 'ECONNREFUSED' || causeCode === 'ENOTFOUND' || causeCode === 'EHOSTUNREACH' || causeCode === 'ECONNRESET') {
    return body('mcp_unreachable', `Nothing answers at ${target} (${String(causeCode)}).`, 'Start the server, or check the URL.', true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return body('mcp_connect_failed', `MCP server "${name}" could not connect: ${message}`, 'See the server’s log for details.', true);
}

/** What to do when a remote server refuses its credential (after one renewal, where there was one). */
export function unauthorizedHint(config: McpServerConfig): string {
  const label = config.credential?.credentialLabel;
  if (!config.credential) return 'Bind a credential to this server.';
  const test = label ? ` (\`crewship credential test "${label}"\`)` : '';
  return `The injected credential was refused and could not be renewed: test it, or connect it again, on the Credentials page${test}.`;
}

/** StreamableHTTPError and SseError carry the HTTP status as `code`. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof Error) || !/^(Streamable HTTP|SSE) error/.test(error.message)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && code >= 100 && code < 600) return code;
  const match = /\b([45]\d\d)\b/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/** Rejects with ConnectTimeout when the work outlasts its deadline (the caller then closes what it opened). */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectTimeout(timeoutMs)), timeoutMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
