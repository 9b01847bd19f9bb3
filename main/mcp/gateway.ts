import type { Actor } from '../audit/audit-log.ts';
import type { AgentsService } from '../agents/agents-service.ts';
import { AppError } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import { APP_VERSION } from '../system/app-version.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { CallHistory, HistoryFilter } from './call-history.ts';
import { ElicitationDesk } from './elicitations.ts';
import { stdioExitGraceFrom } from './live-client.ts';
import { OperatorWaits } from './operator-wait.ts';
import type { McpRootInput, McpRoots } from './roots.ts';
import { SamplingDesk } from './sampling.ts';
import { planConnection, type PlanSources } from './connection-plan.ts';
import type { CredentialSecretSource } from './credential-secrets.ts';
import { ProtocolLog, toJsonLines } from './protocol-log.ts';
import type { McpCompletion, McpCompletionRef, McpProtocolFilter, McpProtocolPage } from './protocol-types.ts';
import { describeRequestFailure } from './request-errors.ts';
import { ServerConnection } from './server-connection.ts';
import { DEFAULT_LOG_LINES, ServerLog } from './server-log.ts';
import type { McpServersService } from './servers-service.ts';
import { ToolCalls, type CallInput } from './tool-calls.ts';
import type { ToolPins } from './tool-pins.ts';
import type { ToolSightings } from './tool-sightings.ts';
import type {
  McpCallRecord,
  McpCallStats,
  McpCallSummary,
  McpClientCapability,
  McpLogLevel,
  McpLogPage,
  McpPromptList,
  McpPromptResult,
  McpResourceList,
  McpResourceReadResult,
  McpRoot,
  McpServerConfig,
  McpServerStatus,
  McpTool,
  McpToolList,
  McpUnavailableServer,
} from './types.ts';

export interface GatewayOptions {
  /** Per server, for spawning/initialize and the first lists (15 s); a config may override it. */
  connectTimeoutMs?: number;
  /** For list, read, get and ping requests (60 s). */
  requestTimeoutMs?: number;
  /** For a tool call without its own timeout (60 s; progress notifications restart it). */
  callTimeoutMs?: number;
  /** How long a healthy stdio server has to exit once its stdin is closed before it is sent SIGTERM (else CREWSHIP_MCP_STDIO_EXIT_GRACE_MS, else 2 s as the MCP SDK waits). */
  stdioExitGraceMs?: number;
  backoff?: Partial<BackoffPolicy>;
  logLines?: number;
  /** Where `${VAR}` placeholders not bound to a credential are looked up (the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Offer servers elicitation (requests for input from a person), answered in the console. On in
   * the app and `crewship serve`, where an operator can answer; off for one-shot CLI commands.
   */
  elicitations?: boolean;
  /** How long a request for input waits for an answer before it is cancelled for the server (5 min). */
  elicitationTimeoutMs?: number;
  /** Offer servers sampling (`sampling/createMessage`), the operator writing the reply: like elicitations. */
  sampling?: boolean;
  /** How long a sampling request waits for the operator before it is refused (5 min). */
  samplingTimeoutMs?: number;
}

export interface GatewayDeps {
  servers: McpServersService;
  agents: AgentsService;
  history: CallHistory;
  /** Which tools each server lists only to a client offering more (see ToolSightings). */
  sightings: ToolSightings;
  /** The tool definitions accepted per server; an agent's view may leave out what changed since (see ToolPins). */
  pins: ToolPins;
  /** The directories granted to each server (MCP roots). */
  roots: McpRoots;
  bus: EventBus;
  secrets: CredentialSecretSource;
  /** The servers' sealed values, opened at connect time. */
  sealed: (serverId: string) => Record<string, string>;
  /** A remote server's OAuth sign-in (the mcp-auth domain), for servers without a bound credential. */
  auth?: PlanSources['auth'];
  managedHeaders?: PlanSources['managedHeaders'];
  /** Where faults of the gateway's background work go (reconnects, retries, deadlines). */
  logInternalError: InternalErrorLog;
}

