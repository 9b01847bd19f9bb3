import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { McpServerConfig } from '../mcp/types.ts';
import type { DomainContext } from '../store/domain-context.ts';
import type { Vault } from '../vault/vault.ts';
import { GatewayProvider } from './gateway-provider.ts';
import { GrantStore } from './grant-store.ts';
import { GrantRefresher } from './refresh.ts';
import { SignInFlow } from './sign-in-flow.ts';
import type { SignInProvider } from './sign-in-provider.ts';
import type { McpAuthEvents } from './events.ts';
import type { McpAuthClientEntry, McpAuthFlow, McpAuthStatus } from './types.ts';
import { requireSafeUrl } from './auth-checks.ts';
import { clientMetadataDocument, CONSOLE_CLIENT_METADATA_URL } from './client-metadata.ts';
import type { RemoteAuth } from '../mcp/connection-plan.ts';

export interface McpAuthOptions {
  /** How long a sign-in waits for the browser (10 minutes). */
  flowTtlMs?: number;
  /** Where the console's Client ID Metadata Document is published (CONSOLE_CLIENT_METADATA_URL); '' uses none. */
  clientMetadataUrl?: string;
}


const DEFAULT_FLOW_TTL_MS = 10 * 60 * 1000;
/** Finished flows kept for the auth debugger, per workspace. */
const KEEP_FINISHED_FLOWS = 20;

/**
 * Remote MCP servers that require authorization: the sign-in (the SDK's auth() behind an
 * interactive provider and the loopback redirect), the grants it leaves (sealed, bound to the
 * server config), and the provider each gateway connection sends its token with.
 */
export class McpAuthService {
  private readonly ctx: DomainContext;
  private readonly servers: McpServersService;
  private readonly reconnect: (serverId: string) => Promise<void>;
  private readonly store: GrantStore;
  private readonly refresher: GrantRefresher;
  private readonly flows = new Map<string, { sign: SignInFlow; timer: NodeJS.Timeout | null }>();
  private readonly ttlMs: number;
  private readonly clientMetadataUrl: string | undefined;
  private closed = false;

  constructor(ctx: DomainContext, vault: Vault, deps: { servers: McpServersService; reconnect(serverId: string): Promise<void> }, options: McpAuthOptions = {}) {
    this.ctx = ctx;
    this.servers = deps.servers;
    this.reconnect = deps.reconnect;
    this.store = new GrantStore(ctx.db, vault, ctx.workspaceId);
    this.ttlMs = options.flowTtlMs ?? DEFAULT_FLOW_TTL_MS;
    this.clientMetadataUrl = options.clientMetadataUrl === undefined ? CONSOLE_CLIENT_METADATA_URL : options.clientMetadataUrl || undefined;
    this.refresher = new GrantRefresher(this.store, {
      onRefreshed: (serverId) => this.changed(serverId, 'refreshed', 'system', 'mcp.auth.refresh'),
      onRefused: (serverId) => this.changed(serverId, 'refused', 'system', 'mcp.auth.refused'),
    });
  }

  /** Every remote server's sign-in (servers that need none show as not signed in, with nothing granted). */
  statuses(): McpAuthStatus[] {
    return this.servers
      .list()
      .filter((config) => config.transport.type !== 'stdio' && !config.credential)
      .map((config) => this.statusOf(config));
  }

  status(server: string): McpAuthStatus {
    return this.statusOf(this.remote(server));
  }

  /** Starts a sign-in; the flow answers at once, waiting for the browser (or failed, saying why). */
  async signIn(server: string, actor: Actor): Promise<McpAuthFlow> {
    if (this.closed) throw new AppError('core_closed', 'The console is shutting down.', 'Start it again and retry.');
    const config = this.remote(server);
    const url = config.transport.type === 'stdio' ? '' : config.transport.url;
    const grant = this.store.grant(config.id);
    const held = grant && grant.serverUrl === url ? [...grant.grantedScopes, ...grant.requiredScopes] : [];
    for (const entry of this.flows.values()) {
      if (entry.sign.flow.serverId === config.id) entry.sign.end({ code: 'mcp_auth_flow_superseded', message: 'A newer sign-in to this server replaced this one.', hint: 'Finish the sign-in in the newest browser tab.' });
    }
    const sign = new SignInFlow(
      { serverId: config.id, serverName: config.name, url, extraScopes: held, clientMetadataUrl: this.clientMetadataUrl },
      { store: this.store, onChange: (flow) => this.publishFlow(flow), onSignedIn: (flow, provider) => this.keepGrant(flow, provider, url, actor) },
    );
    this.remember(sign);
    this.ctx.audit.append(actor, 'mcp.auth.sign_in_started', config.id, { flowId: sign.flow.id });
    const flow = await sign.start();
    this.watch(sign);
    return flow;
  }

