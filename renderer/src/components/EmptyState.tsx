import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  /** What this place is for, in a sentence or two. */
  children: ReactNode;
  /** What to do next. */
  next?: ReactNode;
  action?: ReactNode;
  /** Marks a feature that is not in this build yet. */
  comingSoon?: boolean;
}

export function EmptyState({ title, children, next, action, comingSoon = false }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      {comingSoon ? <span className="badge badge--muted">Not in this build yet</span> : null}
      <h3 className="empty-state__title">{title}</h3>
      <div className="empty-state__body">{children}</div>
      {next ? (
        <div className="empty-state__next">
          <span className="empty-state__next-label">Next</span>
          <div>{next}</div>
        </div>
      ) : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </section>
  );
}
