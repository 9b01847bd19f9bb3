/* eslint-disable max-lines -- one facade over the SDK for now; to be split by topic (catalog sync, connect flows, inventory) next */
import type { Actor } from '../audit/audit-log.ts';
import { AppError, toErrorBody, type ErrorBody } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { Vault } from '../vault/vault.ts';
import { CatalogStore, type CatalogToolkit } from './catalog-store.ts';
import { composioFailure, isAbort, openComposioClient, type ComposioSdk } from './client.ts';
import { ProjectKeys, type EffectiveKey } from './project-key.ts';
import type {
  ComposioAccount,
  ComposioAccountAction,
  ComposioAccountStatus,
  ComposioAuthConfig,
  ComposioCatalogStatus,
  ComposioCatalogSync,
  ComposioConnectFlow,
  ComposioCounts,
  ComposioInventory,
  ComposioKeyInfo,
  ComposioReconnect,
  ComposioStatus,
  ComposioTool,
  ComposioToolkitList,
  ComposioToolkitPage,
  ComposioToolSearch,
  ComposioUserAccounts,
} from './types.ts';

export interface ComposioOptions {
  /** Where COMPOSIO_API_KEY and COMPOSIO_BASE_URL are read (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /** How often a connect asks Composio whether the account is ACTIVE yet (1 s by default). */
  pollIntervalMs?: number;
  /** How long a connect waits for the sign-in by default (10 minutes). */
  connectTimeoutMs?: number;
  /** Per request to Composio (20 s by default), and how many times a 429/5xx/network failure is retried with backoff (3). */
  requestTimeoutMs?: number;
  maxRetries?: number;
}

/** The fields of a connected account the console reads, as Composio's API gives them (snake_case, user_id kept). */
interface RawAccount {
  id: string;
  user_id: string;
  status: string;
  status_reason: string | null;
  is_disabled: boolean;
  created_at: string;
  updated_at: string;
  toolkit: { slug: string };
  auth_config: { id: string };
}

interface RawToolkit {
  slug: string;
  name: string;
  meta: { description: string; logo: string; categories: Array<{ id: string; name: string }>; tools_count: number; app_url?: string | null };
  auth_schemes?: string[];
  composio_managed_auth_schemes?: string[];
  no_auth?: boolean;
}

interface RawTool {
  slug: string;
  name: string;
  description: string;
  tags: string[];
  toolkit: { slug: string };
}

interface SdkAuthConfig {
  id: string;
  name: string;
  toolkit: { slug: string; logo: string };
  noOfConnections: number;
  status: 'ENABLED' | 'DISABLED';
  authScheme?: string | undefined;
  isComposioManaged?: boolean | undefined;
  createdAt?: string | undefined;
}

interface ConnectRun {
  flow: ComposioConnectFlow;
  abort: AbortController;
  done: Promise<ComposioConnectFlow>;
}

const ATTENTION: ReadonlySet<string> = new Set(['EXPIRED', 'FAILED', 'INACTIVE']);
const FAILED_STATES: ReadonlySet<string> = new Set(['FAILED', 'EXPIRED', 'REVOKED']);
const FALLBACK_ERRORS: ReadonlySet<string> = new Set(['composio_unreachable', 'composio_timeout', 'composio_server_error', 'composio_rate_limited']);
const TOOLKIT_PAGE = 500;
const TOOL_PAGE = 1000;

const idleSync = (): ComposioCatalogSync => ({ state: 'idle', phase: null, toolkitsDone: 0, toolkitsTotal: null, toolsDone: 0, toolsTotal: null, startedAt: null });

/**
 * The Composio domain of one workspace: its project key, the catalog cache, auth configs,
 * connecting accounts, the inventory by user and each account's lifecycle — all through the real
 * `@composio/core` SDK (and the typed client it holds, where the SDK's own shape drops what the
 * console needs: cursors, user_id).
 */
export class ComposioService {
  readonly keys: ProjectKeys;
  private readonly catalog: CatalogStore;
  private readonly ctx: DomainContext;
  private readonly vault: Vault;
  private readonly options: Required<Omit<ComposioOptions, 'env'>>;
  private clients = new Map<string, Promise<ComposioSdk>>();
  private syncState: ComposioCatalogSync = idleSync();
  private syncRun: { abort: AbortController; done: Promise<ComposioCatalogStatus> } | null = null;
  private readonly connects = new Map<string, ConnectRun>();
  private closed = false;

  constructor(ctx: DomainContext, vault: Vault, options: ComposioOptions = {}) {
    this.ctx = ctx;
    this.vault = vault;
    this.keys = new ProjectKeys(ctx, vault, options.env ?? process.env);
    this.catalog = new CatalogStore(ctx);
    this.options = {
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10 * 60_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 20_000,
      maxRetries: options.maxRetries ?? 3,
    };
  }

