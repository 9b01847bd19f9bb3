/**
 * What the MCP domain hands to its doors: plain, serialisable shapes. None of them ever holds a
 * secret: an injected credential is named by id and label, never by value, and a server config's
 * env and header values are what the operator stored (placeholders such as `${GITHUB_TOKEN}`).
 */
import type { ErrorBody } from '../errors/app-error.ts';

type McpTransportType = 'stdio' | 'streamable-http' | 'sse';

export interface McpStdioTransport {
  type: 'stdio';
  command: string;
  args: string[];
  /** Values may hold `${VAR}` placeholders, resolved at connect time. */
  env: Record<string, string>;
  cwd: string | null;
}

interface McpRemoteTransport {
  type: 'streamable-http' | 'sse';
  url: string;
  /** Values may hold `${VAR}` placeholders, resolved at connect time. */
  headers: Record<string, string>;
}

export type McpTransportConfig = McpStdioTransport | McpRemoteTransport;

/** How a credential's secret reaches one connection: an HTTP header, or (stdio) an env var. */
export type McpInjection =
  | { kind: 'bearer' }
  | { kind: 'api_key'; header: string }
  | { kind: 'basic' }
  | { kind: 'env'; variable: string };

export interface McpCredentialBinding {
  credentialId: string;
  injection: McpInjection;
  /** The credential's label; null when the credential no longer exists (connecting then fails). */
  credentialLabel: string | null;
  /**
   * The placeholder name under which the credential's secret is visible to this server's config
   * (and written to exported files): the env var for `env` injection, else `<SERVER_NAME>_TOKEN`.
   */
  variable: string;
}

export type McpScope =
  | { kind: 'workspace' }
  | { kind: 'crew'; crewId: string; crewSlug: string; crewName: string }
  | { kind: 'agent'; agentId: string; agentSlug: string; agentName: string };

