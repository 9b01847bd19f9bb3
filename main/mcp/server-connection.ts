import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { requireJsonDepth } from '../errors/json-depth.ts';
import { AppError, type ErrorBody } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import { nowIso } from '../store/ids.ts';
import { Backoff, type BackoffPolicy } from './backoff.ts';
import type { ListKind } from './catalog.ts';
import { describeConnectFailure, withDeadline, type ConnectFailure } from './connect-errors.ts';
import { connectionInputsDiffer, type ConnectionPlan } from './connection-plan.ts';
import { closeLiveClient, openLiveClient, startLiveClient, type Elicit, type LiveClient } from './live-client.ts';
import type { Sample } from './sampling-handler.ts';
import { sendToolCall } from './task-calls.ts';
import { OutputValidation } from './output-validation.ts';
import { capabilityMissingError } from './request-errors.ts';
import type { ProtocolLog } from './protocol-log.ts';
import type { McpCompletion, McpCompletionRef } from './protocol-types.ts';
import { noSecrets, type Redactor } from './redact.ts';
import { loadSdk, mcpErrorCode, REQUEST_TIMEOUT, ServerErrorAnswer, type Sdk } from './sdk.ts';
import { ServerCatalog, type CatalogSource } from './server-catalog.ts';
import type { ServerLog } from './server-log.ts';
import { SessionState } from './session-state.ts';
import type {
  McpCallTask,
  McpClientCapability,
  McpConnectionState,
  McpContent,
  McpLogLevel,
  McpPromptResult,
  McpResourceContents,
  McpResourceReadResult,
  McpRoot,
  McpServerConfig,
  McpServerStatus,
  McpTool,
  McpToolResult,
} from './types.ts';

export interface ConnectionDeps {
  plan(config: McpServerConfig): Promise<ConnectionPlan>;
  log: ServerLog;
  onStatus(status: McpServerStatus): void;
  onListsChanged(connection: ServerConnection): void;
  onResourceUpdated(uri: string): void;
  /** The server listed these tools to a client offering these capabilities. */
  onToolsListed(tools: McpTool[], offered: McpClientCapability[]): void;
  /** The capabilities a tool this connection does not list was listed with, and it does not offer. */
  missingCapabilitiesFor(tool: string, offered: McpClientCapability[]): McpClientCapability[];
  protocol: ProtocolLog;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  stdioExitGraceMs: number;
  backoff: BackoffPolicy;
  logInternalError: InternalErrorLog;
  clientInfo: { name: string; version: string };
  /**
   * Where the server's requests for input go. Without it the client does not offer elicitation,
   * and a server asks no one (a one-shot CLI call has no person to ask).
   */
  elicit?: Elicit | undefined;
  /** Where the server's sampling requests go; without it the client does not offer sampling. */
  sample?: Sample | undefined;
  /** A URL-mode request's out-of-band flow completed (`notifications/elicitation/complete`). */
  onElicitationComplete?: ((elicitationId: string) => void) | undefined;
  /** The directories granted to this server (MCP roots). */
  roots: () => McpRoot[];
}

export interface CallOptions {
  signal: AbortSignal;
  /** Run as a task (SEP-1686); a tool that requires it runs as one anyway. */
  asTask?: boolean;
  ontask?: (task: McpCallTask) => void;
  onprogress: (progress: { progress: number; total?: number | undefined; message?: string | undefined }) => void;
  timeoutMs: number;
  /** This call's running clock of time spent waiting for the operator, which its latency leaves out (see OperatorWaits). */
  operatorWaitMs?: (() => number) | undefined;
}

/**
 * One server's connection and its supervisor: connect with a deadline, notice a crash, retry with
 * capped exponential backoff, report the status, send the requests. It never holds two
 * connections: a new attempt first waits until the previous client and its child are gone. Its
 * lists are in `catalog`, the check of tools' structured output in `output`.
 */
export class ServerConnection {
  config: McpServerConfig;
  readonly catalog: ServerCatalog;