  // ------------------------------------------------------------------ the client

  private client(key: Pick<EffectiveKey, 'apiKey' | 'baseURL'>): Promise<ComposioSdk> {
    const id = `${key.baseURL}\n${key.apiKey}`;
    let client = this.clients.get(id);
    if (!client) {
      client = openComposioClient({ apiKey: key.apiKey, baseURL: key.baseURL, timeoutMs: this.options.requestTimeoutMs, maxRetries: this.options.maxRetries });
      this.clients.set(id, client);
      client.catch(() => this.clients.delete(id));
    }
    return client;
  }

  /** Runs `work` against Composio with the effective key; every failure comes out as a coded error. */
  private async withComposio<T>(work: (composio: ComposioSdk) => Promise<T>, notFound?: () => AppError, key: EffectiveKey = this.keys.require()): Promise<T> {
    try {
      return await work(await this.client(key));
    } catch (error) {
      throw composioFailure(error, key.baseURL, notFound);
    }
  }

  // ------------------------------------------------------------------ the project key

  keyInfo(): ComposioKeyInfo {
    return this.keys.info();
  }

  /**
   * Validates the key with one authenticated read (unless asked not to), then seals it. A key
   * Composio refuses is not stored; an unreachable API is an error unless validate is false.
   */
  async setKey(input: { key: string; label?: string | undefined; baseUrl?: string | undefined; validate?: boolean | undefined }, actor: Actor): Promise<ComposioKeyInfo> {
    const validate = input.validate !== false;
    const baseUrl = input.baseUrl ?? null;
    if (validate) {
      const candidate: EffectiveKey = { apiKey: input.key, baseURL: this.keys.baseUrlFor(baseUrl).baseURL, source: 'workspace' };
      await this.withComposio((composio) => composio.authConfigs.list({ limit: 1 }), undefined, candidate);
    }
    this.keys.store({ apiKey: input.key, label: input.label ?? null, baseUrl, validated: validate }, actor);
    this.ctx.bus.publish('composio.keyChanged', { source: 'workspace' });
    return this.keys.info();
  }

  removeKey(actor: Actor): { removed: boolean; key: ComposioKeyInfo } {
    const { removed } = this.keys.remove(actor);
    const key = this.keys.info();
    if (removed) this.ctx.bus.publish('composio.keyChanged', { source: key.source });
    return { removed, key };
  }

  status(): ComposioStatus {
    const key = this.keys.info();
    const fetchedAt = this.ctx.db.prepare('SELECT fetched_at FROM composio_inventory_state WHERE workspace_id = ?').pluck().get(this.ctx.workspaceId) as string | undefined;
    return { configured: key.source !== 'none', key, counts: countsOf(this.cachedAccounts()), countsFetchedAt: fetchedAt ?? null, catalog: this.catalogStatus() };
  }

  // ------------------------------------------------------------------ the catalog

  catalogStatus(): ComposioCatalogStatus {
    return this.catalog.status({ ...this.syncState });
  }

  listToolkits(input: { search?: string | undefined; category?: string | undefined; limit?: number | undefined; offset?: number | undefined }): ComposioToolkitList {
    const { toolkits, total } = this.catalog.listToolkits({ search: input.search, category: input.category, limit: input.limit ?? 100, offset: input.offset ?? 0 });
    return { toolkits, total, categories: this.catalog.categories(), catalog: this.catalogStatus() };
  }

  toolkit(input: { slug: string; search?: string | undefined; limit?: number | undefined }): ComposioToolkitPage {
    const toolkit = this.catalog.toolkit(input.slug);
    if (!toolkit) throw toolkitNotFound(input.slug, this.catalogStatus());
    const { tools, total } = this.catalog.searchTools({ search: input.search, toolkit: toolkit.slug, limit: input.limit ?? 1000, offset: 0 });
    const authConfigs = this.cachedAuthConfigs().filter((config) => config.toolkit === toolkit.slug);
    return { toolkit, tools, total, authConfigs, catalog: this.catalogStatus() };
  }

  searchTools(input: { search?: string | undefined; toolkit?: string | undefined; limit?: number | undefined; offset?: number | undefined }): ComposioToolSearch {
    const { tools, total } = this.catalog.searchTools({ search: input.search, toolkit: input.toolkit, limit: input.limit ?? 50, offset: input.offset ?? 0 });
    return { tools, total, catalog: this.catalogStatus() };
  }

