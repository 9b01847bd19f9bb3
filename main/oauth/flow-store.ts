import type { DomainContext } from '../store/domain-context.ts';
import type { Db } from '../store/database.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { AutoBoundServer } from '../credentials/auto-bind.ts';
import type { RedirectKind } from '../credentials/provider-catalog.ts';
import { AppError, type ErrorBody } from '../errors/app-error.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { Vault } from '../vault/vault.ts';
import type { FlowStatus, OAuthFlow } from './flow.ts';
import { hashState } from './pkce.ts';

interface FlowRow {
  id: string;
  credential_id: string;
  code_verifier: Buffer | null;
  redirect_kind: RedirectKind;
  redirect_uri: string;
  requested_scopes: string;
  actor: Actor;
  status: FlowStatus;
  error: string | null;
  result: string | null;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
}

interface FlowResult {
  grantedScopes: string[];
  missingScopes: string[];
  bound: AutoBoundServer[];
}

/** Which door a callback came through; a flow only answers on the door it was started for. */
export type CallbackDoor = { kind: 'deep-link' } | { kind: 'loopback'; flowId: string };

export interface ClaimedFlow {
  id: string;
  credentialId: string;
  redirectUri: string;
  requestedScopes: string[];
  actor: Actor;
  verifier: string;
}

export type ClaimOutcome = { ok: true; flow: ClaimedFlow } | { ok: false; error: AppError; flowId: string | null };

/** Finished flows are kept this long for the record, then pruned when the next one starts. */
const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;

/**
 * The oauth_flows table: one row per Connect attempt, found by the hash of its state. The sealed
 * verifier is erased as soon as the flow ends, whichever way it ends.
 */
export class FlowStore {
  private readonly ctx: DomainContext;
  private readonly vault: Vault;
  readonly ttlMs: number;

  constructor(ctx: DomainContext, vault: Vault, ttlMs: number) {
    this.ctx = ctx;
    this.vault = vault;
    this.ttlMs = ttlMs;
  }