export interface Selection {
  server?: string | undefined;
  agent?: string | undefined;
}

/**
 * The MCP gateway: one supervised connection per enabled server, connected lazily (by whatever
 * needs a server) or all at once (`connectAll`, at app and `serve` start). It routes calls by
 * server and tool, keeps their history, and ends every child process when it closes.
 */
export class McpGateway {
  private readonly deps: GatewayDeps;
  private readonly options: Required<Omit<GatewayOptions, 'backoff'>> & { backoff: BackoffPolicy };
  /** Servers' requests for input waiting for the operator; none when elicitation is not offered. */
  readonly elicitations: ElicitationDesk | null;
  /** Servers' sampling requests waiting for the operator; none when sampling is not offered. */
  readonly sampling: SamplingDesk | null;
  private readonly connections = new Map<string, ServerConnection>();
  private readonly logs = new Map<string, ServerLog>();
  private readonly protocols = new Map<string, ProtocolLog>();
  private readonly calls: ToolCalls;
  /** Server references (id or name) already looked up, to their id; emptied by every config change. */
  private readonly references = new Map<string, string>();
  private readonly unsubscribe: () => void;
  /** Servers whose stdio child holds a token that has since been refreshed: restarted once no call runs on them. */
  private readonly staleChildren = new Set<string>();
  private syncing: Promise<void> = Promise.resolve();
  private autoConnect = false;
  private closed = false;

  constructor(deps: GatewayDeps, options: GatewayOptions = {}) {
    this.deps = deps;
    this.options = {
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      callTimeoutMs: options.callTimeoutMs ?? 60_000,
      stdioExitGraceMs: options.stdioExitGraceMs ?? stdioExitGraceFrom(process.env),
      logLines: options.logLines ?? DEFAULT_LOG_LINES,
      env: options.env ?? process.env,
      backoff: { initialMs: 1000, maxMs: 30_000, maxAttempts: 8, ...options.backoff },
      elicitations: options.elicitations ?? false,
      elicitationTimeoutMs: options.elicitationTimeoutMs ?? 5 * 60_000,
      sampling: options.sampling ?? false,
      samplingTimeoutMs: options.samplingTimeoutMs ?? 5 * 60_000,
    };
    const waits = new OperatorWaits();
    this.elicitations = this.options.elicitations ? new ElicitationDesk(deps.bus, this.options.elicitationTimeoutMs, deps.logInternalError, waits) : null;
    this.sampling = this.options.sampling ? new SamplingDesk(deps.bus, this.options.samplingTimeoutMs, deps.logInternalError, waits) : null;
    this.calls = new ToolCalls({
      history: deps.history,
      bus: deps.bus,
      callTimeoutMs: this.options.callTimeoutMs,
      configOf: (server) => {
        if (this.closed) throw closingError();
        return this.configOf(server);
      },
      agentIdOf: (agent) => deps.agents.get(agent).id,
      connectionOf: (config) => this.connection(config),
      operatorWaits: waits,
      onEnded: (serverId, callId) => {
        this.elicitations?.callEnded(callId);
        this.restartIfIdle(serverId);
      },
    });
    this.unsubscribe = deps.bus.subscribe((event) => {
      const deletedScope =
        (event.name === 'crews.changed' || event.name === 'agents.changed') && event.payload.change === 'deleted';
      if (event.name === 'mcp.serversChanged' || deletedScope) this.sync();
      if (event.name === 'credentials.changed') this.restartChildrenWithOldTokens(event.payload.credentialId);
    });
  }

  // ---------------------------------------------------------------- connections

  status(server?: string): McpServerStatus[] {
    return this.select({ server }, { includeDisabled: true }).map((config) => this.connection(config).status());
  }

