import { useId } from 'react';
import type { McpElicitation } from '../../../../main/rpc/contract.ts';
import { useAnswerMcpElicitation } from '../../api/mcp.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * A URL-mode request for input: the server wants the operator to finish something in a browser
 * (a sign-in, a payment). Open accepts it; the app opens the system browser, and in a browser
 * tab the page opens the URL itself, since the core there has no browser of its own to open.
 */
export function UrlRequest({ request }: { request: McpElicitation }) {
  const answer = useAnswerMcpElicitation();
  const titleId = useId();
  const url = request.url ?? '';
  const open = () =>
    answer.mutate(
      { id: request.id, action: 'accept' },
      {
        onSuccess: (answered) => {
          if (!answered.opened && answered.url) window.open(answered.url, '_blank', 'noopener,noreferrer');
        },
      },
    );
  return (
    <article className="input-request panel" aria-labelledby={titleId}>
      <header className="input-request__header">
        <h2 id={titleId} className="panel__title">
          {request.serverName} asks you to open a link
        </h2>
        <p className="muted">
          {request.callId ? <>During call <code>{request.callId}</code> · </> : null}
          Cancelled for the server if unanswered by <DateTime iso={request.expiresAt} />
        </p>
      </header>
      <p className="input-request__message">{request.message}</p>
      <p>
        <code className="url-request__url">{url}</code>
      </p>
      <p className="muted">Check the address before you open it: the server chose it.</p>
      {answer.error ? <ErrorNotice error={answer.error} compact /> : null}
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={answer.isPending} onClick={open}>
          Open link
        </button>
        <button type="button" className="button button--secondary" disabled={answer.isPending} onClick={() => answer.mutate({ id: request.id, action: 'decline' })}>
          Decline
        </button>
        <button type="button" className="button button--secondary" disabled={answer.isPending} onClick={() => answer.mutate({ id: request.id, action: 'cancel' })}>
          Cancel
        </button>
      </div>
    </article>
  );
}
