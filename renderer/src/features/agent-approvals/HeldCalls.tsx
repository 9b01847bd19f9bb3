import { useId } from 'react';
import type { AgentApproval } from '../../../../main/rpc/contract.ts';
import { useAgentApprovals, useAnswerAgentApproval } from '../../api/agent-endpoint.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * Agents' calls to tools on "ask", on every page: each waits at the agent's endpoint until the
 * operator approves it here (or at the CLI), refuses it, or it expires.
 */
export function HeldCalls() {
  const approvals = useAgentApprovals();
  const waiting = approvals.data ?? [];
  if (waiting.length === 0) return null;
  return (
    <section className="input-requests" aria-label="Calls waiting for approval">
      {waiting.map((approval) => (
        <HeldCall key={approval.id} approval={approval} />
      ))}
    </section>
  );
}

function HeldCall({ approval }: { approval: AgentApproval }) {
  const answer = useAnswerAgentApproval();
  const titleId = useId();
  const send = (choice: 'approve' | 'refuse') => answer.mutate({ approval: approval.id, answer: choice });
  return (
    <article className="input-request panel" aria-labelledby={titleId}>
      <header className="input-request__header">
        <h2 id={titleId} className="panel__title">
          Agent {approval.agentSlug} wants to call {approval.tool}
        </h2>
        <p className="muted">
          On {approval.serverName} · expires <DateTime iso={approval.expiresAt} />
        </p>
      </header>
      <pre className="input--mono" aria-label="Arguments">{JSON.stringify(approval.arguments, null, 2)}</pre>
      {answer.error ? <ErrorNotice error={answer.error} compact /> : null}
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={answer.isPending} onClick={() => send('approve')}>
          Approve
        </button>
        <button type="button" className="button button--secondary" disabled={answer.isPending} onClick={() => send('refuse')}>
          Refuse
        </button>
      </div>
    </article>
  );
}
