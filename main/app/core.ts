import { join } from 'node:path';
import { AgentsService } from '../agents/agents-service.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { CrewsService } from '../crews/crews-service.ts';
import { EventBus } from '../events/bus.ts';
import { JsonFilePreferences } from '../preferences/json-file-preferences.ts';
import type { PreferencesStore } from '../preferences/preferences.ts';
import { PreferencesService } from '../preferences/preferences-service.ts';
import { createHandlers } from '../rpc/handlers.ts';
import { createRouter, type Router } from '../rpc/router.ts';
import { openStore, type Store } from '../store/database.ts';
import { retryingWhenLocked } from '../store/lock-retry.ts';
import { namedIfCorruption } from '../store/store-errors.ts';
import type { KeyProvider } from '../vault/key-provider.ts';
import { Vault } from '../vault/vault.ts';
import { VaultService } from '../vault/vault-service.ts';
import { credentialSealedColumns } from '../credentials/sealed-columns.ts';
import { CredentialsService } from '../credentials/credentials-service.ts';
import { OAuthService, type OAuthOptions } from '../oauth/oauth-service.ts';
import { createMcpDomain, type McpDomain } from '../mcp/index.ts';
import { mcpAutoBinder } from '../mcp/auto-binder.ts';
import { mcpSealedColumns } from '../mcp/server-secrets.ts';
import type { GatewayOptions } from '../mcp/gateway.ts';
import { composioSealedColumns } from '../composio/sealed-columns.ts';
import { ComposioService, type ComposioOptions } from '../composio/composio-service.ts';
import { AccessService } from '../access/access-service.ts';
import { AgentEndpoints } from '../access/endpoints.ts';
import { AgentEndpointService, type AgentEndpointOptions } from '../agent-endpoint/agent-endpoint-service.ts';
import { agentsPortFrom } from '../agent-endpoint/agents-port.ts';
import { DEFAULT_FOLLOW_INTERVAL_MS, followChangesElsewhere } from './changes-elsewhere.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import { workspaceOfState } from '../oauth/flow-store.ts';
import type { Handlers } from '../rpc/router.ts';
import { DEFAULT_WORKSPACE_ID } from '../workspaces/workspace.ts';
import { WorkspacesService } from '../workspaces/workspaces-service.ts';
import { ConnectionsService } from '../connections/connections-service.ts';
import { SharedFiles, sharedFileLimitFrom } from '../connections/shared-files.ts';
import { RegistryService, type RegistryOptions } from '../registry/registry-service.ts';
import { mcpAuthSealedColumns } from '../mcp-auth/grant-store.ts';
import { McpAuthService, type McpAuthOptions } from '../mcp-auth/mcp-auth-service.ts';
import { legacyMcpViewFromEnv } from '../system/legacy-view.ts';

export interface CoreOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  /**
   * The workspace (id or slug) of this core's top-level services (`core.crews`, …) and of calls
   * that name none; `default` unless given. An unknown one is `workspace_not_found`.
   */
  workspaceId?: string;
  /**
   * Long-running doors (the app, `crewship serve`): keep every workspace's services open — its
   * token refresher, its MCP gateway — and open those created later (here or by another process).
   * Without it a workspace's services are built the first time a call names it.
   */
  everyWorkspace?: boolean;
  /** The app passes electron-store; elsewhere a JSON file in the data directory. */
  preferencesStore?: PreferencesStore;
  /** Opens the system browser (the app: shell.openExternal). Absent, a door shows the URL instead. */
  openExternal?: (url: string) => Promise<void>;
  /** Asks the operator for a folder with the system's dialog (the app: dialog.showOpenDialog); null when cancelled. Absent, paths are typed. */
  pickDirectory?: (title: string) => Promise<string | null>;
  /** OAuth timing, and whether tokens refresh in the background (the app and `crewship serve`). */
  oauth?: Omit<OAuthOptions, 'openExternal'>;
  /** MCP gateway timing (connect timeout, backoff) and where `${VAR}` placeholders are looked up. */
  mcp?: GatewayOptions;
  /**
   * Long-running doors (the app, `crewship serve`): publish what other processes (the CLI) change
   * in the store as this core's own events, looking this often (500 ms by default).
   */
  followOtherProcesses?: boolean | { intervalMs: number };
  /** Composio: where COMPOSIO_API_KEY / COMPOSIO_BASE_URL are read, request timeouts and retries, connect polling. */
  composio?: ComposioOptions;
  /** The MCP registry: where CREWSHIP_REGISTRY_URL is read, the sync's timeouts and retries. */
  registry?: RegistryOptions;
  /** How long an MCP server sign-in waits for the browser. */
  mcpAuth?: McpAuthOptions;
  /** `npm run demo`: system.info says the data is a demo's, and the UI shows a banner. */
  demo?: boolean;
  /** The console's environment, where CREWSHIP_LEGACY_MCP_INTEGRATIONS is read (process.env by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where internal faults are reported (a method's, a timer's, a listener's); they never reach a door's caller. */
  logInternalError?: InternalErrorLog;
  /** The agents' MCP endpoint: its port (else CREWSHIP_AGENTS_PORT, else the preferences' agentsPort, 47321 unless set) and how long a held call waits. */
  agentEndpoint?: { port?: number } & Omit<AgentEndpointOptions, 'port'>;
  /** The size limit of one shared file on a crew connection; else CREWSHIP_SHARED_FILE_MAX_BYTES, else 10 MiB. */
  connections?: { maxFileBytes?: number };
}