  create(input: {
    credentialId: string;
    state: string;
    verifier: string;
    redirectKind: RedirectKind;
    redirectUri: string;
    scopes: string[];
    actor: Actor;
  }): OAuthFlow {
    const id = newId('flow');
    const now = Date.now();
    const sealed = this.vault.seal(verifierBinding(id), input.verifier);
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare('DELETE FROM oauth_flows WHERE workspace_id = ? AND created_at < ?')
        .run(this.ctx.workspaceId, new Date(now - KEEP_FINISHED_MS).toISOString());
      this.ctx.db
        .prepare(
          `INSERT INTO oauth_flows (id, workspace_id, credential_id, state_hash, code_verifier, redirect_kind, redirect_uri, requested_scopes, actor, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          this.ctx.workspaceId,
          input.credentialId,
          hashState(input.state),
          sealed,
          input.redirectKind,
          input.redirectUri,
          JSON.stringify(input.scopes),
          input.actor,
          new Date(now).toISOString(),
          new Date(now + this.ttlMs).toISOString(),
        );
    })();
    return this.get(id);
  }

  get(id: string): OAuthFlow {
    const row = this.ctx.db.prepare('SELECT * FROM oauth_flows WHERE workspace_id = ? AND id = ?').get(this.ctx.workspaceId, id) as FlowRow | undefined;
    if (!row) {
      throw new AppError(
        'oauth_flow_not_found',
        `There is no connect attempt "${id.slice(0, 80)}".`,
        'Start one with Connect on the Credentials page or `crewship credential connect <credential>`.',
      );
    }
    return toFlow(row);
  }

  /**
   * The single use of a state: waiting → exchanging in one conditional UPDATE, so that of two
   * callbacks carrying the same state exactly one proceeds. Returns the verifier, opened.
   */
  claim(state: string, door: CallbackDoor): ClaimOutcome {
    const stateHash = hashState(state);
    const doorClause = door.kind === 'loopback' ? 'id = ?' : "redirect_kind = 'deep-link'";
    const doorArg = door.kind === 'loopback' ? [door.flowId] : [];
    const now = nowIso();
    const claimed = this.ctx.db
      .prepare(
        `UPDATE oauth_flows SET status = 'exchanging'
         WHERE workspace_id = ? AND state_hash = ? AND status = 'waiting' AND expires_at > ? AND ${doorClause}
         RETURNING *`,
      )
      .get(this.ctx.workspaceId, stateHash, now, ...doorArg) as FlowRow | undefined;
    if (claimed) {
      return {
        ok: true,
        flow: {
          id: claimed.id,
          credentialId: claimed.credential_id,
          redirectUri: claimed.redirect_uri,
          requestedScopes: JSON.parse(claimed.requested_scopes) as string[],
          actor: claimed.actor,
          verifier: this.vault.open(verifierBinding(claimed.id), claimed.code_verifier as Buffer),
        },
      };
    }
    const known = this.ctx.db
      .prepare(`SELECT * FROM oauth_flows WHERE workspace_id = ? AND state_hash = ? AND ${doorClause}`)
      .get(this.ctx.workspaceId, stateHash, ...doorArg) as FlowRow | undefined;
    if (!known) return { ok: false, error: stateUnknown(), flowId: null };
    // A late answer is "expired" even when the flow's own timer already ended it.
    const late = known.expires_at <= now && (known.status === 'waiting' || known.status === 'failed');
    if (!late) return { ok: false, error: stateUsed(), flowId: known.id };
    const error = stateExpired(this.ttlMs);
    this.failIfWaiting(known.id, error.toBody());
    return { ok: false, error, flowId: known.id };
  }

  finish(id: string, result: FlowResult): OAuthFlow {
    this.ctx.db
      .prepare(`UPDATE oauth_flows SET status = 'connected', code_verifier = NULL, result = ?, finished_at = ? WHERE id = ?`)
      .run(JSON.stringify(result), nowIso(), id);
    return this.get(id);
  }

  /** Ends a flow that has not ended yet; false when it already had. */
  fail(id: string, error: ErrorBody): boolean {
    const changed = this.ctx.db
      .prepare(
        `UPDATE oauth_flows SET status = 'failed', code_verifier = NULL, error = ?, finished_at = ?
         WHERE id = ? AND status IN ('waiting', 'exchanging')`,
      )
      .run(JSON.stringify(error), nowIso(), id);
    return changed.changes === 1;
  }

  /** Ends a flow only if nobody has claimed it yet (a timeout, a cancel, a listener closing). */
  failIfWaiting(id: string, error: ErrorBody): boolean {
    const changed = this.ctx.db
      .prepare(`UPDATE oauth_flows SET status = 'failed', code_verifier = NULL, error = ?, finished_at = ? WHERE id = ? AND status = 'waiting'`)
      .run(JSON.stringify(error), nowIso(), id);
    return changed.changes === 1;
  }
}

function verifierBinding(flowId: string) {
  return { table: 'oauth_flows', row: flowId, column: 'code_verifier' };
}

function toFlow(row: FlowRow): OAuthFlow {
  const result = row.result ? (JSON.parse(row.result) as FlowResult) : null;
  return {
    id: row.id,
    credentialId: row.credential_id,
    status: row.status,
    redirectKind: row.redirect_kind,
    redirectUri: row.redirect_uri,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    finishedAt: row.finished_at,
    error: row.error ? (JSON.parse(row.error) as ErrorBody) : null,
    grantedScopes: result?.grantedScopes ?? null,
    missingScopes: result?.missingScopes ?? [],
    bound: result?.bound ?? [],
  };
}

function stateUnknown(): AppError {
  return new AppError(
    'oauth_state_unknown',
    'This sign-in answer does not belong to any connect attempt waiting here. Nothing was stored.',
    'Start the connection from the console (Connect, or `crewship credential connect`) and finish it in the browser tab that opens.',
  );
}

function stateUsed(): AppError {
  return new AppError(
    'oauth_state_used',
    'This sign-in answer was already used: each one is good for a single connection. Nothing was stored.',
    'If the credential is not connected, click Connect again to start a new sign-in.',
  );
}

function stateExpired(ttlMs: number): AppError {
  const allowed = ttlMs >= 60_000 ? `${Math.round(ttlMs / 60_000)} minutes` : `${Math.round(ttlMs / 100) / 10} seconds`;
  return new AppError(
    'oauth_state_expired',
    `The sign-in took longer than the ${allowed} it is allowed; its state has expired. Nothing was stored.`,
    `Click Connect again and finish the sign-in in the browser within ${allowed}.`,
  );
}

/**
 * The workspace of the connect attempt a callback's state belongs to (a crewship:// link reaches
 * the app without saying which workspace started it); undefined for a state no attempt has.
 */
export function workspaceOfState(db: Db, state: string | null): string | undefined {
  if (!state) return undefined;
  return db.prepare('SELECT workspace_id FROM oauth_flows WHERE state_hash = ?').pluck().get(hashState(state)) as string | undefined;
}
