/**
 * The MCP SDK, loaded when the first connection opens: it costs a third of a second to import,
 * and most commands (and a core that never connects a server) do not need it.
 */
async function importSdk() {
  const [client, types, ajv, stdio, streamableHttp, sse] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('@modelcontextprotocol/sdk/validation/ajv-provider.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
  ]);
  return {
    Client: client.Client,
    types,
    AjvJsonSchemaValidator: ajv.AjvJsonSchemaValidator,
    StdioClientTransport: stdio.StdioClientTransport,
    StreamableHTTPClientTransport: streamableHttp.StreamableHTTPClientTransport,
    SSEClientTransport: sse.SSEClientTransport,
  };
}

export type Sdk = Awaited<ReturnType<typeof importSdk>>;

let loading: Promise<Sdk> | undefined;

export function loadSdk(): Promise<Sdk> {
  loading ??= importSdk();
  return loading;
}

/** JSON-RPC error codes the SDK raises as McpError (ErrorCode in its types). */
export const CONNECTION_CLOSED = -32000;
export const REQUEST_TIMEOUT = -32001;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;

/** The code of an McpError, told apart without loading the SDK (its message is `MCP error <code>: …`). */
export function mcpErrorCode(error: unknown): number | undefined {
  if (!(error instanceof Error) || !error.message.startsWith('MCP error ')) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A JSON-RPC error the server answered a request with. The SDK raises it as the same McpError as
 * the failures it makes up itself: -32000 is both a connection it saw close and a server's own
 * generic error. The connection tells them apart as it catches them (the connection is still open).
 */
export class ServerErrorAnswer extends Error {
  readonly code: number;
  /** The server's words, without the `MCP error <code>: ` the SDK puts before them (an SDK server does too). */
  readonly serverMessage: string;

  constructor(code: number, error: Error) {
    super(error.message, { cause: error });
    this.name = 'ServerErrorAnswer';
    this.code = code;
    this.serverMessage = error.message.replace(new RegExp(`^(MCP error ${code}: )+`), '');
  }
}