/**
 * One workspace's services: its crews, agents, credentials, OAuth, MCP configs and gateway, its
 * audit log and its view of the bus. Built from a DomainContext that carries its workspace id, so
 * every query they make is scoped to it.
 */
interface WorkspaceScope {
  workspaceId: string;
  audit: AuditLog;
  /** The workspace's view of the core's bus: what it publishes carries the workspace. */
  bus: EventBus;
  vaultAdmin: VaultService;
  crews: CrewsService;
  agents: AgentsService;
  credentials: CredentialsService;
  oauth: OAuthService;
  mcp: McpDomain;
  composio: ComposioService;
  access: AccessService;
  endpoints: AgentEndpoints;
  /** The agent's own MCP endpoint: tokens, policy, held calls, activity, and what it serves. */
  agentEndpoint: AgentEndpointService;
  connections: ConnectionsService;
  registry: RegistryService;
  /** Remote MCP servers' OAuth sign-ins (the MCP authorization spec). */
  mcpAuth: McpAuthService;
  demo: boolean;
  legacyMcpViewFromEnv: boolean;
  openExternal: ((url: string) => Promise<void>) | undefined;
  pickDirectory: ((title: string) => Promise<string | null>) | undefined;
}

/** What every workspace shares: the data directory, its store and vault, the root bus, the operator's preferences, the workspaces. */
interface SharedServices {
  dataDir: string;
  store: Store;
  vault: Vault;
  /** The root bus: every workspace's events (each carries its `workspaceId`) and those of none. */
  bus: EventBus;
  keyProvider: KeyProvider;
  preferences: PreferencesService;
  workspaces: WorkspacesService;
  /** The port of the agents' listener: the configured one, until a listener on port 0 says which it got. */
  agentsPort: { value: number };
}

export interface Core extends SharedServices, Omit<WorkspaceScope, 'bus'> {
  /** Calls name their workspace in the call context (`{ actor, workspace }`); without one, the core's own (`workspaceId`). */
  router: Router;
  /** One workspace's services (by id or slug), built on first use; `workspace_not_found` for none. */
  forWorkspace(workspace: string): WorkspaceScope;
  /** Connects every enabled MCP server of every open workspace; from now on, workspaces opened later connect theirs too. */
  connectAll(): Promise<void>;
  /** The OAuth service of the workspace whose connect attempt a callback (a crewship:// link) answers. */
  oauthForCallback(params: URLSearchParams): OAuthService;
  /** For the doors' own background work (a stream's timer, work started at launch): see failSafe. */
  logInternalError: InternalErrorLog;
  /** Stops timers and listeners at once; resolves when work under way (a token refresh) has stored its result and the store is closed. */
  close(): Promise<void>;
}

