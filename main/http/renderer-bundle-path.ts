import { extname, isAbsolute, join, posix, relative, resolve } from 'node:path';

export type BundlePathResult = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * Maps the path of a renderer URL (`app://bundle/…` in the app, `http://127.0.0.1:PORT/…` from the
 * local host) to a file under `root`, refusing anything that would escape it: `..` segments (also percent-encoded), backslashes, NUL bytes, absolute paths.
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

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type of a bundle file, the same from the app's protocol and from the local host. */
export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
