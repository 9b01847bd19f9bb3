import type { KeyboardEvent } from 'react';
import { hrefFor } from './hash-route.ts';
import { NavIcon } from './icons.tsx';
import { pages, settingsPage, type PageDefinition } from './pages.tsx';

/** Real links: Tab walks through them, and Arrow Up/Down, Home and End move between them as well. */
export function Navigation({ current }: { current: string }) {
  function moveFocus(event: KeyboardEvent<HTMLElement>): void {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.nav__link')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (index === -1) return;
    event.preventDefault();
    const target =
      event.key === 'Home' ? 0 : event.key === 'End' ? links.length - 1 : (index + (event.key === 'ArrowDown' ? 1 : -1) + links.length) % links.length;
    links[target]?.focus();
  }

  return (
    <nav className="nav" aria-label="Main" onKeyDown={moveFocus}>
      <ul className="plain-list nav__list">
        {pages.map((page) => (
          <NavItem key={page.id} page={page} current={current} />
        ))}
      </ul>
      <ul className="plain-list nav__list nav__list--bottom">
        <NavItem page={settingsPage} current={current} />
      </ul>
    </nav>
  );
}

function NavItem({ page, current }: { page: PageDefinition; current: string }) {
  const isCurrent = page.id === current;
  return (
    <li>
      <a className="nav__link" href={hrefFor(page.id)} title={page.label} aria-current={isCurrent ? 'page' : undefined}>
        <NavIcon name={page.id} />
        <span className="nav__label">{page.label}</span>
        {page.available ? null : (
          <span className="nav__soon" title="Not in this build yet">
            soon
          </span>
        )}
      </a>
    </li>
  );
}
