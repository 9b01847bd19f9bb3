import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { maskSecret } from '../credentials/mask.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { Vault } from '../vault/vault.ts';
import { DEFAULT_BASE_URL } from './client.ts';
import { sharedKeyWarning } from './shared-key.ts';
import type { ComposioKeyInfo } from './types.ts';

interface KeyRow {
  api_key: Buffer;
  preview: string;
  label: string | null;
  base_url: string | null;
  validated_at: string | null;
  updated_at: string;
}

/** The key and address a call to Composio uses (the key itself never leaves the domain). */
export interface EffectiveKey {
  apiKey: string;
  baseURL: string;
  source: 'workspace' | 'environment';
}

/**
 * The workspace's Composio project key: its own, sealed in the vault, else COMPOSIO_API_KEY from
 * the environment. The base URL is the workspace's setting, else COMPOSIO_BASE_URL, else Composio's.
 */
export class ProjectKeys {
  private readonly ctx: DomainContext;
  private readonly vault: Vault;
  private readonly env: NodeJS.ProcessEnv;

  constructor(ctx: DomainContext, vault: Vault, env: NodeJS.ProcessEnv) {
    this.ctx = ctx;
    this.vault = vault;
    this.env = env;
  }

  private row(): KeyRow | undefined {
    return this.ctx.db.prepare('SELECT api_key, preview, label, base_url, validated_at, updated_at FROM composio_keys WHERE workspace_id = ?').get(this.ctx.workspaceId) as
      | KeyRow
      | undefined;
  }

  private binding() {
    return { table: 'composio_keys', row: this.ctx.workspaceId, column: 'api_key' };
  }

  private envKey(): string | null {
    return this.env.COMPOSIO_API_KEY?.trim() || null;
  }

  /** The base URL for a key stored with `baseUrl` (or none). */
  baseUrlFor(setting: string | null): { baseURL: string; source: ComposioKeyInfo['baseUrlSource'] } {
    if (setting) return { baseURL: setting, source: 'workspace' };
    const fromEnv = this.env.COMPOSIO_BASE_URL?.trim();
    if (fromEnv) return { baseURL: fromEnv, source: 'environment' };
    return { baseURL: DEFAULT_BASE_URL, source: 'default' };
  }

  effective(): EffectiveKey | null {
    const row = this.row();
    if (row) return { apiKey: this.vault.open(this.binding(), row.api_key), baseURL: this.baseUrlFor(row.base_url).baseURL, source: 'workspace' };
    const apiKey = this.envKey();
    return apiKey ? { apiKey, baseURL: this.baseUrlFor(null).baseURL, source: 'environment' } : null;
  }

  require(): EffectiveKey {
    const key = this.effective();
    if (key) return key;
    throw new AppError(
      'composio_not_configured',
      'This workspace has no Composio project key, and COMPOSIO_API_KEY is not set.',
      'Set one with `crewship integration composio key set --key ak_…` (Integrations → API key), from the Composio dashboard’s Settings → API keys.',
    );
  }

  info(): ComposioKeyInfo {
    const row = this.row();
    const envKey = this.envKey();
    const base = this.baseUrlFor(row?.base_url ?? null);
    const common = { baseUrl: base.baseURL, baseUrlSource: base.source, environmentKeyPresent: envKey !== null, warning: sharedKeyWarning(this.ctx.db, this.env) };
    if (row) return { ...common, source: 'workspace', preview: row.preview, label: row.label, validatedAt: row.validated_at, updatedAt: row.updated_at };
    if (envKey) return { ...common, source: 'environment', preview: maskSecret(envKey), label: null, validatedAt: null, updatedAt: null };
    return { ...common, source: 'none', preview: null, label: null, validatedAt: null, updatedAt: null };
  }

  /** Seals and stores the key (already validated by the caller, unless it was asked not to be). */
  store(input: { apiKey: string; label: string | null; baseUrl: string | null; validated: boolean }, actor: Actor): void {
    const now = nowIso();
    const sealed = this.vault.seal(this.binding(), input.apiKey);
    const preview = maskSecret(input.apiKey);
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare(
          `INSERT INTO composio_keys (workspace_id, api_key, preview, label, base_url, validated_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id) DO UPDATE SET api_key = excluded.api_key, preview = excluded.preview, label = excluded.label,
             base_url = excluded.base_url, validated_at = excluded.validated_at, updated_at = excluded.updated_at`,
        )
        .run(this.ctx.workspaceId, sealed, preview, input.label, input.baseUrl, input.validated ? now : null, now, now);
      this.forgetProjectData();
      this.ctx.audit.append(actor, 'composio.key.set', this.ctx.workspaceId, { preview, label: input.label, baseUrl: input.baseUrl, validated: input.validated });
    })();
  }

  remove(actor: Actor): { removed: boolean } {
    const removed = this.ctx.db.transaction(() => {
      const { changes } = this.ctx.db.prepare('DELETE FROM composio_keys WHERE workspace_id = ?').run(this.ctx.workspaceId);
      if (changes > 0) {
        this.forgetProjectData();
        this.ctx.audit.append(actor, 'composio.key.remove', this.ctx.workspaceId, {});
      }
      return changes > 0;
    })();
    return { removed };
  }

  /** Another key is another project: what was read from the old one no longer applies. */
  private forgetProjectData(): void {
    for (const table of ['composio_auth_configs', 'composio_accounts', 'composio_inventory_state']) {
      this.ctx.db.prepare(`DELETE FROM ${table} WHERE workspace_id = ?`).run(this.ctx.workspaceId);
    }
  }
}
