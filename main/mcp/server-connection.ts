import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { AppError, type ErrorBody } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import { requireJsonDepth } from '../errors/json-depth.ts';
import { nowIso } from '../store/ids.ts';
import { collectPages, toPrompt, toResource, toResourceTemplate, toTool } from './catalog.ts';
import type { ElicitationAnswer, ElicitationRequest } from './elicitations.ts';
import { ConnectTimeout, describeConnectFailure, type ConnectFailure } from './connect-errors.ts';
import type { ConnectionPlan } from './connection-plan.ts';
import { descendantsOf, isAlive, killProcesses, trackChild } from './process-tree.ts';
import { noSecrets, type Redactor } from './redact.ts';
import { loadSdk, type Sdk } from './sdk.ts';
import type { ServerLog } from './server-log.ts';
import { openTransport, type OpenedTransport } from './transports.ts';
import type {
  McpConnectionState,
  McpContent,
  McpLogLevel,
  McpOutputValidation,
  McpPrompt,
  McpPromptResult,
  McpResource,
  McpResourceContents,
  McpResourceReadResult,
  McpResourceTemplate,
  McpServerConfig,
  McpServerStatus,
  McpTool,
  McpToolResult,
} from './types.ts';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Automatic retries after this many failures in a row stop; an explicit connect starts again. */
  maxAttempts: number;
}

export interface ConnectionDeps {
  plan(config: McpServerConfig): Promise<ConnectionPlan>;
  log: ServerLog;
  onStatus(status: McpServerStatus): void;
  onListsChanged(connection: ServerConnection): void;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  backoff: BackoffPolicy;
  logInternalError: InternalErrorLog;
  clientInfo: { name: string; version: string };
  /**
   * Where the server's requests for input go. Without it the client does not offer elicitation,
   * and a server asks no one (a one-shot CLI call has no person to ask).
   */
  elicit?: ((request: Omit<ElicitationRequest, 'server' | 'callId'>) => Promise<ElicitationAnswer>) | undefined;
}

export interface CallOptions {
  signal: AbortSignal;
  onprogress: (progress: { progress: number; total?: number | undefined; message?: string | undefined }) => void;
  timeoutMs: number;
}

/** One live client and its transport (and, for stdio, its child process). */
interface Live {
  sdk: Sdk;
  client: Client;
  opened: OpenedTransport;
  redactor: Redactor;
  childToken: string | null;
  /** Set when we close it ourselves, so that its close is not mistaken for a crash. */
  closing: boolean;
  untrack: () => void;
  /** Read from the initialize result, which the client does not keep. */
  protocolVersion: string | null;
}

type ListKind = 'tools' | 'resources' | 'prompts';

/** A call that runs far longer than its timeout while still reporting progress is stopped here. */
const MAX_TOTAL_CALL_MS = 60 * 60 * 1000;

/**
 * One server's connection and its supervisor: connect with a deadline, keep the lists, follow
 * list_changed, notice a crash, retry with capped exponential backoff. It never holds two
 * connections: a new attempt first waits until the previous client and its child are gone.
 */
export class ServerConnection {
  config: McpServerConfig;
  tools: McpTool[] = [];
  resources: McpResource[] = [];
  templates: McpResourceTemplate[] = [];
  prompts: McpPrompt[] = [];

  private readonly deps: ConnectionDeps;
  private state: McpConnectionState;
  private error: ErrorBody | null = null;
  private attempts = 0;
  private nextRetryAt: string | null = null;
  private connectedSince: string | null = null;
  private lastCallLatencyMs: number | null = null;
  private lastCallAt: string | null = null;
  private live: Live | undefined;
  private connecting: Promise<void> | undefined;
  /** The previous connection being torn down; the next attempt waits for it. */
  private closing: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  /** Bumped by every attempt and disconnect: an attempt that finds it changed discards its result. */
  private generation = 0;
  private ended = false;
  private readonly pendingRefresh = new Set<ListKind>();
  private readonly refreshing = new Map<ListKind, { again: boolean }>();
  private readonly validators = new Map<string, JsonSchemaValidator<unknown> | null>();
  private validatorFactory: jsonSchemaValidator | undefined;

  constructor(config: McpServerConfig, deps: ConnectionDeps) {
    this.config = config;
    this.deps = deps;
    this.state = config.enabled ? 'idle' : 'disabled';
  }

  get currentState(): McpConnectionState {
    return this.state;
  }

