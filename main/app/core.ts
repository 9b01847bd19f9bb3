import { AgentsService } from '../agents/agents-service.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { CrewsService } from '../crews/crews-service.ts';
import { EventBus } from '../events/bus.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
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
import type { GatewayOptions } from '../mcp/gateway.ts';
import { composioSealedColumns } from '../composio/sealed-columns.ts';
import { ComposioService, type ComposioOptions } from '../composio/composio-service.ts';
import { DEFAULT_FOLLOW_INTERVAL_MS, followChangesElsewhere } from './changes-elsewhere.ts';
import type { DomainContext } from '../store/domain-context.ts';

export interface CoreOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  workspaceId?: string;
  /** The app passes electron-store; elsewhere a JSON file in the data directory. */
  preferencesStore?: PreferencesStore;
  /** Opens the system browser (the app: shell.openExternal). Absent, a door shows the URL instead. */
  openExternal?: (url: string) => Promise<void>;
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
  /** `npm run demo`: system.info says the data is a demo's, and the UI shows a banner. */
  demo?: boolean;
  /** Where internal faults are reported (a method's, a timer's, a listener's); they never reach a door's caller. */
  logInternalError?: InternalErrorLog;
}

/** Every domain's service over one data directory: what the router's handlers are built from. */
interface CoreServices {
  dataDir: string;
  store: Store;
  vault: Vault;
  vaultAdmin: VaultService;
  bus: EventBus;
  audit: AuditLog;
  keyProvider: KeyProvider;
  workspaceId: string;
  crews: CrewsService;
  agents: AgentsService;
  preferences: PreferencesService;
  credentials: CredentialsService;
  oauth: OAuthService;
  mcp: McpDomain;
  composio: ComposioService;
  demo: boolean;
  openExternal: ((url: string) => Promise<void>) | undefined;
}

export interface Core extends CoreServices {
  router: Router;
  /** For the doors' own background work (a stream's timer, work started at launch): see failSafe. */
  logInternalError: InternalErrorLog;
  /** Stops timers and listeners at once; resolves when work under way (a token refresh) has stored its result and the store is closed. */
  close(): Promise<void>;
}

/** The composition root: every door builds one Core over one data directory and talks to it through `router`. */
export function createCore(options: CoreOptions): Core {
  const { logInternalError = defaultLog } = options;
  const store = openStore({ dataDir: options.dataDir });
  try {
    const services = createServices(store, options);
    const router = createRouter(retryingWhenLocked(store.db, createHandlers(services)), logInternalError);
    // Started last, so that a failure above cannot leave it running.
    const stopFollowing = startFollowing(services, options.followOtherProcesses, logInternalError);
    return {
      ...services,
      router,
      logInternalError,
      // The MCP gateway ends every stdio child before the store closes.
      close: () => {
        stopFollowing();
        return Promise.all([services.oauth.close(), services.mcp.gateway.close(), services.composio.close()]).then(() => store.close());
      },
    };
  } catch (error) {
    store.close();
    // A damaged page that opening the store did not reach (the vault's keys) is named here.
    throw namedIfCorruption(store.path, error);
  }
}

function createServices(store: Store, options: CoreOptions): CoreServices {
  const { dataDir, keyProvider, workspaceId = 'default', logInternalError = defaultLog } = options;
  const vault = Vault.open(store.db, keyProvider);
  credentialSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  composioSealedColumns.forEach((column) => vault.registerSealedColumn(column));
  const bus = new EventBus(logInternalError);
  const audit = new AuditLog(store.db, workspaceId);
  const ctx: DomainContext = { db: store.db, workspaceId, audit, bus, logInternalError };
  const crews = new CrewsService(ctx);
  const agents = new AgentsService(ctx, crews);
  const credentials = new CredentialsService(ctx, vault);
  const oauth = new OAuthService(ctx, vault, credentials, { ...options.oauth, openExternal: options.openExternal });
  const mcp = createMcpDomain(ctx, { crews, agents, credentials, refreshCredential: (id) => oauth.refresh(id, 'system'), dataDir }, options.mcp);
  credentials.useAutoBinder(mcpAutoBinder(mcp.servers));
  return {
    dataDir,
    store,
    vault,
    vaultAdmin: new VaultService(vault, audit),
    bus,
    audit,
    keyProvider,
    workspaceId,
    crews,
    agents,
    preferences: new PreferencesService(options.preferencesStore ?? new JsonFilePreferences(dataDir), bus),
    credentials,
    oauth,
    mcp,
    composio: new ComposioService(ctx, vault, options.composio),
    demo: options.demo ?? false,
    openExternal: options.openExternal,
  };
}

/** Returns the function that stops following (a no-op where the door does not follow). */
function startFollowing(services: CoreServices, follow: CoreOptions['followOtherProcesses'], logInternalError: InternalErrorLog): () => void {
  if (!follow) return () => {};
  const intervalMs = follow === true ? DEFAULT_FOLLOW_INTERVAL_MS : follow.intervalMs;
  const { store, audit, mcp, bus } = services;
  return followChangesElsewhere({ db: store.db, audit, calls: mcp.history, bus, intervalMs, logInternalError });
}

function defaultLog(method: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`crewship: internal error in ${method}: ${detail}\n`);
}