  /** Connects what is selected (failed servers are tried again now) and waits until each is ready or failed. */
  async connect(selection: Selection): Promise<McpServerStatus[]> {
    const connections = this.select(selection, { includeDisabled: Boolean(selection.server) }).map((config) => this.connection(config));
    await Promise.all(connections.map((connection) => connection.connectNow()));
    return connections.map((connection) => connection.status());
  }

  /** Every enabled server at once; from now on, newly enabled servers connect too. */
  async connectAll(): Promise<McpServerStatus[]> {
    this.autoConnect = true;
    return this.connect({});
  }

  async reconnect(server: string): Promise<McpServerStatus> {
    const connection = this.connection(this.deps.servers.get(server));
    if (!connection.config.enabled) throw connection.notReady();
    await connection.reconnect();
    return connection.status();
  }

  async disconnect(server: string): Promise<McpServerStatus> {
    const connection = this.connection(this.deps.servers.get(server));
    await connection.disconnect();
    return connection.status();
  }

  async ping(server: string): Promise<{ latencyMs: number }> {
    return this.withReady(server, (connection) => connection.ping());
  }

  // ---------------------------------------------------------------- tools, resources, prompts

  async tools(selection: Selection): Promise<McpToolList> {
    const { ready, unavailable } = await this.started(selection);
    const sightings = this.deps.sightings;
    const shown = (connection: ServerConnection) => (selection.agent ? this.deps.pins.forAgents(connection.config.id, connection.catalog.tools) : connection.catalog.tools);
    return {
      tools: ready.flatMap(shown),
      hidden: ready.flatMap((connection) => sightings.hidden(connection.config, connection.catalog.tools, connection.offered)),
      unavailable,
    };
  }

  async resources(selection: Selection): Promise<McpResourceList> {
    const { ready, unavailable } = await this.started(selection);
    return {
      resources: ready.flatMap((connection) => connection.catalog.resources),
      templates: ready.flatMap((connection) => connection.catalog.templates),
      unavailable,
    };
  }

  async prompts(selection: Selection): Promise<McpPromptList> {
    const { ready, unavailable } = await this.started(selection);
    return { prompts: ready.flatMap((connection) => connection.catalog.prompts), unavailable };
  }

  async readResource(server: string, uri: string): Promise<McpResourceReadResult> {
    return this.withReady(server, (connection) => connection.readResource(uri));
  }

  async getPrompt(server: string, name: string, args: Record<string, string>): Promise<McpPromptResult> {
    return this.withReady(server, (connection) => connection.getPrompt(name, args));
  }

  async complete(input: { server: string; ref: McpCompletionRef; argument: { name: string; value: string }; context: Record<string, string> }): Promise<McpCompletion> {
    return this.withReady(input.server, (connection) => connection.complete(input.ref, input.argument, input.context));
  }

  async setSubscribed(server: string, uri: string, subscribed: boolean): Promise<{ uri: string; subscribed: boolean }> {
    return this.withReady(server, (connection) => connection.setSubscribed(uri, subscribed));
  }

  // ---------------------------------------------------------------- the protocol view

  readProtocol(server: string, filter: McpProtocolFilter): McpProtocolPage {
    return this.protocolOf(this.deps.servers.get(server).id).read(filter);
  }

  /** Every kept message that matches, oldest first, as JSON lines. */
  exportProtocol(server: string, filter: Omit<McpProtocolFilter, 'limit' | 'afterSeq'>): { fileName: string; count: number; jsonl: string } {
    const config = this.deps.servers.get(server);
    const { messages } = this.protocolOf(config.id).read({ ...filter, limit: Number.MAX_SAFE_INTEGER });
    return { fileName: `${config.name}-protocol.jsonl`, count: messages.length, jsonl: toJsonLines(messages) };
  }

  clearProtocol(server: string): { cleared: number } {
    return { cleared: this.protocolOf(this.deps.servers.get(server).id).clear() };
  }

  // ---------------------------------------------------------------- calls

