/**
 * The protocol view's plain types (no Node module reachable: the renderer takes them through the
 * contract): every JSON-RPC message a connection sent or received, and the session state the
 * tester shows (subscriptions, the log level asked for, completions).
 */

/** out: the console sent it to the server; in: the server sent it. */
export type McpProtocolDirection = 'out' | 'in';

export type McpProtocolKind = 'request' | 'response' | 'error' | 'notification';

export interface McpProtocolMessage {
  /** Rises by one per message of the server, across its reconnects. */
  seq: number;
  serverId: string;
  at: string;
  direction: McpProtocolDirection;
  kind: McpProtocolKind;
  /** A response's or error's method is its request's. */
  method: string | null;
  id: string | number | null;
  /** Bytes of the message as JSON, as it crossed the connection. */
  size: number;
  /** A response's or error's time since its request was sent or received. */
  durationMs: number | null;
  /** The message with every injected secret redacted; null when it was too large (see size) or nested too deep to keep. */
  body: unknown;
}

/**
 * What the bus carries of each message: all but its body (`mcp.protocol.read` with `afterSeq`
 * has it). Every window follows the bus, and a chatty server's bodies (its log lines are already
 * sent once as `mcp.log`) would otherwise cross to each of them again whether a protocol view is
 * open or not.
 */
export type McpProtocolNotice = Omit<McpProtocolMessage, 'body'>;

export interface McpProtocolPage {
  messages: McpProtocolMessage[];
  /** Older messages the ring buffer dropped since the connection was first made. */
  dropped: number;
  /** How many messages the buffer holds at most. */
  capacity: number;
}

export interface McpProtocolFilter {
  afterSeq?: number | undefined;
  limit: number;
  direction?: McpProtocolDirection | undefined;
  kind?: McpProtocolKind | undefined;
  /** A method, or its start (`resources/` matches every resources method). */
  method?: string | undefined;
  /** Text anywhere in the body. */
  text?: string | undefined;
}

/** What completion/complete is asked about: a prompt's argument, or a resource template's variable. */
export type McpCompletionRef = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

export interface McpCompletion {
  values: string[];
  total: number | null;
  hasMore: boolean;
}

export interface McpResourceUpdated {
  serverId: string;
  serverName: string;
  uri: string;
  at: string;
}
