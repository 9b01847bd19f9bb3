import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { AgentApproval, ApprovalStatus } from './types.ts';

interface ApprovalRow {
  id: string;
  agent_id: string;
  agent_slug: string;
  server_id: string;
  server_name: string;
  tool: string;
  server_tool: string;
  arguments: string;
  status: ApprovalStatus;
  created_at: string;
  expires_at: string;
  answered_at: string | null;
  answered_by: string | null;
}

const select = `SELECT p.*, a.slug AS agent_slug FROM agent_approvals p JOIN agents a ON a.id = p.agent_id`;

function toApproval(row: ApprovalRow): AgentApproval {
  return {
    id: row.id,
    agentId: row.agent_id,
    agentSlug: row.agent_slug,
    serverId: row.server_id,
    serverName: row.server_name,
    tool: row.tool,
    serverTool: row.server_tool,
    arguments: JSON.parse(row.arguments) as Record<string, unknown>,
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    answeredAt: row.answered_at,
    answeredBy: row.answered_by,
  };
}

export interface ApprovalRequest {
  agentId: string;
  serverId: string;
  serverName: string;
  tool: string;
  serverTool: string;
  arguments: Record<string, unknown>;
}

/** How often a waiting call reads its row: the answer may come from another process (`crewship approvals approve`). */
const POLL_MS = 500;

/**
 * Calls held for the operator ("ask"): each is a row, answered at any door (the app, the browser
 * UI, the CLI in another process), or expired after `timeoutMs`. The call waits for its row.
 */
export class ApprovalDesk {
  private readonly ctx: DomainContext;
  private readonly timeoutMs: number;

  constructor(ctx: DomainContext, timeoutMs: number) {
    this.ctx = ctx;
    this.timeoutMs = timeoutMs;
  }

  /** Holds until the operator answers, the request expires, or the agent gives up (`signal`). */
  async ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalStatus> {
    const id = newId('appr');
    const now = nowIso();
    const expiresAt = new Date(Date.now() + this.timeoutMs).toISOString();
    this.ctx.db
      .prepare(
        `INSERT INTO agent_approvals (id, workspace_id, agent_id, server_id, server_name, tool, server_tool, arguments, status, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(id, this.ctx.workspaceId, request.agentId, request.serverId, request.serverName, request.tool, request.serverTool, JSON.stringify(request.arguments), now, expiresAt);
    this.ctx.bus.publish('agentEndpoint.approval', { approvalId: id, agentId: request.agentId, status: 'pending' });
    const status = await this.answerOf(id, signal);
    if (status === 'pending') this.expire(id, request.agentId);
    return status === 'pending' ? 'expired' : status;
  }

  list(filter: { agentId?: string | undefined; status?: ApprovalStatus | undefined; limit: number }): AgentApproval[] {
    this.expireOverdue();
    const rows = this.ctx.db
      .prepare(`${select} WHERE p.workspace_id = ? AND (? IS NULL OR p.agent_id = ?) AND (? IS NULL OR p.status = ?) ORDER BY p.created_at DESC, p.id LIMIT ?`)
      .all(this.ctx.workspaceId, filter.agentId ?? null, filter.agentId ?? null, filter.status ?? null, filter.status ?? null, filter.limit) as ApprovalRow[];
    return rows.map(toApproval);
  }

  answer(approvalId: string, answer: 'approve' | 'refuse', actor: Actor): AgentApproval {
    this.expireOverdue();
    const status: ApprovalStatus = answer === 'approve' ? 'approved' : 'refused';
    const changed = this.ctx.db
      .prepare("UPDATE agent_approvals SET status = ?, answered_at = ?, answered_by = ? WHERE id = ? AND workspace_id = ? AND status = 'pending'")
      .run(status, nowIso(), actor, approvalId, this.ctx.workspaceId).changes;
    const approval = this.get(approvalId);
    if (changed === 0) {
      throw new AppError('agent_approval_answered', `The held call ${approvalId} is ${approval.status} already.`, 'Only a pending call can be approved or refused; the agent may call again.');
    }
    this.ctx.audit.append(actor, 'agentEndpoint.approval.answer', approvalId, { agentId: approval.agentId, status });
    this.ctx.bus.publish('agentEndpoint.approval', { approvalId, agentId: approval.agentId, status });
    return approval;
  }

  get(approvalId: string): AgentApproval {
    const row = this.ctx.db.prepare(`${select} WHERE p.id = ? AND p.workspace_id = ?`).get(approvalId, this.ctx.workspaceId) as ApprovalRow | undefined;
    if (!row) throw new AppError('agent_approval_not_found', `There is no held call ${approvalId.slice(0, 60)}.`, '`crewship approvals list` shows the calls waiting for an answer.');
    return toApproval(row);
  }

  pendingCount(agentId: string): number {
    return this.ctx.db.prepare("SELECT COUNT(*) FROM agent_approvals WHERE agent_id = ? AND status = 'pending' AND expires_at > ?").pluck().get(agentId, nowIso()) as number;
  }

  private statusOf(id: string): ApprovalStatus {
    return (this.ctx.db.prepare('SELECT status FROM agent_approvals WHERE id = ?').pluck().get(id) as ApprovalStatus | undefined) ?? 'expired';
  }

  /** Resolves with the row's status once it is not pending, or 'pending' when it expires or the signal aborts. */
  private answerOf(id: string, signal: AbortSignal): Promise<ApprovalStatus> {
    return new Promise((resolve) => {
      const finish = (status: ApprovalStatus) => {
        clearInterval(poll);
        clearTimeout(expiry);
        stopListening();
        signal.removeEventListener('abort', onAbort);
        resolve(status);
      };
      const check = failSafe('agent approval: read its answer', this.ctx.logInternalError, () => {
        const status = this.statusOf(id);
        if (status !== 'pending') finish(status);
      });
      const onAbort = () => finish('pending');
      const stopListening = this.ctx.bus.on('agentEndpoint.approval', (event) => {
        if (event.approvalId === id && event.status !== 'pending') finish(event.status);
      });
      const poll = setInterval(check, POLL_MS);
      const expiry = setTimeout(() => finish(this.statusOf(id)), this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
    });
  }

  private expire(id: string, agentId: string): void {
    const changed = this.ctx.db.prepare("UPDATE agent_approvals SET status = 'expired', answered_at = ? WHERE id = ? AND status = 'pending'").run(nowIso(), id).changes;
    if (changed > 0) this.ctx.bus.publish('agentEndpoint.approval', { approvalId: id, agentId, status: 'expired' });
  }

  /** Rows left pending by a process that ended (or a listener that never read them) are expired, not shown as waiting. */
  private expireOverdue(): void {
    this.ctx.db.prepare("UPDATE agent_approvals SET status = 'expired', answered_at = ? WHERE workspace_id = ? AND status = 'pending' AND expires_at <= ?").run(nowIso(), this.ctx.workspaceId, nowIso());
  }
}