  /** Calls a tool and waits for the end; a failure of the call is in the record, not thrown. */
  call(input: CallInput, actor: Actor): Promise<McpCallRecord> {
    try {
      this.refuseHeld(input);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.calls.call(input, actor);
  }

  /** Starts a tool call and answers at once; `mcp.callFinished` reports its end. */
  start(input: CallInput, actor: Actor): McpCallRecord {
    this.refuseHeld(input);
    return this.calls.start(input, actor);
  }

  /** A call for an agent to a tool its view holds back (changed since accepted, see ToolPins) is refused. */
  private refuseHeld(input: CallInput): void {
    if (!input.agent) return;
    const config = this.deps.servers.get(input.server);
    const tool = this.connections.get(config.id)?.catalog.tools.find((candidate) => candidate.name === input.tool);
    if (tool) this.deps.pins.requireShownToAgents(config, tool);
  }

  cancel(callId: string): { cancelled: boolean } {
    return this.calls.cancel(callId);
  }

  async replay(input: { callId: string; arguments?: Record<string, unknown> | undefined; newCallId?: string | undefined }, actor: Actor): Promise<McpCallRecord> {
    const original = this.getCall(input.callId);
    return this.call(
      {
        server: original.serverId,
        tool: original.tool,
        arguments: input.arguments ?? original.arguments,
        agent: original.agentId ?? undefined,
        callId: input.newCallId,
        replayOf: original.callId,
      },
      actor,
    );
  }

  listCalls(filter: { server?: string | undefined; tool?: string | undefined; agent?: string | undefined; limit: number; before?: string | undefined }): McpCallSummary[] {
    const query: HistoryFilter = {
      serverId: filter.server ? this.serverIdOf(filter.server) : undefined,
      tool: filter.tool,
      agentId: filter.agent ? this.deps.agents.get(filter.agent).id : undefined,
      limit: filter.limit,
      before: filter.before,
    };
    return this.deps.history.list(query);
  }

  getCall(callId: string): McpCallRecord {
    return this.calls.get(callId);
  }

  callStats(hours: number): McpCallStats {
    return this.deps.history.stats(new Date(Date.now() - hours * 3_600_000).toISOString());
  }

  clearCalls(server: string | undefined): { deleted: number } {
    return { deleted: this.deps.history.clear(server ? this.serverIdOf(server) : undefined) };
  }

  // ---------------------------------------------------------------- logs

  readLog(server: string, afterSeq: number | undefined, limit: number): McpLogPage {
    return this.logOf(this.deps.servers.get(server).id).read(afterSeq, limit);
  }

  clearLog(server: string): { cleared: number } {
    return { cleared: this.logOf(this.deps.servers.get(server).id).clear() };
  }

  roots(server: string): McpRoot[] {
    return this.deps.roots.list(this.deps.servers.get(server).id);
  }

  /** Replaces a server's roots and, when it is connected, tells it (`notifications/roots/list_changed`). */
  async setRoots(server: string, roots: McpRootInput[]): Promise<McpRoot[]> {
    const config = this.deps.servers.get(server);
    const stored = this.deps.roots.set(config.id, roots);
    this.deps.bus.publish('mcp.rootsChanged', { serverId: config.id, serverName: config.name, roots: stored });
    // A connection that closes meanwhile asks for the roots afresh when it comes back.
    await this.connections
      .get(config.id)
      ?.rootsChanged()
      .catch((error: unknown) => this.deps.logInternalError('mcp roots changed', error));
    return stored;
  }

  async setLogLevel(server: string, level: McpLogLevel): Promise<{ level: McpLogLevel }> {
    return this.withReady(server, (connection) => connection.setLogLevel(level));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Cancels running calls and ends every connection and child process. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    const callsEnded = this.calls.cancelAll('the console is closing');
    this.elicitations?.close();
    this.sampling?.close();
    await callsEnded;
    await this.syncing;
    await Promise.allSettled([...this.connections.values()].map((connection) => connection.end()));
    this.deps.history.flush();
  }

  // ---------------------------------------------------------------- internals

  private select(selection: Selection, { includeDisabled }: { includeDisabled: boolean }): McpServerConfig[] {
    if (selection.server && selection.agent) {
      throw new AppError('mcp_selection_ambiguous', 'Give a server or an agent, not both.', 'Ask for one server, or for everything an agent gets.');
    }
    if (selection.server) return [this.deps.servers.get(selection.server)];
    if (selection.agent) return this.deps.servers.configsForAgent(selection.agent);
    const configs = this.deps.servers.list();
    return includeDisabled ? configs : configs.filter((config) => config.enabled);
  }

  /** Starts what has not been tried (failed servers are left to their backoff) and sorts ready from not. */
  private async started(selection: Selection): Promise<{ ready: ServerConnection[]; unavailable: McpUnavailableServer[] }> {
    const connections = this.select(selection, { includeDisabled: Boolean(selection.server) }).map((config) => this.connection(config));
    await Promise.all(connections.map((connection) => connection.start()));
    const ready = connections.filter((connection) => connection.currentState === 'ready');
    const unavailable = connections
      .filter((connection) => connection.currentState !== 'ready')
      .map((connection) => {
        const status = connection.status();
        return { serverId: status.serverId, serverName: status.name, state: status.state, error: status.error };
      });
    return { ready, unavailable };
  }

  private async withReady<T>(server: string, work: (connection: ServerConnection) => Promise<T>): Promise<T> {
    const connection = this.connection(this.deps.servers.get(server));
    await connection.connectNow();
    try {
      return await work(connection);
    } catch (error) {
      throw describeRequestFailure(error, connection, { what: 'the request' });
    }
  }

  private connection(config: McpServerConfig): ServerConnection {
    const existing = this.connections.get(config.id);
    if (existing) return existing;
    if (this.closed) throw closingError();
    const log = this.logOf(config.id);
    const desk = this.elicitations;
    const sampling = this.sampling;
    const connection = new ServerConnection(config, {
      plan: (current) => planConnection(current, { secrets: this.deps.secrets, env: this.options.env, sealed: this.deps.sealed, auth: this.deps.auth, managedHeaders: this.deps.managedHeaders }),
      log,
      onStatus: (status) => {
        this.deps.bus.publish('mcp.status', status);
        if (status.state === 'ready') this.restartIfIdle(status.serverId);
      },
      protocol: this.protocolOf(config.id),
      missingCapabilitiesFor: (tool, offered) => this.deps.sightings.missingFor(config.id, tool, offered),
      onToolsListed: failSafe('mcp tool sightings', this.deps.logInternalError, (tools: McpTool[], offered: McpClientCapability[]) => {
        this.deps.sightings.listed(config.id, tools, offered);
        // A pinned tool missing from the listing is removed only if it is not merely hidden from this connection.
        this.deps.pins.listed(config.id, tools, (name) => this.deps.sightings.missingFor(config.id, name, offered).length === 0);
      }),
      onResourceUpdated: (uri) => this.deps.bus.publish('mcp.resourceUpdated', { serverId: config.id, serverName: connection.config.name, uri, at: nowIso() }),
      onListsChanged: (changed) =>
        this.deps.bus.publish('mcp.toolsChanged', {
          serverId: changed.config.id,
          serverName: changed.config.name,
          ...changed.catalog.counts(),
        }),
      connectTimeoutMs: this.options.connectTimeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      stdioExitGraceMs: this.options.stdioExitGraceMs,
      elicit: desk ? (request) => desk.ask({ ...request, server: { id: config.id, name: config.name }, ...this.calls.askingFor(config.id) }) : undefined,
      onElicitationComplete: (elicitationId) => desk?.completed(config.id, elicitationId),
      sample: sampling
        ? (request, signal) => {
            const { callId, chargedTo } = this.calls.askingFor(config.id);
            return sampling.ask({ ...request, serverId: config.id, serverName: config.name, callId }, signal, chargedTo);
          }
        : undefined,
      roots: () => this.deps.roots.list(config.id),
      backoff: this.options.backoff,
      logInternalError: this.deps.logInternalError,
      clientInfo: { name: 'crewship-console', version: APP_VERSION },
    });
    this.connections.set(config.id, connection);
    return connection;
  }

  /** A call's hot path: a server already looked up is not read from the store again. */
  private configOf(reference: string): McpServerConfig {
    const known = this.references.get(reference);
    const connected = known === undefined ? undefined : this.connections.get(known);
    if (connected) return connected.config;
    const config = this.deps.servers.get(reference);
    this.references.set(reference, config.id);
    return config;
  }

  private logOf(serverId: string): ServerLog {
    let log = this.logs.get(serverId);
    if (!log) {
      log = new ServerLog(serverId, (line) => this.deps.bus.publish('mcp.log', line), this.options.logLines);
      this.logs.set(serverId, log);
    }
    return log;
  }

  private protocolOf(serverId: string): ProtocolLog {
    let protocol = this.protocols.get(serverId);
    if (!protocol) {
      protocol = new ProtocolLog(serverId, (message) => this.deps.bus.publish('mcp.protocolMessage', message));
      this.protocols.set(serverId, protocol);
    }
    return protocol;
  }

  private serverIdOf(server: string): string {
    return this.deps.servers.findById(server)?.id ?? this.deps.servers.get(server).id;
  }

  /** Brings connections in line with the stored configs, one sync at a time. */
  private sync(): void {
    this.references.clear();
    // Started now, so that what a config change decides (disabled, enabled) holds before the next call.
    const work = this.syncNow();
    this.syncing = this.syncing.then(() => work).catch((error: unknown) => this.deps.logInternalError('mcp gateway sync', error));
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const work: Promise<void>[] = [];
    for (const [id, connection] of this.connections) {
      const config = this.deps.servers.findById(id);
      if (config) {
        work.push(connection.update(config));
        continue;
      }
      this.connections.delete(id);
      this.logs.delete(id);
      this.protocols.delete(id);
      work.push(connection.end());
    }
    await Promise.allSettled(work);
    if (!this.autoConnect || this.closed) return;
    await Promise.allSettled(this.select({}, { includeDisabled: false }).map((config) => this.connection(config).start()));
  }

  /**
   * A refreshed token reaches remote servers with their next request, but a stdio child keeps the
   * environment it started with: it is restarted with the new token, once its running calls end.
   */
  private restartChildrenWithOldTokens(credentialId: string): void {
    if (this.closed) return;
    const children = [...this.connections.values()].filter((connection) => connection.config.credential?.credentialId === credentialId && connection.childToken !== null);
    if (children.length === 0) return;
    const token = this.deps.secrets.held(credentialId);
    for (const connection of children) {
      if (connection.childToken === token) continue;
      this.staleChildren.add(connection.config.id);
      this.restartIfIdle(connection.config.id);
    }
  }

  private restartIfIdle(serverId: string): void {
    if (!this.staleChildren.has(serverId) || this.calls.isRunningOn(serverId)) return;
    const connection = this.connections.get(serverId);
    // A child still starting may have been given the old token: decided once it is ready.
    if (connection?.currentState === 'connecting') return;
    this.staleChildren.delete(serverId);
    const credentialId = connection?.config.credential?.credentialId;
    if (!connection || !credentialId || connection.currentState !== 'ready' || connection.childToken === this.deps.secrets.held(credentialId)) return;
    this.logOf(serverId).add('lifecycle', 'restarting: its credential was refreshed, and a running process cannot take the new token');
    failSafe('mcp restart with a refreshed token', this.deps.logInternalError, () => connection.reconnect())();
  }

}

function closingError(): AppError {
  return new AppError('mcp_gateway_closed', 'The MCP gateway is closing.', 'Start the console again.');
}