  private readonly deps: ConnectionDeps;
  private state: McpConnectionState;
  private error: ErrorBody | null = null;
  private connectedSince: string | null = null;
  private lastCallLatencyMs: number | null = null;
  private lastCallAt: string | null = null;
  private live: LiveClient | undefined;
  private connecting: Promise<void> | undefined;
  /** The previous connection being torn down; the next attempt waits for it. */
  private closing: Promise<void> = Promise.resolve();
  private readonly backoff: Backoff;
  /** Bumped by every attempt and disconnect: an attempt that finds it changed discards its result. */
  private generation = 0;
  private ended = false;
  private readonly output: OutputValidation;
  /** The secrets of the latest connection, redacted also from what is said about it after it ended. */
  private secrets: Redactor = noSecrets;
  /** The log level and subscriptions asked for, sent again after a reconnect. */
  private readonly session = new SessionState();

  constructor(config: McpServerConfig, deps: ConnectionDeps) {
    this.config = config;
    this.deps = deps;
    this.state = config.enabled ? 'idle' : 'disabled';
    this.backoff = new Backoff(deps.backoff, failSafe(`mcp server ${config.id} retry`, deps.logInternalError, () => this.connect()));
    this.output = new OutputValidation(deps.log);
    this.catalog = new ServerCatalog({
      origin: () => this.config,
      log: deps.log,
      requestTimeoutMs: deps.requestTimeoutMs,
      onToolsListed: (source, tools) => this.deps.onToolsListed(tools, source.offered),
      onRefreshed: () => {
        this.deps.onListsChanged(this);
        this.publishStatus();
      },
    });
  }

  get currentState(): McpConnectionState {
    return this.state;
  }

  /** Redacted as a whole: its serverInfo and instructions are the server's to fill. */
  status(): McpServerStatus {
    const client = this.state === 'ready' ? this.live?.client : undefined;
    const capabilities = client?.getServerCapabilities();
    const info = client?.getServerVersion();
    return this.secrets.value({
      serverId: this.config.id,
      name: this.config.name,
      scope: this.config.scope,
      transportType: this.config.transport.type,
      enabled: this.config.enabled,
      state: this.state,
      error: this.error,
      ...this.catalog.counts(),
      connectedSince: this.connectedSince,
      lastCallLatencyMs: this.lastCallLatencyMs,
      lastCallAt: this.lastCallAt,
      attempts: this.backoff.attempts,
      nextRetryAt: this.backoff.nextRetryAt,
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
      logLevel: this.session.logLevel,
      subscriptions: [...this.session.subscriptions],
    });
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
    this.backoff.cancel();
    this.generation++;
    const live = this.live;
    this.live = undefined;
    if (live) this.closing = closeLiveClient(live, this.state === 'ready', this.deps.log);
    this.resetCounters();
    this.catalog.clear();
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
    this.backoff.cancel();
    this.generation++;
    const live = this.live;
    this.live = undefined;
    if (live) this.closing = closeLiveClient(live, this.state === 'ready', this.deps.log);
    await this.closing;
    await this.connecting?.catch(() => undefined);
  }

  // ---------------------------------------------------------------- requests

  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<McpToolResult> {
    const live = this.requireLive();
    // Not sent: the server would only say it has no such tool, and not why.
    const missing = this.catalog.tools.some((listed) => listed.name === tool) ? [] : this.missingCapabilitiesFor(tool);
    if (missing.length > 0) throw capabilityMissingError(this.config.name, tool, missing);
    const started = performance.now();
    const waitedBefore = options.operatorWaitMs?.() ?? 0;
    let raw: CallToolResult;
    try {
      const asTask = options.asTask === true || this.catalog.tools.find((listed) => listed.name === tool)?.taskSupport === 'required';
      raw = await sendToolCall(live, { name: tool, arguments: args }, options, asTask);
    } catch (error) {
      throw this.failureOf(live, error);
    }
    const waited = (options.operatorWaitMs?.() ?? 0) - waitedBefore;
    this.lastCallLatencyMs = Math.round(Math.max(0, performance.now() - started - waited) * 100) / 100;
    this.lastCallAt = nowIso();
    requireJsonDepth(raw, `The result of ${tool} from MCP server "${this.config.name}"`, 'The server answered with data nested too deep to keep or show safely; report it to the server’s maintainers.');
    return live.redactor.value(this.output.toolResult(live.sdk, this.catalog.tools.find((candidate) => candidate.name === tool), raw));
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
    this.session.logLevel = level;
    this.deps.log.add('lifecycle', `asked the server for log messages from level ${level} up`);
    this.publishStatus();
    return { level };
  }

