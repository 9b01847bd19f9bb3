import type { Stream } from 'node:stream';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Sdk } from './sdk.ts';
import type { McpTransportConfig } from './types.ts';

export interface OpenedTransport {
  transport: Transport;
  /** A stdio child's stderr (piped, available before start). */
  stderr: Stream | null;
  /** A stdio child's pid, once started. */
  pid(): number | null;
}

/**
 * The SDK's client transports, built from a resolved plan (`fetch`: the plan's, which injects a
 * bound credential into every request of a remote server). A stdio child gets the SDK's safe
 * default environment (HOME, PATH, SHELL, TERM, USER, LOGNAME) plus the config's env and injected
 * secrets — nothing else of the console's environment (never CREWSHIP_MASTER_KEY). `authProvider`:
 * the server's OAuth sign-in, which the SDK asks for the token and calls on a 401 or 403.
 */
export function openTransport(sdk: Sdk, config: McpTransportConfig, fetch: FetchLike | null, authProvider: OAuthClientProvider | null = null): OpenedTransport {
  if (config.type === 'stdio') {
    const transport = new sdk.StdioClientTransport({
      command: config.command,
      args: config.args,
      env: config.env,
      ...(config.cwd ? { cwd: config.cwd } : {}),
      stderr: 'pipe',
    });
    return { transport, stderr: transport.stderr, pid: () => transport.pid };
  }
  const options = { requestInit: { headers: config.headers }, ...(fetch ? { fetch } : {}), ...(authProvider ? { authProvider } : {}) };
  const url = new URL(config.url);
  const transport = config.type === 'sse' ? new sdk.SSEClientTransport(url, options) : new sdk.StreamableHTTPClientTransport(url, options);
  return { transport, stderr: null, pid: () => null };
}
