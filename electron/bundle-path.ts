/**
 * The renderer is served from `app://bundle/…` (see app-protocol.ts). This is the origin the IPC
 * sender check, the CSP hook and the navigation guard all compare against.
 *
 * Deliberately plain Node (no 'electron' import) so it can be checked without the binary.
 */
export const APP_SCHEME = 'app';
const APP_HOST = 'bundle';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY } from '../main/http/content-security-policy.ts';

/**
 * True for a URL of our own origin only. Compared by scheme and host, not with `URL.origin`:
 * Node's URL parser does not know that Chromium treats `app:` as a standard scheme and reports the
 * origin of every `app://…` URL as "null".
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Chromium canonicalises a standard scheme's host to lower case; Node does not for app:, so compare without case.
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

export { mayFallBackToIndex, resolveBundlePath } from '../main/http/renderer-bundle-path.ts';