  /** completion/complete: suggestions for one argument of a prompt or variable of a resource template. */
  async complete(ref: McpCompletionRef, argument: { name: string; value: string }, context: Record<string, string>): Promise<McpCompletion> {
    const live = this.requireLive();
    const params = { ref, argument, ...(Object.keys(context).length > 0 ? { context: { arguments: context } } : {}) };
    const { completion } = await this.request(live, () => live.client.complete(params, { timeout: this.deps.requestTimeoutMs }));
    return live.redactor.value({ values: completion.values, total: completion.total ?? null, hasMore: completion.hasMore ?? false });
  }

  /** resources/subscribe (or unsubscribe): kept across reconnects; updates arrive as `onResourceUpdated`. */
  async setSubscribed(uri: string, subscribed: boolean): Promise<{ uri: string; subscribed: boolean }> {
    const live = this.requireLive();
    await this.request(live, () =>
      subscribed ? live.client.subscribeResource({ uri }, { timeout: this.deps.requestTimeoutMs }) : live.client.unsubscribeResource({ uri }, { timeout: this.deps.requestTimeoutMs }),
    );
    if (subscribed) this.session.subscriptions.add(uri);
    else this.session.subscriptions.delete(uri);
    this.publishStatus();
    return { uri, subscribed };
  }

  /** Whether an update is for a URI subscribed to (a server may send others; they are still in the protocol view). */
  isSubscribed(uri: string): boolean {
    return this.session.subscriptions.has(uri);
  }

  /** The client capabilities the current connection offers (none while it is not connected). */
  get offered(): McpClientCapability[] {
    return this.live?.offered ?? [];
  }

  missingCapabilitiesFor(tool: string): McpClientCapability[] {
    return this.deps.missingCapabilitiesFor(tool, this.offered);
  }

  /** Tells the server its roots changed (it asks `roots/list` again); nothing to tell when not connected. */
  rootsChanged(): Promise<void> {
    return this.live?.client.sendRootsListChanged() ?? Promise.resolve();
  }

  /** Secrets of the latest connection, for the caller's errors. */
  get redactor(): Redactor {
    return this.secrets;
  }

  /** The credential token the running stdio child was started with, if any. */
  get childToken(): string | null {
    return this.live?.childToken ?? null;
  }

  /** Why the connection went away, if it did during a request. */
  get lastError(): ErrorBody | null {
    return this.error;
  }

  private requireLive(): LiveClient {
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

  private async request<T>(live: LiveClient, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.failureOf(live, error);
    }
  }

  /**
   * What a request failed with. An McpError while the connection is still open is the server's own
   * answer, unless it is a timeout (the SDK's, or a call's abort); once the connection closed, the
   * SDK's -32000 says just that.
   */
  private failureOf(live: LiveClient, error: unknown): unknown {
    this.noteTransportFailure(live, error);
    const code = mcpErrorCode(error);
    if (code === undefined || code === REQUEST_TIMEOUT || live.client.transport === undefined) return error;
    return new ServerErrorAnswer(code, error as Error);
  }

