import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { Vault } from '../vault/vault.ts';
import type { CatalogStore } from './catalog-store.ts';
import type { ComposioSdk } from './client.ts';
import type { ComposioCalls } from './composio-calls.ts';
import { authConfigNotFound, toolkitNotFound } from './not-found.ts';
import type { ComposioAuthConfig, ComposioCatalogStatus } from './types.ts';

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

interface CustomAuth {
  authScheme?: string | undefined;
  clientId: string;
  clientSecret: string;
  scopes?: string[] | undefined;
}

/**
 * The project's auth configs: read from Composio (and cached per workspace), created managed or
 * with an OAuth client of the project's own (its secret sealed here), enabled, disabled, deleted.
 */
export class AuthConfigs {
  private readonly ctx: DomainContext;
  private readonly vault: Vault;
  private readonly calls: ComposioCalls;
  private readonly catalog: CatalogStore;
  private readonly catalogStatus: () => ComposioCatalogStatus;

  constructor(parts: { ctx: DomainContext; vault: Vault; calls: ComposioCalls; catalog: CatalogStore; catalogStatus: () => ComposioCatalogStatus }) {
    this.ctx = parts.ctx;
    this.vault = parts.vault;
    this.calls = parts.calls;
    this.catalog = parts.catalog;
    this.catalogStatus = parts.catalogStatus;
  }

  /** Every auth config of the project, read page by page; the cache is replaced with them. */
  async fetch(composio: ComposioSdk): Promise<ComposioAuthConfig[]> {
    const configs: ComposioAuthConfig[] = [];
    let cursor: string | undefined;
    do {
      const page = await composio.authConfigs.list({ limit: 100, showDisabled: true, ...(cursor ? { cursor } : {}) });
      for (const item of page.items as SdkAuthConfig[]) configs.push(this.fromSdk(item));
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

  private fromSdk(item: SdkAuthConfig): ComposioAuthConfig {
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

  /** The last reading of the auth configs. */
  cached(): ComposioAuthConfig[] {
    const rows = this.ctx.db.prepare('SELECT record FROM composio_auth_configs WHERE workspace_id = ? ORDER BY toolkit_slug, id').pluck().all(this.ctx.workspaceId) as string[];
    return rows.map((row) => JSON.parse(row) as ComposioAuthConfig);
  }

  async list(input: { toolkit?: string | undefined }): Promise<ComposioAuthConfig[]> {
    const configs = await this.calls.withComposio((composio) => this.fetch(composio));
    return input.toolkit ? configs.filter((config) => config.toolkit === input.toolkit?.toLowerCase()) : configs;
  }

  async create(input: { toolkit: string; name?: string | undefined; custom?: CustomAuth | undefined }, actor: Actor): Promise<ComposioAuthConfig> {
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
    const created = await this.calls.withComposio(
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
    const config = (await this.list({})).find((item) => item.id === created);
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id: created });
    if (!config) throw new AppError('composio_bad_response', `Composio created the auth config ${created} but does not list it.`, 'List the auth configs again in a moment.');
    return config;
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAuthConfig> {
    await this.calls.withComposio((composio) => (enabled ? composio.authConfigs.enable(id) : composio.authConfigs.disable(id)), () => authConfigNotFound(id));
    this.ctx.audit.append(actor, enabled ? 'composio.auth_config.enable' : 'composio.auth_config.disable', id, {});
    const config = (await this.list({})).find((item) => item.id === id);
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id });
    if (!config) throw authConfigNotFound(id);
    return config;
  }

  async delete(id: string, actor: Actor): Promise<{ id: string }> {
    await this.calls.withComposio((composio) => composio.authConfigs.delete(id), () => authConfigNotFound(id));
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_auth_config_secrets WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
      this.ctx.db.prepare('DELETE FROM composio_auth_configs WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
      this.ctx.audit.append(actor, 'composio.auth_config.delete', id, {});
    })();
    this.ctx.bus.publish('composio.inventoryChanged', { change: 'auth_config', id });
    return { id };
  }
}