export interface McpServerConfig {
  id: string;
  /** Unique within its scope; the `mcpServers` key in `.mcp.json`. */
  name: string;
  scope: McpScope;
  transport: McpTransportConfig;
  credential: McpCredentialBinding | null;
  /**
   * The console environment variables this server's `${VAR}` placeholders may read (its
   * credential's variable needs no listing; `CREWSHIP_*` can never be listed).
   */
  allowedEnv: string[];
  /**
   * The names of the server's sealed values (`${NAME}` placeholders that read them), never the
   * values: those stay in the vault until a connection opens them.
   */
  sealedVariables: string[];
  /** The OAuth provider this server uses (e.g. `github`); auto-bind looks configs up by it. */
  provider: string | null;
  /**
   * composio: the Composio domain created it (a binding's scoped server, the default connector)
   * and keeps it; it cannot be edited or deleted by hand, and its key is injected at connect time.
   */
  managedBy: 'composio' | null;
  enabled: boolean;
  /** Overrides the gateway's connect timeout (15 s by default) for this server. */
  connectTimeoutMs: number | null;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------- status

/**
 * disabled: the config is off. idle: enabled, not connected yet (the gateway connects lazily).
 * connecting / ready / failed; failed servers retry with capped backoff (`nextRetryAt`).
 */
export type McpConnectionState = 'disabled' | 'idle' | 'connecting' | 'ready' | 'failed';

interface McpServerInfo {
  name: string;
  version: string;
  title: string | null;
}

interface McpServerCapabilities {
  tools: boolean;
  toolsListChanged: boolean;
  resources: boolean;
  resourcesSubscribe: boolean;
  prompts: boolean;
  logging: boolean;
  completions: boolean;
}

export interface McpServerStatus {
  serverId: string;
  name: string;
  scope: McpScope;
  transportType: McpTransportType;
  enabled: boolean;
  state: McpConnectionState;
  /** Why the last attempt failed (never holds a secret value). */
  error: ErrorBody | null;
  toolCount: number;
  resourceCount: number;
  promptCount: number;
  connectedSince: string | null;
  lastCallLatencyMs: number | null;
  lastCallAt: string | null;
  /** Consecutive failed attempts; 0 once ready. */
  attempts: number;
  nextRetryAt: string | null;
  serverInfo: McpServerInfo | null;
  protocolVersion: string | null;
  instructions: string | null;
  capabilities: McpServerCapabilities | null;
  /** The stdio child's process id while it runs. */
  pid: number | null;
  /** The level asked for with logging/setLevel (sent again after each reconnect); null: the server's default. */
  logLevel: McpLogLevel | null;
  /** Resource URIs subscribed to (subscribed again after each reconnect). */
  subscriptions: string[];
}

// ---------------------------------------------------------------- tools, resources, prompts

type JsonSchemaObject = Record<string, unknown>;

export interface McpToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface McpIcon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

export interface McpTool {
  serverId: string;
  serverName: string;
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: JsonSchemaObject;
  outputSchema: JsonSchemaObject | null;
  annotations: McpToolAnnotations | null;
  icons: McpIcon[];
  meta: Record<string, unknown> | null;
  /** Whether the tool runs as a task (SEP-1686): required, optional, or not at all (null). */
  taskSupport: 'required' | 'optional' | null;
}

export interface McpResource {
  serverId: string;
  serverName: string;
  uri: string;
  name: string;
  title: string | null;
  description: string | null;
  mimeType: string | null;
  size: number | null;
}

export interface McpResourceTemplate {
  serverId: string;
  serverName: string;
  uriTemplate: string;
  name: string;
  title: string | null;
  description: string | null;
  mimeType: string | null;
}

interface McpPromptArgument {
  name: string;
  description: string | null;
  required: boolean;
}

export interface McpPrompt {
  serverId: string;
  serverName: string;
  name: string;
  title: string | null;
  description: string | null;
  arguments: McpPromptArgument[];
}

/** A server that was asked for but could not answer (not ready, or it failed the request). */
export interface McpUnavailableServer {
  serverId: string;
  serverName: string;
  state: McpConnectionState;
  error: ErrorBody | null;
}

/** A directory the operator grants a server (MCP roots): the URI sent, and the path it names. */
export interface McpRoot {
  uri: string;
  name: string | null;
  path: string;
}

/** What a client may offer a server; a server may list some tools only to a client that offers what they use. */
export type McpClientCapability = 'elicitation' | 'sampling' | 'roots';

/** A tool the server listed to a client that offered more than this connection does. */
export interface McpHiddenTool {
  serverId: string;
  serverName: string;
  name: string;
  title: string | null;
  description: string | null;
  /** The client capabilities this connection does not offer and the tool was only listed with. */
  needs: McpClientCapability[];
}

export interface McpToolList {
  tools: McpTool[];
  /** Tools not listed to this connection because it does not offer a capability they need. */
  hidden: McpHiddenTool[];
  unavailable: McpUnavailableServer[];
}

export interface McpResourceList {
  resources: McpResource[];
  templates: McpResourceTemplate[];
  unavailable: McpUnavailableServer[];
}

export interface McpPromptList {
  prompts: McpPrompt[];
  unavailable: McpUnavailableServer[];
}

// ---------------------------------------------------------------- content (passed through as the server sent it)

interface McpContentAnnotations {
  audience?: Array<'user' | 'assistant'>;
  priority?: number;
  lastModified?: string;
}

export type McpResourceContents =
  | { uri: string; mimeType?: string; text: string; _meta?: Record<string, unknown> }
  | { uri: string; mimeType?: string; blob: string; _meta?: Record<string, unknown> };

/**
 * Every content type of the protocol. Unknown future types are passed through unchanged too;
 * a renderer should show those as JSON.
 */
export type McpContent =
  | { type: 'text'; text: string; annotations?: McpContentAnnotations; _meta?: Record<string, unknown> }
  | { type: 'image'; data: string; mimeType: string; annotations?: McpContentAnnotations; _meta?: Record<string, unknown> }
  | { type: 'audio'; data: string; mimeType: string; annotations?: McpContentAnnotations; _meta?: Record<string, unknown> }
  | {
      type: 'resource_link';
      uri: string;
      name: string;
      title?: string;
      description?: string;
      mimeType?: string;
      size?: number;
      annotations?: McpContentAnnotations;
      _meta?: Record<string, unknown>;
    }
  | { type: 'resource'; resource: McpResourceContents; annotations?: McpContentAnnotations; _meta?: Record<string, unknown> };

export interface McpResourceReadResult {
  serverId: string;
  uri: string;
  contents: McpResourceContents[];
}

interface McpPromptMessage {
  role: 'user' | 'assistant';
  content: McpContent;
}

export interface McpPromptResult {
  serverId: string;
  name: string;
  description: string | null;
  messages: McpPromptMessage[];
}

// ---------------------------------------------------------------- calls and history

export interface McpOutputValidation {
  /** False when the tool declares no outputSchema, or the result is an error. */
  checked: boolean;
  /** null when not checked. */
  valid: boolean | null;
  /** Ajv's messages, e.g. `/temperature must be number`. */
  errors: string[];
}

export interface McpToolResult {
  content: McpContent[];
  structuredContent: Record<string, unknown> | null;
  isError: boolean;
  meta: Record<string, unknown> | null;
  outputValidation: McpOutputValidation;
}

export interface McpProgress {
  progress: number;
  total: number | null;
  message: string | null;
}

/**
 * running; succeeded (a result without isError); tool_error (a result with isError: true);
 * failed (no result: the server crashed, timed out, refused); cancelled.
 */
export type McpCallStatus = 'running' | 'succeeded' | 'tool_error' | 'failed' | 'cancelled';

export interface McpCallSummary {
  callId: string;
  serverId: string;
  serverName: string;
  tool: string;
  agentId: string | null;
  actor: string;
  status: McpCallStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** The call this one replayed, if any. */
  replayOf: string | null;
  /** A call run as a task: its task's last status (the record has the whole task). */
  taskStatus: McpTaskStatus | null;
}

/** Tool calls over a recent window (the console's own and every door's), for the overview. */
export interface McpCallStats {
  since: string;
  calls: number;
  /** Calls that failed, or whose result was `isError`. */
  failed: number;
  running: number;
  /** Median duration of the finished calls; null when none finished. */
  medianDurationMs: number | null;
}

type McpTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** One status a task moved to, when the console learnt of it. */
export interface McpTaskTransition {
  status: McpTaskStatus;
  statusMessage: string | null;
  at: string;
}

/**
 * A call run as a task (SEP-1686): the server's task, as its last status said, and the statuses it
 * moved through (each change of status once, oldest first). Kept in the call history.
 */
export interface McpCallTask {
  taskId: string;
  status: McpTaskStatus;
  statusMessage: string | null;
  pollIntervalMs: number | null;
  updatedAt: string;
  transitions: McpTaskTransition[];
}

/** A call in full; its task's status is `task.status` (the summary's `taskStatus`). */
export interface McpCallRecord extends Omit<McpCallSummary, 'taskStatus'> {
  /** Set when the call runs as a task, from the server's first answer on. */
  task: McpCallTask | null;
  arguments: Record<string, unknown>;
  result: McpToolResult | null;
  error: ErrorBody | null;
  /** The last progress notification received. */
  lastProgress: McpProgress | null;
}

// ---------------------------------------------------------------- elicitations

/** A server's request for input from a person (MCP elicitation, form or URL mode), waiting for the operator. */
export interface McpElicitation {
  id: string;
  serverId: string;
  serverName: string;
  /** The tool call it arrived during, when exactly one call was running on that server. */
  callId: string | null;
  message: string;
  /** form: fill in requestedSchema; url: open `url` (accepting opens it for the operator). */
  mode: 'form' | 'url';
  /**
   * waiting: for the operator's answer; opened (URL mode only): accepted, the URL opened, until the
   * server says its flow is complete (`notifications/elicitation/complete`) — answering it again is refused.
   */
  state: 'waiting' | 'opened';
  /** A flat object of primitive fields (string, number, integer, boolean, enum), as the spec allows; empty in URL mode. */
  requestedSchema: Record<string, unknown>;
  url: string | null;
  /** The server's id for a URL-mode request, named again by its `notifications/elicitation/complete`. */
  elicitationId: string | null;
  receivedAt: string;
  /** Unanswered by then, it is cancelled for the server; an opened flow not completed by then is dropped. */
  expiresAt: string;
}

export type McpElicitationAction = 'accept' | 'decline' | 'cancel';

/**
 * How a request ended: the operator's answer, the deadline, the server taking it back, or (URL
 * mode) the server saying its flow completed — after the operator accepted, or in its stead.
 */
export type McpElicitationOutcome = McpElicitationAction | 'expired' | 'withdrawn' | 'completed';

// ---------------------------------------------------------------- logs

export type McpLogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/** stderr: a line the stdio child wrote; notification: notifications/message; lifecycle: the gateway's own note. */
export type McpLogSource = 'stderr' | 'notification' | 'lifecycle';

export interface McpLogLine {
  /** Increases per server; pass the last one seen as `afterSeq` to read only newer lines. */
  seq: number;
  serverId: string;
  at: string;
  source: McpLogSource;
  level: McpLogLevel | null;
  logger: string | null;
  text: string;
}

export interface McpLogPage {
  lines: McpLogLine[];
  /** Lines dropped from the front of the bounded buffer since the server was first connected. */
  dropped: number;
  lastSeq: number;
}

// ---------------------------------------------------------------- .mcp.json

export interface McpImportReport {
  created: string[];
  updated: string[];
  /** Entries the file had that match what is stored already. */
  unchanged: string[];
}

/**
 * A console environment variable that a `.mcp.json`'s entries read and that must be allowed to
 * import it: the operator allows it at import for the servers that name it.
 */
export interface McpImportVariable {
  name: string;
  /** The file's servers whose placeholders name it (without a default). */
  servers: string[];
  /** `CREWSHIP_*`: the console's own, never allowed; the file cannot be imported as it is. */
  reserved: boolean;
}

export interface McpExport {
  /** The file text: `{"mcpServers": {...}}` with placeholders, never a secret. */
  json: string;
  serverCount: number;
}

export interface McpResolvedServer {
  name: string;
  serverId: string;
  scope: McpScope;
  /** The ids of entries of the same name this one replaced (workspace < crew < agent). */
  shadows: string[];
}