  /**
   * Refreshes the catalog in the background (one refresh at a time), publishing
   * `composio.catalogSync` at every page. With wait, resolves when it ends (and fails as it failed).
   */
  async syncCatalog(input: { wait?: boolean | undefined }): Promise<ComposioCatalogStatus> {
    const key = this.keys.require();
    if (!this.syncRun) {
      const abort = new AbortController();
      const done = this.runSync(key, abort.signal);
      this.syncRun = { abort, done };
      void done.finally(() => (this.syncRun = null)).catch(() => {});
    }
    if (!input.wait) {
      void this.syncRun.done.catch(() => {});
      return this.catalogStatus();
    }
    return this.syncRun.done;
  }

  private progress(patch: Partial<ComposioCatalogSync>, error: ErrorBody | null = null): void {
    this.syncState = { ...this.syncState, ...patch };
    this.ctx.bus.publish('composio.catalogSync', { ...this.syncState, error });
  }

  private async runSync(key: EffectiveKey, signal: AbortSignal): Promise<ComposioCatalogStatus> {
    this.syncState = { ...idleSync(), state: 'running', phase: 'toolkits', startedAt: nowIso() };
    this.progress({});
    try {
      const { toolkits, tools } = await this.withComposio(async (composio) => {
        const toolkits = await this.fetchToolkits(composio, signal);
        await this.fetchAuthConfigs(composio);
        const tools = await this.fetchTools(composio, toolkits, signal);
        return { toolkits, tools };
      }, undefined, key);
      this.progress({ phase: 'storing' });
      this.catalog.replace(toolkits, tools);
      this.syncState = idleSync();
      this.progress({ phase: 'done', toolkitsDone: toolkits.length, toolkitsTotal: toolkits.length, toolsDone: tools.length, toolsTotal: tools.length });
      this.syncState = idleSync();
      return this.catalogStatus();
    } catch (caught) {
      const error = isAbort(caught) ? new AppError('composio_unreachable', 'The catalog refresh stopped: the console is closing.', 'Refresh again: `crewship integration composio sync`.') : caught;
      const body = toErrorBody(error);
      if (error instanceof AppError) this.catalog.recordFailure(body);
      this.syncState = idleSync();
      this.progress({ phase: 'failed' }, body);
      this.syncState = idleSync();
      throw error;
    }
  }

  private async fetchToolkits(composio: ComposioSdk, signal: AbortSignal): Promise<CatalogToolkit[]> {
    const toolkits: CatalogToolkit[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      // The SDK's toolkits.get() returns the items without the next cursor: its typed client keeps it.
      const page = await composio.getClient().toolkits.list({ limit: TOOLKIT_PAGE, ...(cursor ? { cursor } : {}) }, { signal });
      for (const item of page.items as RawToolkit[]) {
        if (seen.has(item.slug)) continue;
        seen.add(item.slug);
        toolkits.push(fromRawToolkit(item));
      }
      cursor = page.next_cursor ?? undefined;
      this.progress({ toolkitsDone: toolkits.length, toolkitsTotal: Math.max(page.total_items, toolkits.length) });
    } while (cursor);
    return toolkits;
  }

  private async fetchTools(composio: ComposioSdk, toolkits: CatalogToolkit[], signal: AbortSignal): Promise<ComposioTool[]> {
    const tools = new Map<string, ComposioTool>();
    const toolsTotal = toolkits.reduce((sum, toolkit) => sum + toolkit.toolCount, 0);
    this.progress({ phase: 'tools', toolsTotal });
    // Several toolkits per request (the API takes a comma-separated list), about a page of tools each.
    const batches: string[][] = [];
    let batch: string[] = [];
    let inBatch = 0;
    for (const toolkit of toolkits) {
      if (toolkit.toolCount === 0) continue;
      if (batch.length > 0 && (inBatch + toolkit.toolCount > TOOL_PAGE || batch.length >= 40)) {
        batches.push(batch);
        batch = [];
        inBatch = 0;
      }
      batch.push(toolkit.slug);
      inBatch += toolkit.toolCount;
    }
    if (batch.length > 0) batches.push(batch);
    for (const slugs of batches) {
      let cursor: string | undefined;
      do {
        const page = await composio.getClient().tools.list({ toolkit_slug: slugs.join(','), limit: TOOL_PAGE, ...(cursor ? { cursor } : {}) }, { signal });
        for (const item of page.items as RawTool[]) tools.set(item.slug, fromRawTool(item));
        cursor = page.next_cursor ?? undefined;
        this.progress({ toolsDone: tools.size, toolsTotal: Math.max(toolsTotal, tools.size) });
      } while (cursor);
    }
    return [...tools.values()];
  }