  status(): McpServerStatus {
    const client = this.state === 'ready' ? this.live?.client : undefined;
    const capabilities = client?.getServerCapabilities();
    const info = client?.getServerVersion();
    return {
      serverId: this.config.id,
      name: this.config.name,
      scope: this.config.scope,
      transportType: this.config.transport.type,
      enabled: this.config.enabled,
      state: this.state,
      error: this.error,
      toolCount: this.tools.length,
      resourceCount: this.resources.length + this.templates.length,
      promptCount: this.prompts.length,
      connectedSince: this.connectedSince,
      lastCallLatencyMs: this.lastCallLatencyMs,
      lastCallAt: this.lastCallAt,
      attempts: this.attempts,
      nextRetryAt: this.nextRetryAt,
      serverInfo: info ? { name: info.name, version: info.version, title: info.title ?? null } : null,
      protocolVersion: client ? (this.live?.protocolVersion ?? null) : null,
      instructions: client?.getInstructions() ?? null,
      capabilities: capabilities
        ? {
            tools: Boolean(capabilities.tools),
            toolsListChanged: Boolean(capabilities.tools?.listChanged),
            resources: Boolean(capabilities.resources),
            resourcesSubscribe: Boolean(capabilities.resources?.subscribe),
            prompts: Boolean(capabilities.prompts),
            logging: Boolean(capabilities.logging),
            completions: Boolean(capabilities.completions),
          }
        : null,
      pid: this.live?.opened.pid() ?? null,
    };
  }

  /** Lazy paths (lists): connect a server nobody has tried yet, and wait for a running attempt. */
  async start(): Promise<void> {
    if (this.state === 'idle') await this.connect();
    else if (this.connecting) await this.connecting;
  }

  /** Explicit paths (a call, the connect button): also try a failed server again, now. */
  async connectNow(): Promise<void> {
    if (!this.config.enabled || this.state === 'ready') return;
    await this.connect();
  }

  async reconnect(): Promise<void> {
    await this.disconnect();
    await this.connect();
  }

  /** Closes the connection; the server stays idle until something needs it again. */
  async disconnect(): Promise<void> {
    this.clearRetry();
    this.generation++;
    const live = this.live;
    this.live = undefined;
    if (live) this.closing = this.closeLive(live, this.state === 'ready');
    this.resetCounters();
    this.clearLists();
    this.setState(this.config.enabled ? 'idle' : 'disabled');
    await this.closing;
    await this.connecting?.catch(() => undefined);
  }

  /** A changed config: reconnect if what the connection is built from changed and it was in use. */
  async update(next: McpServerConfig): Promise<void> {
    const before = this.config;
    this.config = next;
    if (!next.enabled) {
      if (this.state !== 'disabled') await this.disconnect();
      return;
    }
    const inUse = this.state !== 'idle' && this.state !== 'disabled';
    if (!before.enabled) {
      this.setState('idle');
      return;
    }
    if (inUse && connectionInputsDiffer(before, next)) {
      this.deps.log.add('lifecycle', 'the configuration changed: reconnecting');
      await this.disconnect();
      await this.connect();
      return;
    }
    this.publishStatus();
  }

  /** For good: no retry, no reconnect; the child process is ended. */
  async end(): Promise<void> {
    this.ended = true;
    this.clearRetry();
    this.generation++;
    const live = this.live;
    this.live = undefined;
    if (live) this.closing = this.closeLive(live, this.state === 'ready');
    await this.closing;
    await this.connecting?.catch(() => undefined);
  }

  // ---------------------------------------------------------------- requests

  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<McpToolResult> {
    const live = this.requireLive();
    const started = performance.now();
    let raw: CallToolResult;
    try {
      raw = (await live.client.request({ method: 'tools/call', params: { name: tool, arguments: args } }, live.sdk.types.CallToolResultSchema, {
        signal: options.signal,
        onprogress: options.onprogress,
        timeout: options.timeoutMs,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: Math.max(options.timeoutMs, MAX_TOTAL_CALL_MS),
      })) as CallToolResult;
    } catch (error) {
      this.noteTransportFailure(live, error);
      throw error;
    }
    this.lastCallLatencyMs = Math.round((performance.now() - started) * 100) / 100;
    this.lastCallAt = nowIso();
    requireJsonDepth(raw, `The result of ${tool} from MCP server "${this.config.name}"`, 'The server answered with data nested too deep to keep or show safely; report it to the server’s maintainers.');
    return this.toToolResult(live, tool, raw);
  }