/** The composition root: every door builds one Core over one data directory and talks to it through `router`. */
export function createCore(options: CoreOptions): Core {
  const { logInternalError = defaultLog } = options;
  const store = openStore({ dataDir: options.dataDir });
  const scopes = new Map<string, { scope: WorkspaceScope; handlers: Handlers }>();
  try {
    const shared = createSharedServices(store, options);
    const initialId = shared.workspaces.resolveId(options.workspaceId ?? DEFAULT_WORKSPACE_ID);
    let connectingAll = false;
    let closed = false;

    const open = (workspaceId: string) => {
      const opened = scopes.get(workspaceId);
      if (opened) return opened;
      const scope = createScope(shared, workspaceId, options);
      const handlers = retryingWhenLocked(store.db, createHandlers({ ...shared, ...scope }));
      const entry = { scope, handlers };
      scopes.set(workspaceId, entry);
      if (connectingAll) failSafe('connect a workspace\'s servers', logInternalError, () => scope.mcp.gateway.connectAll())();
      return entry;
    };
    // A deleted workspace's services still closing: the store stays open until they are done.
    const closing = new Set<Promise<unknown>>();
    const closeScope = (workspaceId: string): Promise<unknown> => {
      const entry = scopes.get(workspaceId);
      if (!entry) return Promise.resolve();
      scopes.delete(workspaceId);
      const done = Promise.all([entry.scope.oauth.close(), entry.scope.mcp.gateway.close(), entry.scope.composio.close(), entry.scope.registry.close(), entry.scope.mcpAuth.close()]).finally(() => closing.delete(done));
      closing.add(done);
      return done;
    };
    const forWorkspace = (workspace: string | undefined) => open(workspace === undefined ? initialId : shared.workspaces.resolveId(workspace));

    const initial = open(initialId).scope;
    if (options.everyWorkspace) for (const workspace of shared.workspaces.list()) open(workspace.id);
    // A workspace created here or elsewhere opens (where every workspace is kept open); a deleted one's servers end.
    const stopWatchingWorkspaces = shared.bus.on('workspaces.changed', ({ workspaceId, change }) => {
      if (closed) return;
      if (change === 'deleted') failSafe('close a deleted workspace', logInternalError, () => closeScope(workspaceId))();
      else if (change === 'created' && options.everyWorkspace) open(workspaceId);
    });
    const router = createRouter((workspace) => forWorkspace(workspace).handlers, logInternalError);
    // Started last, so that a failure above cannot leave it running.
    const stopFollowing = startFollowing(shared, () => [...scopes.values()].map((entry) => entry.scope), options.followOtherProcesses, logInternalError);
    const { bus: _scopeBus, ...initialServices } = initial;
    return {
      ...shared,
      ...initialServices,
      router,
      logInternalError,
      forWorkspace: (workspace) => forWorkspace(workspace).scope,
      connectAll: async () => {
        connectingAll = true;
        await Promise.all([...scopes.values()].map((entry) => entry.scope.mcp.gateway.connectAll()));
      },
      oauthForCallback: (params) => {
        // A state no attempt has is refused by the core's own workspace, as any unknown state is.
        return open(workspaceOfState(store.db, params.get('state')) ?? initialId).scope.oauth;
      },
      // The MCP gateways end every stdio child before the store closes.
      close: () => {
        closed = true;
        stopFollowing();
        stopWatchingWorkspaces();
        return Promise.all([...[...scopes.keys()].map(closeScope), ...closing]).then(() => store.close());
      },
    };
  } catch (error) {
    for (const { scope } of scopes.values()) void Promise.all([scope.oauth.close(), scope.mcp.gateway.close()]);
    store.close();
    // A damaged page that opening the store did not reach (the vault's keys) is named here.
    throw namedIfCorruption(store.path, error);
  }
}

function createSharedServices(store: Store, options: CoreOptions): SharedServices & { rootAudit: AuditLog; logInternalError: InternalErrorLog } {
  const { dataDir, keyProvider, logInternalError = defaultLog } = options;
  const vault = Vault.open(store.db, keyProvider);
  credentialSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  composioSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  mcpSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  mcpAuthSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  const bus = new EventBus(logInternalError);
  // One log per workspace, all knowing which entries this core appended (see changes-elsewhere).
  const rootAudit = new AuditLog(store.db, DEFAULT_WORKSPACE_ID);
  const preferences = new PreferencesService(options.preferencesStore ?? new JsonFilePreferences(dataDir), bus);
  return {
    dataDir,
    store,
    vault,
    bus,
    keyProvider,
    preferences,
    workspaces: new WorkspacesService({ db: store.db, audit: rootAudit, bus }),
    agentsPort: { value: options.agentEndpoint?.port ?? agentsPortFrom(options.env ?? process.env, preferences.get().agentsPort) },
    rootAudit,
    logInternalError,
  };
}

