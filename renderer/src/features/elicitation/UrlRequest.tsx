import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { McpElicitation } from '../../../../main/rpc/contract.ts';
import { useAnswerMcpElicitation, useMcpEvent } from '../../api/mcp.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { RequestCard } from './RequestCard.tsx';

/**
 * A URL-mode request for input: the server wants the operator to finish something in a browser
 * (a sign-in, a payment). Open accepts it; the app opens the system browser, and in a browser
 * tab the page opens the URL itself, since the core there has no browser of its own to open.
 */
export function UrlRequest({ request }: { request: McpElicitation }) {
  if (request.state === 'opened') return <OpenedUrlFlow request={request} />;
  return <WaitingUrlRequest request={request} />;
}

function WaitingUrlRequest({ request }: { request: McpElicitation }) {
  const answer = useAnswerMcpElicitation();
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
    <UrlRequestCard request={request} title={`${request.serverName} asks you to open a link`} when={<>Cancelled for the server if unanswered by <DateTime iso={request.expiresAt} /></>}>
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
    </UrlRequestCard>
  );
}

/** Accepted and opened: the server goes on once the flow in the browser is done, and says so. */
function OpenedUrlFlow({ request }: { request: McpElicitation }) {
  return (
    <UrlRequestCard request={request} title={`${request.serverName} waits for the link you opened`} when={<>Given up if not completed by <DateTime iso={request.expiresAt} /></>}>
      <p>
        <code className="url-request__url">{request.url ?? ''}</code>
      </p>
      <p className="callout" role="status">
        Opened. Finish there; {request.serverName} says here when it is complete.
      </p>
    </UrlRequestCard>
  );
}

/** A URL-mode request on the desk: the card, with the server's message first. */
function UrlRequestCard({ request, title, when, children }: { request: McpElicitation; title: string; when: ReactNode; children: ReactNode }) {
  return (
    <RequestCard title={title} callId={request.callId} when={when}>
      <p className="input-request__message">{request.message}</p>
      {children}
    </RequestCard>
  );
}

export interface CompletedFlow {
  request: McpElicitation;
  at: string;
}

/** A URL-mode flow its server said is complete, shown until the operator dismisses it. */
export function CompletedUrlFlow({ flow, onDismiss }: { flow: CompletedFlow; onDismiss: () => void }) {
  const { request } = flow;
  return (
    <UrlRequestCard request={request} title={`${request.serverName}: link flow completed`} when={<>Completed <DateTime iso={flow.at} /></>}>
      <p className="callout" role="status">
        {request.serverName} says the flow at <code className="break-all">{request.url ?? ''}</code> is complete.
      </p>
      <div className="cluster">
        <button type="button" className="button button--secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </UrlRequestCard>
  );
}

/**
 * The URL-mode flows completed while this window watched (`mcp.elicitationEnded` with the outcome
 * `completed`). The event names only the request's id, so the requests last listed are kept to
 * show what completed.
 */
export function useCompletedUrlFlows(listed: McpElicitation[]): { flows: CompletedFlow[]; dismiss: (id: string) => void } {
  const known = useRef(new Map<string, McpElicitation>());
  const [flows, setFlows] = useState<CompletedFlow[]>([]);
  useEffect(() => {
    for (const request of listed) if (request.mode === 'url') known.current.set(request.id, request);
  }, [listed]);
  useMcpEvent('mcp.elicitationEnded', (event) => {
    const request = known.current.get(event.id);
    if (event.outcome !== 'completed' || !request) return;
    known.current.delete(event.id);
    setFlows((current) => [...current.filter((flow) => flow.request.id !== event.id), { request, at: event.at }]);
  });
  return { flows, dismiss: (id) => setFlows((current) => current.filter((flow) => flow.request.id !== id)) };
}