  flow(id: string): McpAuthFlow {
    const entry = this.flows.get(id);
    if (!entry) throw new AppError('mcp_auth_flow_not_found', `There is no sign-in "${id.slice(0, 80)}" in this console.`, 'Start one with Sign in on the MCP servers page or `crewship mcp login <server>`.');
    return entry.sign.flow;
  }

  /** The latest sign-in to each server this console ran (for the auth debugger). */
  latestFlows(): McpAuthFlow[] {
    const latest = new Map<string, McpAuthFlow>();
    for (const { sign } of this.flows.values()) latest.set(sign.flow.serverId, sign.flow);
    return [...latest.values()];
  }

  cancel(id: string): McpAuthFlow {
    const flow = this.flow(id);
    this.flows.get(id)?.sign.end({ code: 'mcp_auth_flow_cancelled', message: 'The sign-in was cancelled.', hint: 'Sign in again when you are ready.' });
    return flow;
  }

  /** Resolves once the flow has signed in or failed. */
  waitForFlow(id: string): Promise<McpAuthFlow> {
    const flow = this.flow(id);
    if (flow.status === 'signed_in' || flow.status === 'failed') return Promise.resolve(flow);
    return new Promise((resolve) => {
      const unsubscribe = this.ctx.bus.on('mcpAuth.flow', (payload) => {
        if (payload.id !== id || (payload.status !== 'signed_in' && payload.status !== 'failed')) return;
        unsubscribe();
        resolve(payload);
      });
    });
  }

  signOut(server: string, actor: Actor): McpAuthStatus {
    const config = this.remote(server);
    if (this.store.deleteGrant(config.id)) this.changed(config.id, 'signed_out', actor, 'mcp.auth.sign_out');
    return this.statusOf(config);
  }

  /** The console's Client ID Metadata Document and the URL it is published at (null: none is used). */
  clientMetadata(): { url: string | null; document: Record<string, unknown> | null } {
    return { url: this.clientMetadataUrl ?? null, document: this.clientMetadataUrl ? clientMetadataDocument(this.clientMetadataUrl) : null };
  }

  /** The registrations with each authorization server: entered by the operator, or made by a sign-in. */
  clients(): McpAuthClientEntry[] {
    return this.store.clients();
  }

  /**
   * A client the operator registered with an authorization server by hand (the spec's first
   * choice): every server that signs in there uses it; its secret is sealed, never shown again.
   */
  setClient(input: { issuer: string; clientId: string; clientSecret?: string | undefined }, actor: Actor): McpAuthClientEntry {
    requireSafeUrl(input.issuer, 'authorization server (issuer)');
    const information = { client_id: input.clientId, ...(input.clientSecret ? { client_secret: input.clientSecret } : {}) };
    this.store.saveClient(input.issuer, 'pre-registered', information);
    this.ctx.audit.append(actor, 'mcp.auth.client_set', input.issuer, { clientId: input.clientId, secret: Boolean(input.clientSecret) });
    return this.store.clients().find((entry) => entry.clientId === input.clientId && entry.issuer === input.issuer.replace(/\/$/, ''))!;
  }

  removeClient(issuer: string, actor: Actor): { removed: boolean } {
    const removed = this.store.deleteClient(issuer);
    if (removed) this.ctx.audit.append(actor, 'mcp.auth.client_removed', issuer);
    return { removed };
  }

