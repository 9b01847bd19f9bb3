import { useId, type ReactNode } from 'react';

/**
 * One request on the operator desk (input, a link to open, a model's reply): who asks, during which
 * call, and until when; what the request is comes below.
 */
export function RequestCard({ title, callId, when, className, children }: { title: string; callId: string | null; when: ReactNode; className?: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <article className={`input-request panel${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <header className="input-request__header">
        <h2 id={titleId} className="panel__title">
          {title}
        </h2>
        <p className="muted">
          {callId ? <>During call <code>{callId}</code> · </> : null}
          {when}
        </p>
      </header>
      {children}
    </article>
  );
}