  /**
   * A remote server that went away shows up as a failed fetch rather than a closed stream:
   * treat it like a crash so that the status says so and a reconnect is scheduled.
   */
  private noteTransportFailure(live: LiveClient, error: unknown): void {
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    if (error instanceof TypeError && (cause === 'ECONNREFUSED' || cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET')) {
      this.lost(live, `MCP server "${this.config.name}" stopped answering (${String(cause)}).`);
    }
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
    this.backoff.cancel();
    const generation = ++this.generation;
    // Never two connections: whatever is still open is closed first.
    const previous = this.live;
    this.live = undefined;
    if (previous) this.closing = closeLiveClient(previous, true, this.deps.log);
    await this.closing;
    const sdk = await loadSdk();
    // A disconnect (or another attempt) while we waited wins.
    if (generation !== this.generation || this.ended) return;
    const timeoutMs = this.config.connectTimeoutMs ?? this.deps.connectTimeoutMs;
    this.error = null;
    this.setState('connecting');
    this.deps.log.add('lifecycle', `connecting (${this.config.transport.type}${this.backoff.attempts > 0 ? `, attempt ${this.backoff.attempts + 1}` : ''})`);
    let live: LiveClient | undefined;
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
        redactor: this.secrets,
        stderrTail: this.deps.log.stderrTail(3),
        timeoutMs,
      });
      if (live) {
        this.live = undefined;
        this.closing = closeLiveClient(live, false, this.deps.log);
      }
      this.fail(failure);
      return;
    }
    if (generation !== this.generation || this.ended) {
      if (this.live === live) this.live = undefined;
      this.closing = closeLiveClient(live, true, this.deps.log);
      return;
    }
    this.backoff.reset();
    this.connectedSince = nowIso();
    this.setState('ready');
    const info = live.client.getServerVersion();
    this.deps.log.add('lifecycle', `ready: ${info?.name ?? 'server'} ${info?.version ?? ''}, ${this.catalog.tools.length} tools`.trim());
    this.deps.onListsChanged(this);
    this.catalog.refreshPending(this.sourceOf(live));
  }

  private open(sdk: Sdk, plan: ConnectionPlan): LiveClient {
    this.secrets = plan.redactor;
    this.deps.log.redactWith(plan.redactor);
    return openLiveClient(sdk, plan, {
      clientInfo: this.deps.clientInfo,
      exitGraceMs: this.deps.stdioExitGraceMs,
      log: this.deps.log,
      contained: (callback) => failSafe(`mcp server ${this.config.id}`, this.deps.logInternalError, callback),
      elicit: this.deps.elicit,
      sample: this.deps.sample,
      onElicitationComplete: (elicitationId) => this.deps.onElicitationComplete?.(elicitationId),
      roots: this.deps.roots,
      schemas: (current) => this.output.schemas(current),
      onClosed: (live) => this.onClosed(live),
      onListChanged: (live, kind) => this.onListChanged(live, kind),
      onResourceUpdated: (live, uri) => {
        if (live === this.live) this.deps.onResourceUpdated(uri);
      },
      protocol: this.deps.protocol,
    });
  }

  private async initialise(live: LiveClient, timeoutMs: number): Promise<void> {
    await startLiveClient(live, timeoutMs);
    await this.catalog.load(this.sourceOf(live), live.client.getServerCapabilities() ?? {});
    await this.session.restore(live.client, this.deps.log, this.deps.requestTimeoutMs);
  }

  private sourceOf(live: LiveClient): CatalogSource {
    return { client: live.client, redactor: live.redactor, isCurrent: () => live === this.live, offered: live.offered };
  }

  private onListChanged(live: LiveClient, kind: ListKind): void {
    this.catalog.listChanged(this.sourceOf(live), kind, this.state === 'ready');
  }

  private onClosed(live: LiveClient): void {
    if (live.closing || live !== this.live || this.state !== 'ready') return;
    this.lost(live, `MCP server "${this.config.name}" closed its connection.`);
  }

  /** A ready connection went away by itself: fail it (in-flight calls fail with it) and schedule a reconnect. */
  private lost(live: LiveClient, message: string): void {
    if (live !== this.live) return;
    this.live = undefined;
    this.generation++;
    this.deps.log.flushStderr();
    const tail = this.deps.log.stderrTail(3);
    this.closing = closeLiveClient(live, false, this.deps.log);
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
    this.error = failure.error;
    this.connectedSince = null;
    const hadLists = !this.catalog.isEmpty;
    this.catalog.clear();
    this.deps.log.add('lifecycle', `failed: ${failure.error.message}`, 'error');
    this.backoff.failed(failure.retryable && !this.ended && this.config.enabled);
    this.setState('failed');
    if (hadLists) this.deps.onListsChanged(this);
  }

  private resetCounters(): void {
    this.backoff.reset();
    this.error = null;
    this.connectedSince = null;
  }

  private setState(state: McpConnectionState): void {
    this.state = state;
    this.publishStatus();
  }

  private publishStatus(): void {
    this.deps.onStatus(this.status());
  }
}