  /** What a gateway connection to this server authorizes with; null for a server it does not apply to. */
  transportAuth(config: McpServerConfig): RemoteAuth | null {
    if (config.transport.type === 'stdio' || config.credential) return null;
    const provider = new GatewayProvider({
      store: this.store,
      server: { id: config.id, name: config.name, url: config.transport.url },
      refresh: (grant) => this.refresher.refresh(grant),
      onRefused: (serverId) => this.changed(serverId, 'refused', 'system', 'mcp.auth.refused'),
      onTokensSaved: (serverId) => this.changed(serverId, 'refreshed', 'system', 'mcp.auth.refresh'),
    });
    return { provider, fetch: provider.fetch };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { sign, timer } of this.flows.values()) {
      if (timer) clearTimeout(timer);
      sign.end({ code: 'mcp_auth_flow_abandoned', message: 'The console closed before the sign-in finished.', hint: 'Sign in again.' });
    }
    await this.refresher.idle();
  }

  private keepGrant(flow: McpAuthFlow, provider: SignInProvider, serverUrl: string, actor: Actor): void {
    const entry = this.flows.get(flow.id);
    if (entry?.timer) clearTimeout(entry.timer);
    this.store.saveGrant({
      serverId: flow.serverId,
      serverUrl,
      resource: provider.resource?.href ?? null,
      issuer: provider.discovery!.authorizationServerUrl,
      clientId: this.store.client(provider.discovery!.authorizationServerUrl)?.information.client_id ?? null,
      discovery: provider.discovery!,
      tokens: provider.receivedTokens!,
      requestedScopes: flow.scopes,
    });
    this.changed(flow.serverId, 'signed_in', actor, 'mcp.auth.sign_in');
  }

  private statusOf(config: McpServerConfig): McpAuthStatus {
    const url = config.transport.type === 'stdio' ? null : config.transport.url;
    const grant = this.store.grant(config.id);
    const current = grant && grant.serverUrl === url ? grant : null;
    const registered = current ? this.store.client(current.issuer) : null;
    // The grant's own client: one entered at its authorization server since is not what it was issued to.
    const client = registered && (current?.clientId === null || registered.information.client_id === current?.clientId) ? registered : null;
    return {
      serverId: config.id,
      serverName: config.name,
      signedIn: Boolean(current?.accessToken),
      issuer: current?.issuer ?? null,
      resource: current?.resource ?? null,
      grantedScopes: current?.grantedScopes ?? [],
      requiredScopes: current?.requiredScopes ?? [],
      expiresAt: current?.expiresAt ?? null,
      hasRefreshToken: Boolean(current?.refreshToken),
      signedInAt: current?.signedInAt ?? null,
      refreshedAt: current?.refreshedAt ?? null,
      client: client ? { source: client.source, clientId: client.information.client_id } : null,
    };
  }

  private remote(server: string): McpServerConfig {
    const config = this.servers.get(server);
    if (config.transport.type === 'stdio' || config.credential) {
      throw new AppError(
        'mcp_auth_not_applicable',
        `MCP server "${config.name}" ${config.transport.type === 'stdio' ? 'runs as a local command (stdio): it takes credentials from its environment, not an OAuth sign-in' : 'has a bound credential, which it is connected with'}.`,
        config.transport.type === 'stdio' ? 'Bind a credential to it instead.' : 'Unbind the credential to sign in to the server itself.',
      );
    }
    return config;
  }

  private remember(sign: SignInFlow): void {
    this.flows.set(sign.flow.id, { sign, timer: null });
    const finished = [...this.flows.values()].filter((entry) => entry.sign.flow.finishedAt !== null);
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_FLOWS))) this.flows.delete(entry.sign.flow.id);
  }

  private watch(sign: SignInFlow): void {
    if (sign.flow.status !== 'waiting') return;
    const expire = () => sign.end({ code: 'mcp_auth_flow_timed_out', message: 'No answer came back from the browser in time.', hint: 'Sign in again and finish in the browser tab that opens.' });
    const timer = setTimeout(failSafe('mcp sign-in expiry', this.ctx.logInternalError, expire), this.ttlMs);
    timer.unref();
    const entry = this.flows.get(sign.flow.id);
    if (entry) entry.timer = timer;
  }

  private publishFlow(flow: McpAuthFlow): void {
    this.ctx.bus.publish('mcpAuth.flow', structuredClone(flow));
  }

  private changed(serverId: string, change: McpAuthEvents['mcpAuth.changed']['change'], actor: Actor, action: string): void {
    this.ctx.audit.append(actor, action, serverId);
    this.ctx.bus.publish('mcpAuth.changed', { serverId, change });
    if (change === 'signed_in' || change === 'signed_out') failSafe('reconnect a signed-in MCP server', this.ctx.logInternalError, () => this.reconnect(serverId))();
  }
}