  async readResource(uri: string): Promise<McpResourceReadResult> {
    const live = this.requireLive();
    const result = await this.request(live, () =>
      live.client.request({ method: 'resources/read', params: { uri } }, live.sdk.types.ReadResourceResultSchema, { timeout: this.deps.requestTimeoutMs }),
    );
    return live.redactor.value({ serverId: this.config.id, uri, contents: result.contents as McpResourceContents[] });
  }

  async getPrompt(name: string, args: Record<string, string>): Promise<McpPromptResult> {
    const live = this.requireLive();
    const result = await this.request(live, () =>
      live.client.request({ method: 'prompts/get', params: { name, arguments: args } }, live.sdk.types.GetPromptResultSchema, {
        timeout: this.deps.requestTimeoutMs,
      }),
    );
    return live.redactor.value({
      serverId: this.config.id,
      name,
      description: result.description ?? null,
      messages: result.messages.map((message) => ({ role: message.role, content: message.content as McpContent })),
    });
  }

  async ping(): Promise<{ latencyMs: number }> {
    const live = this.requireLive();
    const started = performance.now();
    await this.request(live, () => live.client.request({ method: 'ping' }, live.sdk.types.EmptyResultSchema, { timeout: this.deps.requestTimeoutMs }));
    return { latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  async setLogLevel(level: McpLogLevel): Promise<{ level: McpLogLevel }> {
    const live = this.requireLive();
    await this.request(live, () => live.client.setLoggingLevel(level, { timeout: this.deps.requestTimeoutMs }));
    this.deps.log.add('lifecycle', `asked the server for log messages from level ${level} up`);
    return { level };
  }

  /** Secrets of the current connection, for the caller's errors. */
  get redactor(): Redactor {
    return this.live?.redactor ?? noSecrets;
  }

  /** The SDK client of the open connection: lets the benchmark call the same server without the gateway. */
  get sdkClient(): Client | null {
    return this.live?.client ?? null;
  }

  /** The credential token the running stdio child was started with, if any. */
  get childToken(): string | null {
    return this.live?.childToken ?? null;
  }

  /** Why the connection went away, if it did during a request. */
  get lastError(): ErrorBody | null {
    return this.error;
  }

  private requireLive(): Live {
    if (this.state === 'ready' && this.live) return this.live;
    throw this.notReady();
  }

  notReady(): AppError {
    if (this.state === 'disabled') {
      return new AppError('mcp_server_disabled', `MCP server "${this.config.name}" is disabled.`, 'Enable it first (`crewship mcp enable`).');
    }
    if (this.state === 'failed' && this.error) return new AppError(this.error.code, this.error.message, this.error.hint);
    return new AppError(
      'mcp_server_not_ready',
      `MCP server "${this.config.name}" is not connected (${this.state}).`,
      'Connect it and try again.',
    );
  }

  private async request<T>(live: Live, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      this.noteTransportFailure(live, error);
      throw error;
    }
  }

  /**
   * A remote server that went away shows up as a failed fetch rather than a closed stream:
   * treat it like a crash so that the status says so and a reconnect is scheduled.
   */
  private noteTransportFailure(live: Live, error: unknown): void {
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    if (error instanceof TypeError && (cause === 'ECONNREFUSED' || cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET')) {
      this.lost(live, `MCP server "${this.config.name}" stopped answering (${String(cause)}).`);
    }
  }

  private toToolResult(live: Live, tool: string, raw: CallToolResult): McpToolResult {
    const isError = raw.isError === true;
    const structuredContent = (raw.structuredContent as Record<string, unknown> | undefined) ?? null;
    return live.redactor.value({
      content: raw.content as McpContent[],
      structuredContent,
      isError,
      meta: (raw._meta as Record<string, unknown> | undefined) ?? null,
      outputValidation: this.validateOutput(live.sdk, tool, structuredContent, isError),
    });
  }

  /** Reported with the result instead of thrown (as the SDK's callTool does), so the tester can show both. */
  private validateOutput(sdk: Sdk, tool: string, structured: Record<string, unknown> | null, isError: boolean): McpOutputValidation {
    const validator = this.validatorFor(sdk, tool);
    if (!validator || isError) return { checked: false, valid: null, errors: [] };
    if (structured === null) {
      return { checked: true, valid: false, errors: ['the tool declares an outputSchema but returned no structuredContent'] };
    }
    const result = validator(structured);
    return result.valid ? { checked: true, valid: true, errors: [] } : { checked: true, valid: false, errors: [result.errorMessage] };
  }

  private validatorFor(sdk: Sdk, tool: string): JsonSchemaValidator<unknown> | null {
    if (!this.validators.has(tool)) {
      const schema = this.tools.find((candidate) => candidate.name === tool)?.outputSchema;
      let validator: JsonSchemaValidator<unknown> | null = null;
      try {
        validator = schema ? this.schemaValidator(sdk).getValidator(schema as JsonSchemaType) : null;
      } catch (error) {
        this.deps.log.add('lifecycle', `the outputSchema of ${tool} does not compile: ${error instanceof Error ? error.message : String(error)}`, 'warning');
      }
      this.validators.set(tool, validator);
    }
    return this.validators.get(tool) ?? null;
  }

  private schemaValidator(sdk: Sdk): jsonSchemaValidator {
    this.validatorFactory ??= new sdk.AjvJsonSchemaValidator();
    return this.validatorFactory;
  }

  // ---------------------------------------------------------------- connecting

  private connect(): Promise<void> {
    if (this.ended || !this.config.enabled || (this.state === 'ready' && this.live)) return Promise.resolve();
    this.connecting ??= this.attempt().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    this.clearRetry();
    const generation = ++this.generation;
    // Never two connections: whatever is still open is closed first.
    const previous = this.live;
    this.live = undefined;
    if (previous) this.closing = this.closeLive(previous, true);
    await this.closing;
    const sdk = await loadSdk();
    // A disconnect (or another attempt) while we waited wins.
    if (generation !== this.generation || this.ended) return;
    const timeoutMs = this.config.connectTimeoutMs ?? this.deps.connectTimeoutMs;
    this.error = null;
    this.setState('connecting');
    this.deps.log.add('lifecycle', `connecting (${this.config.transport.type}${this.attempts > 0 ? `, attempt ${this.attempts + 1}` : ''})`);
    let live: Live | undefined;
    try {
      const plan = await this.deps.plan(this.config);
      // A disconnect while a token was being refreshed wins.
      if (generation !== this.generation || this.ended) return;
      live = this.open(sdk, plan);
      this.live = live;
      await withDeadline(this.initialise(live, timeoutMs), timeoutMs);
    } catch (error) {
      if (generation !== this.generation || this.ended) return;
      const failure = describeConnectFailure(error, {
        config: this.config,
        redactor: live?.redactor ?? noSecrets,
        stderrTail: this.deps.log.stderrTail(3),
        timeoutMs,
      });
      if (live) {
        this.live = undefined;
        this.closing = this.closeLive(live, false);
      }
      this.fail(failure);
      return;
    }
    if (generation !== this.generation || this.ended) {
      if (this.live === live) this.live = undefined;
      this.closing = this.closeLive(live, true);
      return;
    }
    this.attempts = 0;
    this.connectedSince = nowIso();
    this.setState('ready');
    const info = live.client.getServerVersion();
    this.deps.log.add('lifecycle', `ready: ${info?.name ?? 'server'} ${info?.version ?? ''}, ${this.tools.length} tools`.trim());
    this.deps.onListsChanged(this);
    for (const kind of this.pendingRefresh) this.refreshList(kind);
    this.pendingRefresh.clear();
  }

  private open(sdk: Sdk, plan: ConnectionPlan): Live {
    const client = new sdk.Client(this.deps.clientInfo, { capabilities: this.deps.elicit ? { elicitation: { form: {} } } : {} });
    const opened = openTransport(sdk, plan.transport, plan.fetch);
    const live: Live = { sdk, client, opened, redactor: plan.redactor, childToken: plan.childToken, closing: false, untrack: () => undefined, protocolVersion: null };
    const log = this.deps.log;
    // The client chains its own handler after one already set on the transport.
    opened.transport.onmessage = (message) => {
      if (live.protocolVersion !== null) return;
      const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
      if (typeof version === 'string') live.protocolVersion = version;
    };
    const contained = <Args extends unknown[]>(callback: (...args: Args) => unknown) => failSafe(`mcp server ${this.config.id}`, this.deps.logInternalError, callback);
    opened.stderr?.on('data', contained((chunk: Buffer) => log.addStderr(chunk.toString('utf8'), (text) => plan.redactor.text(text))));
    client.onclose = contained(() => this.onClosed(live));
    client.onerror = contained((error: unknown) => {
      if (live.closing) return;
      log.add('lifecycle', plan.redactor.text(error instanceof Error ? error.message : String(error)), 'debug');
    });
    const { LoggingMessageNotificationSchema, ToolListChangedNotificationSchema, ResourceListChangedNotificationSchema, PromptListChangedNotificationSchema } = sdk.types;
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      const { level, logger, data } = notification.params;
      log.add('notification', plan.redactor.text(typeof data === 'string' ? data : JSON.stringify(data)), level, logger ?? null);
    });
    const onListChanged = (kind: ListKind) => () => {
      if (live !== this.live) return;
      if (this.state === 'ready') this.refreshList(kind);
      else this.pendingRefresh.add(kind);
    };
    const elicit = this.deps.elicit;
    if (elicit) {
      client.setRequestHandler(sdk.types.ElicitRequestSchema, async (request, extra) => {
        // Form mode is all this client offers; the SDK refuses a URL-mode request before it gets here.
        const params = request.params as { message: string; requestedSchema: Record<string, unknown> };
        return elicit({
          message: plan.redactor.text(params.message),
          requestedSchema: params.requestedSchema,
          signal: extra.signal,
          validate: this.schemaValidator(sdk).getValidator(params.requestedSchema as JsonSchemaType),
        });
      });
    }
    client.setNotificationHandler(ToolListChangedNotificationSchema, onListChanged('tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, onListChanged('resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, onListChanged('prompts'));
    return live;
  }

  private async initialise(live: Live, timeoutMs: number): Promise<void> {
    const connected = live.client.connect(live.opened.transport, { timeout: timeoutMs });
    // The child is spawned synchronously inside connect(): track it from now on.
    const pid = live.opened.pid();
    if (pid !== null) live.untrack = trackChild(pid);
    await connected;
    const capabilities = live.client.getServerCapabilities() ?? {};
    const lists: Promise<void>[] = [];
    if (capabilities.tools) lists.push(this.fetchList(live, 'tools'));
    if (capabilities.resources) lists.push(this.fetchList(live, 'resources').catch((error: unknown) => this.listFailed(live, 'resources', error)));
    if (capabilities.prompts) lists.push(this.fetchList(live, 'prompts').catch((error: unknown) => this.listFailed(live, 'prompts', error)));
    await Promise.all(lists);
  }

  private listFailed(live: Live, kind: ListKind, error: unknown): void {
    this.deps.log.add('lifecycle', live.redactor.text(`listing ${kind} failed: ${error instanceof Error ? error.message : String(error)}`), 'warning');
  }

  private async fetchList(live: Live, kind: ListKind): Promise<void> {
    const client = live.client;
    const options = { timeout: this.deps.requestTimeoutMs };
    const params = (cursor: string | undefined) => (cursor ? { cursor } : undefined);
    const origin = this.config;
    // A list that arrives after its connection was replaced is dropped.
    if (kind === 'tools') {
      const tools = await collectPages(async (cursor) => {
        const page = await client.listTools(params(cursor), options);
        return { items: page.tools, nextCursor: page.nextCursor };
      });
      if (live !== this.live) return;
      this.tools = tools.map((tool) => toTool(origin, tool));
      this.validators.clear();
    } else if (kind === 'resources') {
      const [resources, templates] = await Promise.all([
        collectPages(async (cursor) => {
          const page = await client.listResources(params(cursor), options);
          return { items: page.resources, nextCursor: page.nextCursor };
        }),
        collectPages(async (cursor) => {
          const page = await client.listResourceTemplates(params(cursor), options);
          return { items: page.resourceTemplates, nextCursor: page.nextCursor };
        }).catch(() => []),
      ]);
      if (live !== this.live) return;
      this.resources = resources.map((resource) => toResource(origin, resource));
      this.templates = templates.map((template) => toResourceTemplate(origin, template));
    } else {
      const prompts = await collectPages(async (cursor) => {
        const page = await client.listPrompts(params(cursor), options);
        return { items: page.prompts, nextCursor: page.nextCursor };
      });
      if (live !== this.live) return;
      this.prompts = prompts.map((prompt) => toPrompt(origin, prompt));
    }
  }

  /** list_changed: fetch the list again (all pages); notifications that arrive meanwhile cause one more fetch. */
  private refreshList(kind: ListKind): void {
    const live = this.live;
    if (!live) return;
    const running = this.refreshing.get(kind);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.refreshing.set(kind, state);
    const run = async () => {
      do {
        state.again = false;
        await this.fetchList(live, kind);
      } while (state.again && live === this.live);
    };
    run()
      .then(() => {
        if (live !== this.live) return;
        this.deps.log.add('lifecycle', `${kind} list changed: ${this.countOf(kind)} now`);
        this.deps.onListsChanged(this);
        this.publishStatus();
      })
      .catch((error: unknown) => this.listFailed(live, kind, error))
      .finally(() => this.refreshing.delete(kind));
  }

  private countOf(kind: ListKind): number {
    return kind === 'tools' ? this.tools.length : kind === 'resources' ? this.resources.length + this.templates.length : this.prompts.length;
  }

  private onClosed(live: Live): void {
    if (live.closing || live !== this.live || this.state !== 'ready') return;
    this.lost(live, `MCP server "${this.config.name}" closed its connection.`);
  }

  /** A ready connection went away by itself: fail it (in-flight calls fail with it) and schedule a reconnect. */
  private lost(live: Live, message: string): void {
    if (live !== this.live) return;
    this.live = undefined;
    this.generation++;
    this.deps.log.flushStderr((text) => live.redactor.text(text));
    const tail = this.deps.log.stderrTail(3);
    this.closing = this.closeLive(live, false);
    this.fail({
      error: {
        code: 'mcp_connection_lost',
        message: live.redactor.text(`${message}${tail.length > 0 ? ` Its last output: ${tail.join(' | ')}` : ''}`),
        hint: 'It is reconnected automatically; see its log for why it stopped.',
      },
      retryable: true,
    });
  }

  private fail(failure: ConnectFailure): void {
    this.attempts++;
    this.error = failure.error;
    this.connectedSince = null;
    const hadLists = this.tools.length + this.resources.length + this.templates.length + this.prompts.length > 0;
    this.clearLists();
    this.deps.log.add('lifecycle', `failed: ${failure.error.message}`, 'error');
    if (failure.retryable && this.attempts < this.deps.backoff.maxAttempts && !this.ended && this.config.enabled) this.scheduleRetry();
    this.setState('failed');
    if (hadLists) this.deps.onListsChanged(this);
  }

  private scheduleRetry(): void {
    const { initialMs, maxMs } = this.deps.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.attempts - 1));
    this.nextRetryAt = new Date(Date.now() + delay).toISOString();
    const retry = () => {
      this.retryTimer = undefined;
      this.nextRetryAt = null;
      return this.connect();
    };
    this.retryTimer = setTimeout(failSafe(`mcp server ${this.config.id} retry`, this.deps.logInternalError, retry), delay);
    // A pending retry must not keep a CLI process alive.
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextRetryAt = null;
  }

  private resetCounters(): void {
    this.attempts = 0;
    this.error = null;
    this.connectedSince = null;
  }

  private clearLists(): void {
    this.tools = [];
    this.resources = [];
    this.templates = [];
    this.prompts = [];
    this.validators.clear();
    this.pendingRefresh.clear();
  }

  /**
   * Ends a client and, for stdio, its whole process tree. Gracefully (stdin closed, then signals,
   * as the SDK does) for a healthy server; at once for one that failed or hung.
   */
  private async closeLive(live: Live, graceful: boolean): Promise<void> {
    live.closing = true;
    const pid = live.opened.pid();
    const descendants = pid !== null ? descendantsOf(pid) : [];
    // A server that failed or hangs gets no grace period (the SDK's would be 2 s + 2 s).
    if (!graceful && pid !== null) killProcesses([...descendants, pid]);
    try {
      await live.client.close();
    } catch {
      // Closing a transport that never started, or is gone already.
    }
    killProcesses(descendants.filter(isAlive));
    live.untrack();
    this.deps.log.flushStderr((text) => live.redactor.text(text));
  }

  private setState(state: McpConnectionState): void {
    this.state = state;
    this.publishStatus();
  }

  private publishStatus(): void {
    this.deps.onStatus(this.status());
  }
}

function connectionInputsDiffer(a: McpServerConfig, b: McpServerConfig): boolean {
  return (
    JSON.stringify(a.transport) !== JSON.stringify(b.transport) ||
    a.credential?.credentialId !== b.credential?.credentialId ||
    JSON.stringify(a.credential?.injection) !== JSON.stringify(b.credential?.injection) ||
    a.connectTimeoutMs !== b.connectTimeoutMs ||
    a.name !== b.name
  );
}

/** Rejects with ConnectTimeout when the work outlasts its deadline (the caller then closes what it opened). */
async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
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
