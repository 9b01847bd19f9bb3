import { useSyncExternalStore } from 'react';

/**
 * Routes live in the fragment (`#/crews`, `#/integrations/tools`) so that they work the same from
 * the local host and from Electron's file:// page, and a reload keeps the place.
 */
export interface HashRoute {
  page: string;
  /** The rest of the path, e.g. a tab id or a crew slug. */
  detail: string | undefined;
}

function subscribe(notify: () => void): () => void {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
}

function snapshot(): string {
  return window.location.hash;
}

function parseHash(hash: string): HashRoute {
  const path = hash.replace(/^#\/?/, '');
  const [page = '', ...rest] = path.split('/').map((part) => decodeURIComponent(part));
  const detail = rest.join('/');
  return { page, detail: detail === '' ? undefined : detail };
}

export function useHashRoute(): HashRoute {
  const hash = useSyncExternalStore(subscribe, snapshot);
  return parseHash(hash);
}

/** `hrefFor('integrations', 'tools', id)` is `#/integrations/tools/<id>`: each part encoded on its own. */
export function hrefFor(page: string, ...detail: Array<string | undefined>): string {
  return [`#/${page}`, ...detail.filter((part) => part !== undefined).map(encodeURIComponent)].join('/');
}

/** Changes the detail part without adding a history entry for every tab switch. */
export function replaceRoute(page: string, ...detail: Array<string | undefined>): void {
  const url = `${window.location.pathname}${window.location.search}${hrefFor(page, ...detail)}`;
  window.history.replaceState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
