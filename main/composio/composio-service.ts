import type { AgentsService } from '../agents/agents-service.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { Vault } from '../vault/vault.ts';
import type { ComposioBinding, ComposioBindingPreview, ComposioBindingResult, ComposioDefaultConnector } from './access-types.ts';
import { AccessFollower, readingOf } from './access-follow.ts';
import { AccountRecords } from './accounts.ts';
import { Bindings, type BindingInput } from './bindings.ts';
import { AuthConfigs } from './auth-configs.ts';
import { CatalogStore } from './catalog-store.ts';
import { CatalogSync } from './catalog-sync.ts';
import { ComposioCalls } from './composio-calls.ts';
import { ConnectFlows } from './connect-flows.ts';
import { DefaultConnector } from './default-connector.ts';
import { countsOf, Inventory } from './inventory.ts';
import { toolkitNotFound } from './not-found.ts';
import { ProjectKeys, type EffectiveKey } from './project-key.ts';
import { Triggers } from './triggers.ts';
import { ScopedServers } from './scoped-servers.ts';
import type {
  ComposioAccountAction,
  ComposioAccountStatus,
  ComposioAuthConfig,
  ComposioCatalogStatus,
  ComposioConnectFlow,
  ComposioInventory,
  ComposioKeyInfo,
  ComposioStatus,
  ComposioToolkitList,
  ComposioToolkitPage,
  ComposioToolSearch,
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

/**
 * The Composio domain of one workspace: its project key, the catalog cache, auth configs,
 * connecting accounts, the inventory by user and each account's lifecycle — all through the real
 * `@composio/core` SDK (and the typed client it holds, where the SDK's own shape drops what the
 * console needs: cursors, user_id). A facade: the work is in catalog-sync.ts, auth-configs.ts,
 * connect-flows.ts and inventory.ts, over the calls of composio-calls.ts.
 */
export class ComposioService {
  readonly keys: ProjectKeys;
  /** Trigger types and instances, read live (triggers.ts). */
  readonly triggers: Triggers;
  private readonly ctx: DomainContext;
  private readonly calls: ComposioCalls;
  private readonly catalog: CatalogStore;
  private readonly sync: CatalogSync;
  private readonly authConfigs: AuthConfigs;
  private readonly accounts: AccountRecords;
  private readonly connects: ConnectFlows;
  private readonly accountInventory: Inventory;
  private readonly bindings: Bindings;
  private readonly connector: DefaultConnector;
  private readonly follower: AccessFollower;
  private closed = false;

  /** `access`: the agents bindings name, and the MCP server configs the scoped servers are connected through. */
  constructor(ctx: DomainContext, vault: Vault, options: ComposioOptions, access: { agents: AgentsService; servers: McpServersService }) {
    this.ctx = ctx;
    this.keys = new ProjectKeys(ctx, vault, options.env ?? process.env);
    this.calls = new ComposioCalls(this.keys, { timeoutMs: options.requestTimeoutMs ?? 20_000, maxRetries: options.maxRetries ?? 3 });
    this.catalog = new CatalogStore(ctx);
    this.accounts = new AccountRecords(ctx);
    this.authConfigs = new AuthConfigs({ ctx, vault, calls: this.calls, catalog: this.catalog, catalogStatus: () => this.catalogStatus() });
    this.sync = new CatalogSync({ ctx, calls: this.calls, catalog: this.catalog, authConfigs: this.authConfigs });
    const timing = { pollIntervalMs: options.pollIntervalMs ?? 1000, connectTimeoutMs: options.connectTimeoutMs ?? 10 * 60_000 };
    const parts = { ctx, calls: this.calls, accounts: this.accounts, authConfigs: this.authConfigs };
    this.connects = new ConnectFlows(parts, timing);
    this.accountInventory = new Inventory(parts);
    this.triggers = new Triggers({ ctx, calls: this.calls });
    const scoped = new ScopedServers(this.calls, access.servers);
    this.bindings = new Bindings({ ctx, agents: access.agents, catalog: this.catalog, scoped });
    this.connector = new DefaultConnector({ ctx, keys: this.keys, accounts: this.accounts, scoped, env: options.env ?? process.env });
    this.follower = new AccessFollower({ ctx, keys: this.keys, scoped, bindings: this.bindings, connector: this.connector });
    ctx.bus.on('composio.inventoryChanged', ({ change }) => {
      if (change === 'account' && !this.closed) this.follower.schedule();
    });
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
      await this.calls.withComposio((composio) => composio.authConfigs.list({ limit: 1 }), undefined, candidate);
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
    return { configured: key.source !== 'none', key, counts: countsOf(this.accounts.cached()), countsFetchedAt: this.accounts.fetchedAt(), catalog: this.catalogStatus() };
  }

  // ------------------------------------------------------------------ the catalog

  catalogStatus(): ComposioCatalogStatus {
    return this.sync.catalogStatus();
  }

  listToolkits(input: { search?: string | undefined; category?: string | undefined; limit?: number | undefined; offset?: number | undefined }): ComposioToolkitList {
    const { toolkits, total } = this.catalog.listToolkits({ search: input.search, category: input.category, limit: input.limit ?? 100, offset: input.offset ?? 0 });
    return { toolkits, total, categories: this.catalog.categories(), catalog: this.catalogStatus() };
  }

  toolkit(input: { slug: string; search?: string | undefined; limit?: number | undefined }): ComposioToolkitPage {
    const toolkit = this.catalog.toolkit(input.slug);
    if (!toolkit) throw toolkitNotFound(input.slug, this.catalogStatus());
    const { tools, total } = this.catalog.searchTools({ search: input.search, toolkit: toolkit.slug, limit: input.limit ?? 1000, offset: 0 });
    const authConfigs = this.authConfigs.cached().filter((config) => config.toolkit === toolkit.slug);
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
    return this.sync.syncCatalog(input);
  }

  // ------------------------------------------------------------------ auth configs

  async listAuthConfigs(input: { toolkit?: string | undefined }): Promise<ComposioAuthConfig[]> {
    return this.authConfigs.list(input);
  }

  async createAuthConfig(
    input: { toolkit: string; name?: string | undefined; custom?: { authScheme?: string | undefined; clientId: string; clientSecret: string; scopes?: string[] | undefined } | undefined },
    actor: Actor,
  ): Promise<ComposioAuthConfig> {
    return this.authConfigs.create(input, actor);
  }

  async setAuthConfigEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAuthConfig> {
    return this.authConfigs.setEnabled(id, enabled, actor);
  }

  async deleteAuthConfig(id: string, actor: Actor): Promise<{ id: string }> {
    return this.authConfigs.delete(id, actor);
  }

  // ------------------------------------------------------------------ connect

  /**
   * Starts connecting `userId`'s account of an app (see ConnectFlows.connect): the redirect URL
   * the person opens, then `composio.connect` at each change until the account is ACTIVE, fails,
   * or time runs out.
   */
  async connect(input: { toolkit: string; userId: string; authConfigId?: string | undefined; callbackUrl?: string | undefined; timeoutSeconds?: number | undefined }, actor: Actor): Promise<ComposioConnectFlow> {
    return this.connects.connect(input, actor);
  }

  connectFlow(id: string): ComposioConnectFlow {
    return this.connects.connectFlow(id);
  }

  cancelConnect(id: string): ComposioConnectFlow {
    return this.connects.cancelConnect(id);
  }

  /** Resolves when the connect attempt ends (active, failed, timed out or cancelled). */
  async waitForConnect(id: string): Promise<ComposioConnectFlow> {
    return this.connects.waitForConnect(id);
  }

  // ------------------------------------------------------------------ inventory and account lifecycle

  /**
   * Auth configs and connected accounts grouped by user (the operator's view; no agent-facing
   * door returns it). Read live; when Composio cannot be reached, the last reading with its age.
   */
  async inventory(input: { user?: string | undefined; app?: string | undefined; status?: ComposioAccountStatus | undefined }): Promise<ComposioInventory> {
    const readAt = nowIso();
    const inventory = await this.accountInventory.inventory(input);
    if (inventory.source === 'live') this.follower.schedule(readingOf(this.accounts.cached(), readAt));
    return inventory;
  }

  /** Asks Composio to refresh the account; the link to sign in again when it needs the person. Shows the state Composio returns after it. */
  async refreshAccount(id: string, actor: Actor): Promise<ComposioAccountAction> {
    return this.accountInventory.refreshAccount(id, actor);
  }

  /** revoke = disable: the account is INACTIVE and its tools stop at once; enable restores it. */
  async setAccountEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAccountAction> {
    return this.accountInventory.setAccountEnabled(id, enabled, actor);
  }

  /** Deletes the account at Composio for good. */
  async removeAccount(id: string, actor: Actor): Promise<{ id: string; userId: string; toolkit: string }> {
    return this.accountInventory.removeAccount(id, actor);
  }

  // ------------------------------------------------------------ agent access: bindings and the default connector

  listBindings(agent?: string): ComposioBinding[] {
    return this.bindings.list(agent);
  }

  /** An agent's bindings by its id (resolution reads them). */
  bindingsOf(agentId: string): ComposioBinding[] {
    return this.bindings.of(agentId);
  }

  boundAgentCount(): number {
    return this.bindings.boundAgentCount();
  }

  async previewBindings(input: BindingInput): Promise<ComposioBindingPreview> {
    return this.bindings.preview(input);
  }

  async setBindings(input: BindingInput, actor: Actor): Promise<ComposioBindingResult> {
    return this.bindings.set(input, actor);
  }

  async removeBindings(input: { agent: string; app?: string | undefined }, actor: Actor): Promise<{ removed: string[] }> {
    return this.bindings.remove(input, actor);
  }

  defaultConnector(): ComposioDefaultConnector {
    return this.connector.get();
  }

  async enableDefaultConnector(actor: Actor): Promise<ComposioDefaultConnector> {
    return this.connector.enable(actor);
  }

  async setDefaultConnectorUser(userId: string, actor: Actor): Promise<ComposioDefaultConnector> {
    return this.connector.set(userId, actor);
  }

  /** Stops the catalog refresh and every connect wait; resolves when they have ended. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.sync.close(), this.connects.close()]);
    // What a change of accounts started (a CLI command's revoke) finishes before the store closes.
    await this.follower.settled();
  }
}
