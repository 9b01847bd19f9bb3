import { extname, isAbsolute, join, posix, relative, resolve } from 'node:path';

/**
 * The renderer is served from `app://bundle/…` (see app-protocol.ts). This is the origin the IPC
 * sender check, the CSP hook and the navigation guard all compare against.
 *
 * Deliberately plain Node (no 'electron' import) so it can be checked without the binary.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
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

export type BundlePathResult = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * Maps the path of an `app://bundle/…` URL to a file under `root`, refusing anything that would
 * escape it: `..` segments (also percent-encoded), backslashes, NUL bytes, absolute paths.
 * Chromium already folds plain `..` segments of a standard scheme's URL, but this does not rely on it.
 *
 * Whether the file exists is the caller's business (see mayFallBackToIndex).
 */
export function resolveBundlePath(root: string, urlPathname: string): BundlePathResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  if (!decoded.startsWith('/')) return { ok: false, status: 400 };
  // Any ".." segment is refused outright rather than normalised away.
  if (decoded.split('/').some((segment) => segment === '..')) return { ok: false, status: 400 };
  const normalized = posix.normalize(decoded);
  const relativePath = normalized === '/' ? 'index.html' : normalized.replace(/^\/+/, '');
  const absoluteRoot = resolve(root);
  const file = resolve(join(absoluteRoot, relativePath));
  const inside = relative(absoluteRoot, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { ok: false, status: 404 };
  return { ok: true, file };
}

/** Whether a path that is not a file may be answered with index.html (client-side routes only). */
export function mayFallBackToIndex(urlPathname: string): boolean {
  return extname(urlPathname) === '';
}
