import type { DomainContext } from '../store/domain-context.ts';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { newId, nowIso } from '../store/ids.ts';
import { isDamagedValue } from '../vault/errors.ts';
import type { Vault } from '../vault/vault.ts';
import { noAutoBinder, type AutoBinder, type AutoBoundServer } from './auto-bind.ts';
import type { ConnectionTestResult, Credential, CredentialDamage, CredentialStatus, TokenSet } from './credential.ts';
import { maskSecret } from './mask.ts';
import {
  catalogProvider,
  CUSTOM_PROVIDER_ID,
  customProvider,
  type CustomProviderConfig,
  type OAuthProvider,
} from './provider-catalog.ts';

interface CredentialRow {
  id: string;
  kind: string;
  provider: string;
  label: string;
  client_id: string | null;
  client_secret: Buffer | null;
  access_token: Buffer | null;
  refresh_token: Buffer | null;
  expires_at: string | null;
  scopes: string;
  status: CredentialStatus;
  provider_config: string | null;
  granted_scopes: string | null;
  connected_at: string | null;
  refreshed_at: string | null;
  reauth_reason: string | null;
  last_test: string | null;
  last_test_passed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A credential's secrets, opened for one request to its provider. Never returned by a door. */
export interface CredentialSecrets {
  clientSecret: string | null;
  accessToken: string | null;
  refreshToken: string | null;
}

export interface CreateCredentialInput {
  provider: string;
  label?: string | undefined;
  clientId: string;
  clientSecret?: string | undefined;
  scopes?: string[] | undefined;
  custom?: CustomProviderConfig | undefined;
}

type SecretColumn = keyof CredentialSecrets;
const secretColumns: Record<SecretColumn, 'client_secret' | 'access_token' | 'refresh_token'> = {
  clientSecret: 'client_secret',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
};

/**
 * The credentials table: OAuth 2.0 credentials with their secrets sealed by the vault the moment
 * they arrive. Everything it returns is metadata and masked previews; the OAuth domain asks for
 * the secrets themselves (`secrets`) only to talk to the provider.
 */
export class CredentialsService {
  private readonly ctx: DomainContext;
  private readonly vault: Vault;
  private autoBinder: AutoBinder = noAutoBinder;

  constructor(ctx: DomainContext, vault: Vault) {
    this.ctx = ctx;
    this.vault = vault;
  }

  /** The MCP domain registers itself here at core construction (see auto-bind.ts). */
  useAutoBinder(binder: AutoBinder): void {
    this.autoBinder = binder;
  }

  list(): Credential[] {
    const rows = this.ctx.db
      .prepare('SELECT * FROM credentials WHERE workspace_id = ? ORDER BY label COLLATE NOCASE')
      .all(this.ctx.workspaceId) as CredentialRow[];
    return rows.map((row) => this.toCredential(row));
  }

  /** Accepts a credential's id or its label, since operators type labels and the UI holds ids. */
  get(ref: string): Credential {
    const row = this.findRow(ref);
    if (!row) throw credentialNotFound(ref);
    return this.toCredential(row);
  }

  find(ref: string): Credential | undefined {
    const row = this.findRow(ref);
    return row ? this.toCredential(row) : undefined;
  }

  provider(credential: Pick<Credential, 'provider' | 'custom'>): OAuthProvider {
    return credential.custom ? customProvider(credential.custom) : catalogProvider(credential.provider);
  }

  create(input: CreateCredentialInput, actor: Actor): { credential: Credential; bound: AutoBoundServer[] } {
    const provider = this.resolveNewProvider(input);
    if (provider.clientSecretRequired && !input.clientSecret) {
      throw new AppError(
        'credential_secret_required',
        `${provider.name} needs the client secret at its token endpoint.`,
        `Copy the client secret from your ${provider.name} OAuth app and enter it with the client ID.`,
      );
    }
    const id = newId('cred');
    const now = nowIso();
    const scopes = input.scopes ?? provider.defaultScopes;
    const label = input.label ?? this.freeLabel(provider.name);
    const clientSecret = input.clientSecret ? this.vault.seal(this.binding(id, 'clientSecret'), input.clientSecret) : null;
    this.ctx.db.transaction(() => {
      this.assertLabelFree(label);
      this.ctx.db
        .prepare(
          `INSERT INTO credentials (id, workspace_id, kind, provider, label, client_id, client_secret, scopes, status, provider_config, created_at, updated_at)
           VALUES (?, ?, 'oauth2', ?, ?, ?, ?, ?, 'never_connected', ?, ?, ?)`,
        )
        .run(id, this.ctx.workspaceId, provider.id, label, input.clientId, clientSecret, JSON.stringify(scopes), input.custom ? JSON.stringify(input.custom) : null, now, now);
      this.ctx.audit.append(actor, 'credential.create', id, { provider: provider.id, label, scopes, publicClient: clientSecret === null });
    })();
    this.publish(id, 'created');
    const bound = this.autoBind(id, actor);
    return { credential: this.get(id), bound };
  }