function createScope(
  shared: ReturnType<typeof createSharedServices>,
  workspaceId: string,
  options: CoreOptions,
): WorkspaceScope {
  const { store, vault, dataDir, logInternalError } = shared;
  const audit = shared.rootAudit.forWorkspace(workspaceId);
  const bus = shared.bus.forWorkspace(workspaceId);
  const ctx: DomainContext = { db: store.db, workspaceId, audit, bus, logInternalError };
  const crews = new CrewsService(ctx);
  const agents = new AgentsService(ctx, crews);
  const credentials = new CredentialsService(ctx, vault);
  const oauth = new OAuthService(ctx, vault, credentials, { ...options.oauth, openExternal: options.openExternal });
  // The gateway asks the sign-ins for each connection; they are built on its server configs.
  const signIns: { service?: McpAuthService } = {};
  // The project key reaches a Composio-managed server only as the header the gateway sets at connect time.
  const managedHeaders = (): Record<string, string> => ({ 'x-api-key': composio.keys.require().apiKey });
  const mcp = createMcpDomain(
    ctx,
    { crews, agents, credentials, refreshCredential: (id) => oauth.refresh(id, 'system'), dataDir, vault, auth: (config) => signIns.service?.transportAuth(config) ?? null, managedHeaders },
    options.mcp,
  );
  const clientMetadataUrl = (options.env ?? process.env).CREWSHIP_CLIENT_METADATA_URL;
  const mcpAuth = new McpAuthService(
    ctx,
    vault,
    { servers: mcp.servers, reconnect: (serverId) => reconnectIfUsed(mcp, serverId) },
    { ...(clientMetadataUrl === undefined ? {} : { clientMetadataUrl }), ...options.mcpAuth },
  );
  signIns.service = mcpAuth;
  credentials.useAutoBinder(mcpAutoBinder(mcp.servers));
  const composio = new ComposioService(ctx, vault, options.composio ?? {}, { agents, servers: mcp.servers });
  const access = new AccessService(ctx, { agents, servers: mcp.servers, composio });
  mcp.servers.useAgentResolver((agent) => access.configsForAgent(agent));
  return {
    workspaceId,
    audit,
    bus,
    vaultAdmin: new VaultService(vault, audit),
    crews,
    agents,
    credentials,
    oauth,
    mcp,
    composio,
    access,
    endpoints: new AgentEndpoints({ access, agents, servers: mcp.servers, gateway: mcp.gateway, history: mcp.history, composio }),
    agentEndpoint: new AgentEndpointService(ctx, { agents, access, gateway: mcp.gateway }, { ...options.agentEndpoint, port: () => shared.agentsPort.value }),
    connections: new ConnectionsService(ctx, crews, new SharedFiles(dataDir, options.connections?.maxFileBytes ?? sharedFileLimitFrom(process.env))),
    registry: new RegistryService(ctx, mcp.servers, join(dataDir, 'mcp-bundles'), options.registry),
    mcpAuth,
    demo: options.demo ?? false,
    legacyMcpViewFromEnv: legacyMcpViewFromEnv(options.env ?? process.env),
    openExternal: options.openExternal,
    pickDirectory: options.pickDirectory,
  };
}

/** Returns the function that stops following (a no-op where the door does not follow). */
function startFollowing(
  shared: ReturnType<typeof createSharedServices>,
  scopes: () => WorkspaceScope[],
  follow: CoreOptions['followOtherProcesses'],
  logInternalError: InternalErrorLog,
): () => void {
  if (!follow) return () => {};
  const intervalMs = follow === true ? DEFAULT_FOLLOW_INTERVAL_MS : follow.intervalMs;
  return followChangesElsewhere({
    db: shared.store.db,
    audit: shared.rootAudit,
    workspaces: () => scopes().map((scope) => ({ workspaceId: scope.workspaceId, calls: scope.mcp.history })),
    bus: shared.bus,
    intervalMs,
    logInternalError,
  });
}

function defaultLog(method: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`crewship: internal error in ${method}: ${detail}\n`);
}

/** A signed-in (or signed-out) server connects again with what changed, if it was in use; an idle one waits until it is needed. */
async function reconnectIfUsed(mcp: McpDomain, serverId: string): Promise<void> {
  const [status] = mcp.gateway.status(serverId);
  if (status && status.state !== 'idle' && status.state !== 'disabled') await mcp.gateway.reconnect(serverId);
}
