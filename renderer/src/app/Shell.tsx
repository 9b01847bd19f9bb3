import { Fragment, useEffect, useRef } from 'react';
import { useEventInvalidation } from '../api/event-invalidation.ts';
import { useSystemInfo } from '../api/system.ts';
import { HeldCalls } from '../features/agent-approvals/HeldCalls.tsx';
import { InputRequests } from '../features/elicitation/InputRequests.tsx';
import { useStoredTheme } from '../theme/use-stored-theme.ts';
import { useHashRoute } from './hash-route.ts';
import { Navigation } from './Navigation.tsx';
import { findPage } from './pages.tsx';
import { SidebarFooter } from './SidebarFooter.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';
import { useCurrentWorkspaceId } from '../api/current-workspace.tsx';

export function Shell() {
  useEventInvalidation();
  useStoredTheme();
  const route = useHashRoute();
  const workspace = useCurrentWorkspaceId();
  const page = findPage(route.page);
  const mainRef = useRef<HTMLElement>(null);
  const previousPage = useRef(page.id);

  useEffect(() => {
    document.title = `${page.label} · Crewship Console`;
    // Moving to another page moves focus to its content, as a page load would.
    if (previousPage.current !== page.id) mainRef.current?.focus({ preventScroll: true });
    previousPage.current = page.id;
  }, [page]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main-content" onClick={(event) => {
        event.preventDefault();
        mainRef.current?.focus();
      }}>
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            C
          </span>
          <span className="brand__name">Crewship Console</span>
        </div>
        <WorkspaceSwitcher />
        <Navigation current={page.id} />
        <SidebarFooter />
      </aside>
      <main ref={mainRef} id="main-content" className="main" tabIndex={-1}>
        <DemoBanner />
        {/* A page starts afresh in another workspace: nothing it held (a selected server, a form) is the other's. */}
        <Fragment key={workspace}>
          <InputRequests />
          <HeldCalls />
          {page.render(route.detail)}
        </Fragment>
      </main>
    </div>
  );
}

/** Only `npm run demo` sets system.info's demo: everything shown is seeded, against a stand-in for Composio. */
function DemoBanner() {
  const info = useSystemInfo();
  if (!info.data?.demo) return null;
  return (
    <p className="demo-banner" role="note" aria-label="Demo data">
      <strong>Demo data.</strong> This console runs on a throwaway data directory against a local stand-in for Composio: the users, accounts, crews and
      agents are made up, and everything is deleted when the demo stops.
    </p>
  );
}
