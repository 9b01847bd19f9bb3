import type { ReactNode } from 'react';

/** `level` 2 where a page is shown inside another's tab (the Integrations page's legacy view). */
export function PageHeader({ title, description, actions, level = 1 }: { title: string; description: ReactNode; actions?: ReactNode; level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="page-header">
      <div>
        <Heading className="page-header__title">{title}</Heading>
        <p className="page-header__description">{description}</p>
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
