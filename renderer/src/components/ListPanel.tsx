import { useId, type ReactNode } from 'react';

interface ListPanelProps {
  title: string;
  /** How many there are, once the list is read. */
  count: number | undefined;
  /** Filters or links at the heading's right. */
  tools?: ReactNode;
  /** Fills the rest of the page, for a list that scrolls inside it. */
  fill?: boolean;
  children: ReactNode;
}

/** The panel a page's list sits in: its heading with the count, and any filters beside it. */
export function ListPanel({ title, count, tools, fill = false, children }: ListPanelProps) {
  const headingId = useId();
  const heading = (
    <h2 id={headingId} className="panel__title">
      {title} {count === undefined ? null : <span className="count">{count.toLocaleString()}</span>}
    </h2>
  );
  return (
    <section className={fill ? 'panel panel--fill' : 'panel'} aria-labelledby={headingId}>
      {tools ? (
        <div className="panel__header">
          {heading}
          {tools}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