  // ------------------------------------------------------------------ auth configs

  private async fetchAuthConfigs(composio: ComposioSdk): Promise<ComposioAuthConfig[]> {
    const configs: ComposioAuthConfig[] = [];
    let cursor: string | undefined;
    do {
      const page = await composio.authConfigs.list({ limit: 100, showDisabled: true, ...(cursor ? { cursor } : {}) });
      for (const item of page.items as SdkAuthConfig[]) configs.push(this.fromSdkAuthConfig(item));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ws = this.ctx.workspaceId;
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_auth_configs WHERE workspace_id = ?').run(ws);
      const insert = this.ctx.db.prepare('INSERT INTO composio_auth_configs (workspace_id, id, toolkit_slug, record) VALUES (?, ?, ?, ?)');
      for (const config of configs) insert.run(ws, config.id, config.toolkit, JSON.stringify(config));
    })();
    return configs;
  }

  private fromSdkAuthConfig(item: SdkAuthConfig): ComposioAuthConfig {
    const secret = this.ctx.db.prepare('SELECT client_id FROM composio_auth_config_secrets WHERE workspace_id = ? AND id = ?').pluck().get(this.ctx.workspaceId, item.id) as
      | string
      | undefined;
    return {
      id: item.id,
      name: item.name,
      toolkit: item.toolkit.slug,
      logo: item.toolkit.logo,
      authScheme: item.authScheme ?? null,
      composioManaged: item.isComposioManaged ?? false,
      status: item.status,
      connections: item.noOfConnections,
      createdAt: item.createdAt ?? null,
      clientId: secret ?? null,
    };
  }

  private cachedAuthConfigs(): ComposioAuthConfig[] {
    const rows = this.ctx.db.prepare('SELECT record FROM composio_auth_configs WHERE workspace_id = ? ORDER BY toolkit_slug, id').pluck().all(this.ctx.workspaceId) as string[];
    return rows.map((row) => JSON.parse(row) as ComposioAuthConfig);
  }

  async listAuthConfigs(input: { toolkit?: string | undefined }): Promise<ComposioAuthConfig[]> {
    const configs = await this.withComposio((composio) => this.fetchAuthConfigs(composio));
    return input.toolkit ? configs.filter((config) => config.toolkit === input.toolkit?.toLowerCase()) : configs;
  }

  async createAuthConfig(
    input: { toolkit: string; name?: string | undefined; custom?: { authScheme?: string | undefined; clientId: string; clientSecret: string; scopes?: string[] | undefined } | undefined },
    actor: Actor,
  ): Promise<ComposioAuthConfig> {
    const toolkit = input.toolkit.toLowerCase();
    const known = this.catalog.toolkit(toolkit);
    if (!input.custom && known && known.managedAuthSchemes.length === 0) {
      throw new AppError(
        'composio_auth_config_invalid',
        `Composio offers no managed sign-in for ${known.name}: its auth config needs an OAuth client of your own.`,
        `Create a custom one: \`crewship integration composio auth-config create ${toolkit} --client-id … --client-secret-stdin\`.`,
      );
    }
    const custom = input.custom;
    const created = await this.withComposio(
      async (composio) => {
        const made = custom
          ? await composio.authConfigs.create(toolkit, {
              type: 'use_custom_auth',
              authScheme: (custom.authScheme ?? 'OAUTH2') as 'OAUTH2',
              name: input.name,
              credentials: { client_id: custom.clientId, client_secret: custom.clientSecret, ...(custom.scopes ? { scopes: custom.scopes.join(',') } : {}) },
            })
          : await composio.authConfigs.create(toolkit, { type: 'use_composio_managed_auth', name: input.name ?? `${known?.name ?? toolkit} Auth Config` });
        return made.id;
      },
      () => toolkitNotFound(toolkit, this.catalogStatus()),
    );
    if (custom) {
      const sealed = this.vault.seal({ table: 'composio_auth_config_secrets', row: created, column: 'client_secret' }, custom.clientSecret);
      this.ctx.db
        .prepare('INSERT OR REPLACE INTO composio_auth_config_secrets (id, workspace_id, toolkit_slug, client_id, client_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(created, this.ctx.workspaceId, toolkit, custom.clientId, sealed, nowIso());
    }
    this.ctx.audit.append(actor, 'composio.auth_config.create', created, { toolkit, managed: !custom, ...(custom ? { clientId: custom.clientId } : {}) });
    const config = (await this.listAuthConfigs({})).find((item) => item.id === created);
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id: created });
    if (!config) throw new AppError('composio_bad_response', `Composio created the auth config ${created} but does not list it.`, 'List the auth configs again in a moment.');
    return config;
  }

  async setAuthConfigEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAuthConfig> {
    await this.withComposio((composio) => (enabled ? composio.authConfigs.enable(id) : composio.authConfigs.disable(id)), () => authConfigNotFound(id));
    this.ctx.audit.append(actor, enabled ? 'composio.auth_config.enable' : 'composio.auth_config.disable', id, {});
    const config = (await this.listAuthConfigs({})).find((item) => item.id === id);
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id });
    if (!config) throw authConfigNotFound(id);
    return config;
  }

  async deleteAuthConfig(id: string, actor: Actor): Promise<{ id: string }> {
    await this.withComposio((composio) => composio.authConfigs.delete(id), () => authConfigNotFound(id));
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_auth_config_secrets WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
      this.ctx.db.prepare('DELETE FROM composio_auth_configs WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
      this.ctx.audit.append(actor, 'composio.auth_config.delete', id, {});
    })();
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id });
    return { id };
  }

  // ------------------------------------------------------------------ connect

  /**
   * Starts connecting `userId`'s account of an app: the app's enabled auth config (a Composio-
   * managed one is created when it has none), then link(), whose redirect URL the person opens.
   * The console then asks Composio until the account is ACTIVE, FAILED/EXPIRED, or time runs out,
   * publishing `composio.connect` at each change.
   */
  async connect(input: { toolkit: string; userId: string; authConfigId?: string | undefined; callbackUrl?: string | undefined; timeoutSeconds?: number | undefined }, actor: Actor): Promise<ComposioConnectFlow> {
    const toolkit = input.toolkit.toLowerCase();
    const key = this.keys.require();
    let createdAuthConfig = false;
    let authConfigId = input.authConfigId;
    if (!authConfigId) {
      const configs = await this.listAuthConfigs({ toolkit });
      authConfigId = configs.find((config) => config.status === 'ENABLED')?.id;
      if (!authConfigId) {
        authConfigId = (await this.createAuthConfig({ toolkit }, actor)).id;
        createdAuthConfig = true;
      }
    }
    const configId = authConfigId;
    const request = await this.withComposio(
      (composio) => composio.connectedAccounts.link(input.userId, configId, { allowMultiple: true, ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}) }),
      () => authConfigNotFound(configId),
      key,
    );
    const startedAt = nowIso();
    const timeoutMs = (input.timeoutSeconds ?? this.options.connectTimeoutMs / 1000) * 1000;
    const flow: ComposioConnectFlow = {
      id: newId('cconn'),
      toolkit,
      userId: input.userId,
      authConfigId: configId,
      createdAuthConfig,
      accountId: request.id,
      redirectUrl: request.redirectUrl ?? '',
      status: 'waiting',
      accountStatus: 'INITIATED',
      startedAt,
      expiresAt: new Date(Date.parse(startedAt) + timeoutMs).toISOString(),
      error: null,
      account: null,
    };
    this.ctx.audit.append(actor, 'composio.connect_started', flow.accountId, { toolkit, userId: input.userId, authConfigId: configId, createdAuthConfig });
    const abort = new AbortController();
    const run: ConnectRun = { flow, abort, done: Promise.resolve(flow) };
    this.connects.set(flow.id, run);
    this.publishConnect(flow);
    run.done = this.follow(run, key, Date.parse(flow.expiresAt), actor);
    failSafe('composio connect', this.ctx.logInternalError, () => run.done)();
    return { ...flow };
  }

  private publishConnect(flow: ComposioConnectFlow): void {
    const { id, toolkit, userId, accountId, redirectUrl, status, accountStatus, error } = flow;
    this.ctx.bus.publish('composio.connect', { connectId: id, toolkit, userId, accountId, redirectUrl, status, accountStatus, error });
  }

  private async follow(run: ConnectRun, key: EffectiveKey, deadline: number, actor: Actor): Promise<ComposioConnectFlow> {
    const { flow, abort } = run;
    const finish = (status: ComposioConnectFlow['status'], error: AppError | null): ComposioConnectFlow => {
      if (flow.status !== 'waiting') return flow;
      flow.status = status;
      flow.error = error ? error.toBody() : null;
      this.ctx.audit.append(actor, status === 'active' ? 'composio.connect' : 'composio.connect_failed', flow.accountId, { toolkit: flow.toolkit, userId: flow.userId, status });
      this.publishConnect(flow);
      if (status === 'active') this.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id: flow.accountId });
      return flow;
    };
    while (flow.status === 'waiting') {
      const left = deadline - Date.now();
      if (left <= 0) {
        return finish('timed_out', new AppError('composio_connect_timed_out', `The ${flow.toolkit} account of ${flow.userId} did not become ACTIVE in time.`, `Open the link again, or start over: \`crewship integration composio connect ${flow.toolkit} --user ${flow.userId}\`.`));
      }
      await sleep(Math.min(this.options.pollIntervalMs, left), abort.signal);
      if (abort.signal.aborted) break;
      let raw: RawAccount;
      try {
        raw = (await this.withComposio((composio) => composio.getClient().connectedAccounts.retrieve(flow.accountId, { signal: abort.signal }), () => accountNotFound(flow.accountId), key)) as RawAccount;
      } catch (error) {
        if (abort.signal.aborted || isAbort(error)) break;
        // A passing network fault does not end the wait; a refused key or a vanished account does.
        if (error instanceof AppError && FALLBACK_ERRORS.has(error.code)) continue;
        return finish('failed', error instanceof AppError ? error : new AppError('composio_bad_response', 'Composio answered the connect with something unexpected.', 'Start the connect again.'));
      }
      if (raw.status !== flow.accountStatus) {
        flow.accountStatus = raw.status as ComposioAccountStatus;
        if (flow.status === 'waiting' && raw.status !== 'ACTIVE' && !FAILED_STATES.has(raw.status)) this.publishConnect(flow);
      }
      if (raw.status === 'ACTIVE') {
        flow.account = this.toAccount(raw, this.toolkitNames());
        this.upsertCachedAccount(flow.account);
        return finish('active', null);
      }
      if (FAILED_STATES.has(raw.status)) {
        return finish(
          'failed',
          new AppError(
            'composio_connect_failed',
            `The ${flow.toolkit} account of ${flow.userId} ended ${raw.status}${raw.status_reason ? `: ${raw.status_reason}` : ''}.`,
            `The sign-in was denied or did not finish; connect again: \`crewship integration composio connect ${flow.toolkit} --user ${flow.userId}\`.`,
          ),
        );
      }
    }
    return finish('cancelled', new AppError('composio_connect_cancelled', `Connecting the ${flow.toolkit} account of ${flow.userId} was cancelled.`, 'Start it again when the person is ready to sign in.'));
  }

  connectFlow(id: string): ComposioConnectFlow {
    const run = this.connects.get(id);
    if (!run) throw connectNotFound(id);
    return { ...run.flow };
  }

  cancelConnect(id: string): ComposioConnectFlow {
    const run = this.connects.get(id);
    if (!run) throw connectNotFound(id);
    run.abort.abort();
    return { ...run.flow };
  }

  /** Resolves when the connect attempt ends (active, failed, timed out or cancelled). */
  async waitForConnect(id: string): Promise<ComposioConnectFlow> {
    const run = this.connects.get(id);
    if (!run) throw connectNotFound(id);
    return { ...(await run.done) };
  }

  // ------------------------------------------------------------------ inventory

  private toolkitNames(): Map<string, { name: string; logo: string }> {
    const rows = this.ctx.db.prepare('SELECT slug, name, logo FROM composio_toolkits WHERE workspace_id = ?').all(this.ctx.workspaceId) as Array<{ slug: string; name: string; logo: string }>;
    return new Map(rows.map((row) => [row.slug, { name: row.name, logo: row.logo }]));
  }

  private toAccount(raw: RawAccount, names: Map<string, { name: string; logo: string }>): ComposioAccount {
    const toolkit = raw.toolkit.slug;
    const status = raw.status as ComposioAccountStatus;
    const needsAttention = ATTENTION.has(status);
    return {
      id: raw.id,
      userId: raw.user_id,
      toolkit,
      toolkitName: names.get(toolkit)?.name ?? toolkit,
      logo: names.get(toolkit)?.logo ?? '',
      authConfigId: raw.auth_config.id,
      status,
      statusReason: raw.status_reason,
      disabled: raw.is_disabled,
      createdAt: raw.created_at,
      updatedAt: raw.updated_at,
      needsAttention,
      reconnect: needsAttention ? reconnectFor(raw.id, toolkit, raw.user_id, status) : null,
    };
  }

  private cachedAccounts(): ComposioAccount[] {
    const rows = this.ctx.db.prepare('SELECT record FROM composio_accounts WHERE workspace_id = ?').pluck().all(this.ctx.workspaceId) as string[];
    return rows.map((row) => JSON.parse(row) as ComposioAccount);
  }

  private upsertCachedAccount(account: ComposioAccount): void {
    this.ctx.db
      .prepare('INSERT OR REPLACE INTO composio_accounts (workspace_id, id, user_id, toolkit_slug, status, record) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.ctx.workspaceId, account.id, account.userId, account.toolkit, account.status, JSON.stringify(account));
  }

  private async fetchAccounts(composio: ComposioSdk): Promise<ComposioAccount[]> {
    const names = this.toolkitNames();
    const accounts: ComposioAccount[] = [];
    let cursor: string | undefined;
    do {
      // connectedAccounts.list() of the SDK drops user_id; its typed client keeps every field.
      const page = await composio.getClient().connectedAccounts.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const item of page.items as RawAccount[]) accounts.push(this.toAccount(item, names));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return accounts;
  }

  /**
   * Auth configs and connected accounts grouped by user (the operator's view; no agent-facing
   * door returns it). Read live; when Composio cannot be reached, the last reading with its age.
   */
  async inventory(input: { user?: string | undefined; app?: string | undefined; status?: ComposioAccountStatus | undefined }): Promise<ComposioInventory> {
    let source: ComposioInventory['source'] = 'live';
    let error: ErrorBody | null = null;
    let accounts: ComposioAccount[];
    let authConfigs: ComposioAuthConfig[];
    try {
      ({ accounts, authConfigs } = await this.withComposio(async (composio) => ({ authConfigs: await this.fetchAuthConfigs(composio), accounts: await this.fetchAccounts(composio) })));
      const ws = this.ctx.workspaceId;
      this.ctx.db.transaction(() => {
        this.ctx.db.prepare('DELETE FROM composio_accounts WHERE workspace_id = ?').run(ws);
        for (const account of accounts) this.upsertCachedAccount(account);
        this.ctx.db.prepare('INSERT OR REPLACE INTO composio_inventory_state (workspace_id, fetched_at) VALUES (?, ?)').run(ws, nowIso());
      })();
    } catch (caught) {
      if (!(caught instanceof AppError) || !FALLBACK_ERRORS.has(caught.code)) throw caught;
      source = 'cache';
      error = caught.toBody();
      accounts = this.cachedAccounts();
      authConfigs = this.cachedAuthConfigs();
    }
    const fetchedAt = (this.ctx.db.prepare('SELECT fetched_at FROM composio_inventory_state WHERE workspace_id = ?').pluck().get(this.ctx.workspaceId) as string | undefined) ?? null;
    const app = input.app?.toLowerCase();
    const shown = accounts.filter((account) => (!input.user || account.userId === input.user) && (!app || account.toolkit === app) && (!input.status || account.status === input.status));
    return {
      source,
      fetchedAt,
      error,
      counts: countsOf(accounts),
      authConfigs,
      users: groupByUser(shown),
      attention: sortAccounts(shown.filter((account) => account.needsAttention)),
      apps: [...new Set(accounts.map((account) => account.toolkit))].sort(),
      userIds: [...new Set(accounts.map((account) => account.userId))].sort(),
    };
  }

  // ------------------------------------------------------------------ account lifecycle

  private async account(composio: ComposioSdk, id: string): Promise<ComposioAccount> {
    const raw = (await composio.getClient().connectedAccounts.retrieve(id)) as RawAccount;
    const account = this.toAccount(raw, this.toolkitNames());
    this.upsertCachedAccount(account);
    return account;
  }

  /** Asks Composio to refresh the account; the link to sign in again when it needs the person. Shows the state Composio returns after it. */
  async refreshAccount(id: string, actor: Actor): Promise<ComposioAccountAction> {
    const { refreshed, account } = await this.withComposio(
      async (composio) => {
        const refreshed = await composio.connectedAccounts.refresh(id);
        return { refreshed, account: await this.account(composio, id) };
      },
      () => accountNotFound(id),
    );
    const redirectUrl = refreshed.redirect_url ?? null;
    this.ctx.audit.append(actor, 'composio.account.refresh', id, { userId: account.userId, toolkit: account.toolkit, status: account.status });
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { account, redirectUrl, needsReauth: redirectUrl !== null && account.status !== 'ACTIVE' };
  }

  /** revoke = disable: the account is INACTIVE and its tools stop at once; enable restores it. */
  async setAccountEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAccountAction> {
    const account = await this.withComposio(
      async (composio) => {
        await (enabled ? composio.connectedAccounts.enable(id) : composio.connectedAccounts.disable(id));
        return this.account(composio, id);
      },
      () => accountNotFound(id),
    );
    this.ctx.audit.append(actor, enabled ? 'composio.account.enable' : 'composio.account.revoke', id, { userId: account.userId, toolkit: account.toolkit });
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { account, redirectUrl: null, needsReauth: false };
  }

  /** Deletes the account at Composio for good. */
  async removeAccount(id: string, actor: Actor): Promise<{ id: string; userId: string; toolkit: string }> {
    const account = await this.withComposio(
      async (composio) => {
        const account = await this.account(composio, id);
        await composio.connectedAccounts.delete(id);
        return account;
      },
      () => accountNotFound(id),
    );
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_accounts WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
      this.ctx.audit.append(actor, 'composio.account.remove', id, { userId: account.userId, toolkit: account.toolkit });
    })();
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { id, userId: account.userId, toolkit: account.toolkit };
  }

  /** Stops the catalog refresh and every connect wait; resolves when they have ended. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.syncRun?.abort.abort();
    for (const run of this.connects.values()) run.abort.abort();
    await Promise.allSettled([this.syncRun?.done, ...[...this.connects.values()].map((run) => run.done)]);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function fromRawToolkit(item: RawToolkit): CatalogToolkit {
  return {
    slug: item.slug.toLowerCase(),
    name: item.name,
    description: item.meta.description ?? '',
    logo: item.meta.logo ?? '',
    categories: (item.meta.categories ?? []).map((category) => ({ slug: category.id, name: category.name })),
    authSchemes: item.auth_schemes ?? [],
    managedAuthSchemes: item.composio_managed_auth_schemes ?? [],
    noAuth: item.no_auth ?? false,
    toolCount: item.meta.tools_count ?? 0,
    appUrl: item.meta.app_url ?? null,
  };
}

function fromRawTool(item: RawTool): ComposioTool {
  const tags = item.tags ?? [];
  return {
    slug: item.slug,
    name: item.name,
    description: item.description ?? '',
    toolkit: item.toolkit.slug.toLowerCase(),
    tags,
    readOnly: tags.includes('readOnlyHint'),
    destructive: tags.includes('destructiveHint'),
  };
}

function reconnectFor(id: string, toolkit: string, userId: string, status: ComposioAccountStatus): ComposioReconnect {
  if (status === 'INACTIVE') return { action: 'enable', explanation: 'It was disabled (revoked); enabling restores it as it was.', command: `crewship integration composio account enable ${id}` };
  if (status === 'EXPIRED') return { action: 'refresh', explanation: 'Its grant expired; a refresh renews it, or gives the link for the person to sign in again.', command: `crewship integration composio account refresh ${id}` };
  return { action: 'connect', explanation: 'The sign-in failed; the person connects again through a new link.', command: `crewship integration composio connect ${toolkit} --user ${userId}` };
}

function sortAccounts(accounts: ComposioAccount[]): ComposioAccount[] {
  return [...accounts].sort((a, b) => Number(b.needsAttention) - Number(a.needsAttention) || a.toolkit.localeCompare(b.toolkit) || a.id.localeCompare(b.id));
}

function groupByUser(accounts: ComposioAccount[]): ComposioUserAccounts[] {
  const byUser = new Map<string, ComposioAccount[]>();
  for (const account of accounts) byUser.set(account.userId, [...(byUser.get(account.userId) ?? []), account]);
  return [...byUser.entries()]
    .map(([userId, list]) => ({ userId, accounts: sortAccounts(list), needsAttention: list.filter((account) => account.needsAttention).length }))
    .sort((a, b) => Number(b.needsAttention > 0) - Number(a.needsAttention > 0) || a.userId.localeCompare(b.userId));
}

function countsOf(accounts: ComposioAccount[]): ComposioCounts {
  return {
    accounts: accounts.length,
    users: new Set(accounts.map((account) => account.userId)).size,
    apps: new Set(accounts.map((account) => account.toolkit)).size,
    needsAttention: accounts.filter((account) => account.needsAttention).length,
  };
}

function toolkitNotFound(slug: string, catalog: ComposioCatalogStatus): AppError {
  const hint =
    catalog.syncedAt === null
      ? 'The catalog has not been read yet: run `crewship integration composio sync`, then `toolkits --search …` to find the slug.'
      : 'Find the app’s slug with `crewship integration composio toolkits --search …`.';
  return new AppError('composio_toolkit_not_found', `There is no app "${slug}" in the Composio catalog.`, hint);
}

function authConfigNotFound(id: string): AppError {
  return new AppError('composio_auth_config_not_found', `The Composio project has no auth config "${id}".`, '`crewship integration composio auth-config list` shows the project’s auth configs.');
}

function accountNotFound(id: string): AppError {
  return new AppError('composio_account_not_found', `The Composio project has no connected account "${id}".`, '`crewship integration composio inventory` lists the connected accounts by user.');
}

function connectNotFound(id: string): AppError {
  return new AppError('composio_connect_not_found', `There is no connect attempt "${id}" in this console.`, 'A connect is followed by the console that started it; start a new one.');
}