  /**
   * Changes what the operator controls: the label, the client secret (a rotated one is sealed at
   * once), the scopes to ask for at the next Connect. Tokens stay as they are.
   */
  update(input: { credential: string; label?: string | undefined; clientSecret?: string | undefined; scopes?: string[] | undefined }, actor: Actor): Credential {
    const credential = this.get(input.credential);
    const changed: string[] = [];
    this.ctx.db.transaction(() => {
      const set = (column: string, value: unknown, name: string) => {
        this.ctx.db.prepare(`UPDATE credentials SET ${column} = ?, updated_at = ? WHERE id = ?`).run(value, nowIso(), credential.id);
        changed.push(name);
      };
      if (input.label !== undefined && input.label !== credential.label) {
        this.assertLabelFree(input.label);
        set('label', input.label, 'label');
      }
      if (input.clientSecret !== undefined) set('client_secret', this.vault.seal(this.binding(credential.id, 'clientSecret'), input.clientSecret), 'clientSecret');
      if (input.scopes !== undefined) set('scopes', JSON.stringify(input.scopes), 'scopes');
      this.ctx.audit.append(actor, 'credential.update', credential.id, { changed });
    })();
    this.publish(credential.id, 'updated');
    return this.get(credential.id);
  }

  delete(ref: string, actor: Actor): { id: string } {
    const credential = this.get(ref);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM credentials WHERE id = ?').run(credential.id);
      this.ctx.audit.append(actor, 'credential.delete', credential.id, { provider: credential.provider, label: credential.label });
    })();
    this.publish(credential.id, 'deleted');
    return { id: credential.id };
  }

  /** Opens the sealed columns of one credential, for a request to its provider. */
  secrets(id: string): CredentialSecrets {
    const row = this.row(id);
    return { clientSecret: this.openColumn(row, 'clientSecret'), accessToken: this.openColumn(row, 'accessToken'), refreshToken: this.openColumn(row, 'refreshToken') };
  }

  /** The client secret alone, for the code exchange: a reconnect must work while it replaces damaged tokens. */
  clientSecret(id: string): string | null {
    return this.openColumn(this.row(id), 'clientSecret');
  }

  /**
   * Stores a token endpoint's answer: access token, refresh token (a rotated one replaces the old
   * in the same statement), expiry and granted scopes, in one transaction with its audit entry.
   * A refresh that did not rotate keeps the refresh token it had.
   */
  storeTokens(id: string, tokens: TokenSet, reason: 'connect' | 'refresh', actor: Actor): void {
    const now = nowIso();
    const accessToken = this.vault.seal(this.binding(id, 'accessToken'), tokens.accessToken);
    const newRefreshToken = tokens.refreshToken ? this.vault.seal(this.binding(id, 'refreshToken'), tokens.refreshToken) : null;
    this.ctx.db.transaction(() => {
      const current = this.row(id);
      const keepsOld = reason === 'refresh';
      // RFC 6749 §5.1: no `scope` in the answer means "as requested" (on refresh: as before).
      const granted = tokens.grantedScopes ? JSON.stringify(tokens.grantedScopes) : keepsOld ? current.granted_scopes : current.scopes;
      this.ctx.db
        .prepare(
          `UPDATE credentials SET access_token = ?, refresh_token = ?, expires_at = ?, granted_scopes = ?, status = 'connected',
             reauth_reason = NULL, refresh_lease_until = NULL, connected_at = ?, refreshed_at = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(
          accessToken,
          newRefreshToken ?? (keepsOld ? current.refresh_token : null),
          tokens.expiresAt,
          granted,
          keepsOld ? current.connected_at : now,
          keepsOld ? now : null,
          now,
          id,
        );
      this.ctx.audit.append(actor, `credential.${reason}`, id, {
        expiresAt: tokens.expiresAt,
        grantedScopes: tokens.grantedScopes,
        refreshTokenRotated: keepsOld && newRefreshToken !== null,
        refreshTokenIssued: newRefreshToken !== null,
      });
    })();
    this.publish(id, 'updated');
  }

  /** The provider refused a refresh: say so and why, and keep every token as it was. */
  markNeedsReauth(id: string, reason: string, actor: Actor): void {
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare(`UPDATE credentials SET status = 'needs_reauth', reauth_reason = ?, refresh_lease_until = NULL, updated_at = ? WHERE id = ?`)
        .run(reason, nowIso(), id);
      this.ctx.audit.append(actor, 'credential.needs_reauth', id, { reason });
    })();
    this.publish(id, 'updated');
  }

  /** Forgets the tokens (after revoking them at the provider where it can). */
  clearTokens(id: string, actor: Actor, detail: Record<string, unknown>): void {
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare(
          `UPDATE credentials SET access_token = NULL, refresh_token = NULL, expires_at = NULL, granted_scopes = NULL,
             status = 'disconnected', reauth_reason = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(nowIso(), id);
      this.ctx.audit.append(actor, 'credential.disconnect', id, detail);
    })();
    this.publish(id, 'updated');
  }

  recordTest(id: string, result: ConnectionTestResult, actor: Actor): void {
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare(
          `UPDATE credentials SET last_test = ?, last_test_passed_at = CASE WHEN ? THEN ? ELSE last_test_passed_at END WHERE id = ?`,
        )
        .run(JSON.stringify(result), result.ok ? 1 : 0, result.at, id);
      this.ctx.audit.append(actor, 'credential.test', id, { ok: result.ok, problem: result.problem });
    })();
    this.publish(id, 'tested');
  }

  /**
   * Claims the right to refresh one credential for `leaseMs`, across every process on this data
   * directory; false while another holds it. storeTokens and markNeedsReauth release it.
   */
  claimRefreshLease(id: string, leaseMs: number): boolean {
    const now = Date.now();
    const claimed = this.ctx.db
      .prepare('UPDATE credentials SET refresh_lease_until = ? WHERE id = ? AND (refresh_lease_until IS NULL OR refresh_lease_until < ?)')
      .run(new Date(now + leaseMs).toISOString(), id, new Date(now).toISOString());
    return claimed.changes === 1;
  }

  releaseRefreshLease(id: string): void {
    this.ctx.db.prepare('UPDATE credentials SET refresh_lease_until = NULL WHERE id = ?').run(id);
  }

  refreshLeaseHeld(id: string): boolean {
    const until = this.ctx.db.prepare('SELECT refresh_lease_until FROM credentials WHERE id = ?').pluck().get(id) as string | null | undefined;
    return typeof until === 'string' && until > new Date().toISOString();
  }

  /** Points the server configs that declare this credential's provider at it; what was bound is returned and audited. */
  autoBind(id: string, actor: Actor): AutoBoundServer[] {
    const credential = this.get(id);
    const bound = this.autoBinder.bindProvider(credential.provider, id, actor);
    if (bound.length > 0) {
      this.ctx.audit.append(actor, 'credential.autobind', id, { provider: credential.provider, servers: bound.map((server) => server.serverName) });
      this.ctx.bus.publish('credentials.autoBound', { credentialId: id, provider: credential.provider, servers: bound });
    }
    return bound;
  }

  private resolveNewProvider(input: CreateCredentialInput): OAuthProvider {
    if (input.provider === CUSTOM_PROVIDER_ID) {
      if (!input.custom) {
        throw new AppError(
          'credential_custom_endpoints_required',
          'A custom provider needs at least its authorize URL and token URL.',
          'Give the provider a name and its authorize and token URLs (and, if it has them, a userinfo or introspection URL).',
        );
      }
      return customProvider(input.custom);
    }
    if (input.custom) {
      throw new AppError(
        'credential_custom_endpoints_unexpected',
        `Endpoints were given for ${input.provider}, which is in the catalog.`,
        `Choose the provider "${CUSTOM_PROVIDER_ID}" to enter your own endpoints, or leave them out.`,
      );
    }
    return catalogProvider(input.provider);
  }

  /** "GitHub", then "GitHub 2", "GitHub 3"… */
  private freeLabel(base: string): string {
    const taken = new Set(
      this.ctx.db.prepare('SELECT label FROM credentials WHERE workspace_id = ?').pluck().all(this.ctx.workspaceId) as string[],
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
  }

  /** An id wins over a label; a label that names several credentials (written around the service) is refused. */
  private findRow(ref: string): CredentialRow | undefined {
    const rows = this.ctx.db
      .prepare('SELECT * FROM credentials WHERE workspace_id = ? AND (id = ? OR label = ?)')
      .all(this.ctx.workspaceId, ref, ref) as CredentialRow[];
    const byId = rows.find((row) => row.id === ref);
    if (byId || rows.length <= 1) return byId ?? rows[0];
    throw new AppError(
      'credential_ambiguous',
      `${rows.length} credentials are labelled "${ref.slice(0, 120)}".`,
      'Name the credential by its id; `crewship credential list` shows the ids.',
    );
  }

  private assertLabelFree(label: string): void {
    const taken = this.ctx.db.prepare('SELECT 1 FROM credentials WHERE workspace_id = ? AND label = ?').get(this.ctx.workspaceId, label);
    if (taken) throw labelTaken(label);
  }

  private row(ref: string): CredentialRow {
    const row = this.findRow(ref);
    if (!row) throw credentialNotFound(ref);
    return row;
  }

  private binding(row: string, column: SecretColumn) {
    return { table: 'credentials', row, column: secretColumns[column] };
  }

  private openColumn(row: CredentialRow, column: SecretColumn): string | null {
    const sealed = row[secretColumns[column]];
    return sealed ? this.vault.open(this.binding(row.id, column), sealed) : null;
  }

  /**
   * Opens each sealed column of a row, for the client secret's preview and to find damage: a value
   * that does not open damages its own credential (listed, repaired or deleted like any other),
   * never the whole list.
   */
  private inspectSealed(row: CredentialRow): { clientSecret: string | null; damaged: CredentialDamage | null } {
    let clientSecret: string | null = null;
    for (const column of ['clientSecret', 'accessToken', 'refreshToken'] as const) {
      try {
        const opened = this.openColumn(row, column);
        if (column === 'clientSecret') clientSecret = opened;
      } catch (error) {
        if (!isDamagedValue(error)) throw error;
        return { clientSecret, damaged: damageOf(row.id, secretColumns[column], error) };
      }
    }
    return { clientSecret, damaged: null };
  }

  private toCredential(row: CredentialRow): Credential {
    const custom = row.provider_config ? (JSON.parse(row.provider_config) as CustomProviderConfig) : null;
    const requestedScopes = JSON.parse(row.scopes) as string[];
    const grantedScopes = row.granted_scopes ? (JSON.parse(row.granted_scopes) as string[]) : null;
    const hasRefreshToken = row.refresh_token !== null;
    const { clientSecret, damaged } = this.inspectSealed(row);
    return {
      id: row.id,
      label: row.label,
      kind: 'oauth2',
      provider: row.provider,
      providerName: custom ? custom.name : providerName(row.provider),
      custom,
      clientId: row.client_id ?? '',
      clientSecretPreview: clientSecret === null ? null : maskSecret(clientSecret),
      damaged,
      requestedScopes,
      grantedScopes,
      missingScopes: grantedScopes ? missingScopes(requestedScopes, grantedScopes, hasRefreshToken) : [],
      status: row.status,
      reauthReason: row.reauth_reason,
      hasRefreshToken,
      expiresAt: row.expires_at,
      connectedAt: row.connected_at,
      refreshedAt: row.refreshed_at,
      lastTest: row.last_test ? (JSON.parse(row.last_test) as ConnectionTestResult) : null,
      lastTestPassedAt: row.last_test_passed_at,
      boundServers: this.autoBinder.boundTo(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private publish(credentialId: string, change: 'created' | 'updated' | 'tested' | 'deleted'): void {
    this.ctx.bus.publish('credentials.changed', { credentialId, change });
  }
}

function providerName(id: string): string {
  try {
    return catalogProvider(id).name;
  } catch {
    return id;
  }
}

/**
 * Requested scopes the server did not grant. offline_access asks for a refresh token rather than
 * an API permission, and servers (Microsoft) leave it out of `scope`: a refresh token satisfies it.
 */
export function missingScopes(requested: readonly string[], granted: readonly string[], hasRefreshToken: boolean): string[] {
  const have = new Set(granted);
  return requested.filter((scope) => !have.has(scope) && !(scope === 'offline_access' && hasRefreshToken));
}

function damageOf(id: string, column: CredentialDamage['column'], error: AppError): CredentialDamage {
  const hint =
    column === 'client_secret'
      ? `Enter the client secret again (\`crewship credential update ${id} --client-secret-stdin\`), or delete the credential.`
      : 'Connect the credential again to replace its tokens, or delete it.';
  return { column, code: error.code, message: error.message, hint };
}

function credentialNotFound(ref: string): AppError {
  return new AppError(
    'credential_not_found',
    `There is no credential "${ref.slice(0, 120)}".`,
    'Run `crewship credential list` (or open the Credentials page) to see the credentials that exist.',
  );
}

function labelTaken(label: string): AppError {
  return new AppError(
    'credential_label_taken',
    `A credential labelled "${label}" already exists.`,
    'Choose another label; labels are how the CLI and agents name a credential.',
  );
}
