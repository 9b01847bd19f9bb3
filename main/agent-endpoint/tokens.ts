import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { Db } from '../store/database.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { AgentToken, CreatedAgentToken } from './types.ts';

/** Agent tokens start with this, so that a leaked one is recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'cwa_';

interface TokenRow {
  id: string;
  agent_id: string;
  label: string;
  preview: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function toToken(row: TokenRow): AgentToken {
  return { id: row.id, agentId: row.agent_id, label: row.label, preview: row.preview, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

/** Whose a token is, in any workspace: null for an unknown or revoked one. The endpoint's listener asks before it knows the workspace. */
export function tokenOwner(db: Db, token: string): { tokenId: string; workspaceId: string; agentId: string } | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = db.prepare('SELECT id, workspace_id, agent_id FROM agent_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hashOf(token)) as
    | { id: string; workspace_id: string; agent_id: string }
    | undefined;
  return row ? { tokenId: row.id, workspaceId: row.workspace_id, agentId: row.agent_id } : null;
}

/** An agent's endpoint tokens: made here, shown once, kept only as their SHA-256. */
export class AgentTokens {
  private readonly ctx: DomainContext;
  /** When each token's use was last written: a request in between writes nothing (an UPDATE would still take the write lock). */
  private readonly touched = new Map<string, number>();

  constructor(ctx: DomainContext) {
    this.ctx = ctx;
  }

  create(agentId: string, label: string | undefined, actor: Actor): CreatedAgentToken {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = newId('atok');
    const now = nowIso();
    const preview = `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
    const name = label?.trim() || `token ${now.slice(0, 10)}`;
    this.ctx.db
      .prepare('INSERT INTO agent_tokens (id, workspace_id, agent_id, label, token_hash, preview, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, this.ctx.workspaceId, agentId, name, hashOf(token), preview, now);
    this.ctx.audit.append(actor, 'agentEndpoint.token.create', id, { agentId, label: name });
    this.ctx.bus.publish('agentEndpoint.changed', { agentId, change: 'tokens' });
    return { token, id, agentId, label: name, preview, createdAt: now, lastUsedAt: null, revokedAt: null };
  }

  list(agentId: string): AgentToken[] {
    const rows = this.ctx.db
      .prepare('SELECT id, agent_id, label, preview, created_at, last_used_at, revoked_at FROM agent_tokens WHERE workspace_id = ? AND agent_id = ? ORDER BY created_at, id')
      .all(this.ctx.workspaceId, agentId) as TokenRow[];
    return rows.map(toToken);
  }

  /** Revoked at once: the next request with it, even on an open session, answers 401. */
  revoke(agentId: string, tokenId: string, actor: Actor): AgentToken {
    const found = this.list(agentId).find((token) => token.id === tokenId || token.preview.startsWith(tokenId));
    if (!found) {
      throw new AppError('agent_token_not_found', `The agent has no token ${tokenId.slice(0, 60)}.`, '`crewship agent token list <agent>` lists its tokens with their ids.');
    }
    if (found.revokedAt) return found;
    const now = nowIso();
    this.ctx.db.prepare('UPDATE agent_tokens SET revoked_at = ? WHERE id = ?').run(now, found.id);
    this.ctx.audit.append(actor, 'agentEndpoint.token.revoke', found.id, { agentId });
    this.ctx.bus.publish('agentEndpoint.changed', { agentId, change: 'tokens' });
    return { ...found, revokedAt: now };
  }

  /** Written at most once a minute per token: a busy agent does not write on every request. */
  touch(tokenId: string): void {
    if (Date.now() - (this.touched.get(tokenId) ?? 0) < 60_000) return;
    this.touched.set(tokenId, Date.now());
    const now = nowIso();
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    this.ctx.db.prepare('UPDATE agent_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(now, tokenId, minuteAgo);
  }
}
