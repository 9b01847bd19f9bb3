const STORAGE_KEY = 'crewship.sessionToken';

/**
 * The local host hands the session token over in the URL fragment (`/#token=…`), which never
 * reaches a server. Take it from there once, keep it for this tab in sessionStorage, and clean the
 * address bar so the token does not linger in history or screenshots.
 */
export function takeSessionToken(): string | undefined {
  const fromFragment = readTokenFromFragment(window.location.hash);
  if (fromFragment) {
    try {
      sessionStorage.setItem(STORAGE_KEY, fromFragment);
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    const cleanUrl = `${window.location.pathname}${window.location.search}`;
    window.history.replaceState(null, '', cleanUrl);
    return fromFragment;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function readTokenFromFragment(hash: string): string | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.includes('token=')) return undefined;
  const token = new URLSearchParams(fragment).get('token')?.trim();
  return token ? token : undefined;
}

/**
 * Pasting the URL of a restarted host into the same tab only changes the fragment, which does not
 * load the page again. Take the new token and start over with it.
 */
export function reloadOnNewToken(): () => void {
  const onHashChange = () => {
    if (!readTokenFromFragment(window.location.hash)) return;
    takeSessionToken();
    window.location.reload();
  };
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
