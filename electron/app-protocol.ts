import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { contentTypeOf } from '../main/http/renderer-bundle-path.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl, mayFallBackToIndex, resolveBundlePath } from './bundle-path.ts';

/*
 * Why a custom protocol and not file://
 *
 * - file:// pages all share one opaque origin ("null" in Chromium's eyes, "file://" in Electron's
 *   frame URLs), so "our own origin" cannot be told apart from any other local file a compromised
 *   page might get loaded; app://bundle is one named origin, checked by the IPC sender guard, the
 *   CSP hook and the navigation guard alike.
 * - file:// lets a page read any file the user can (fetch('file:///…') with the default fuses), and
 *   CSP 'self' on file:// means "every file"; here 'self' means exactly the built renderer.
 * - The CSP goes out as a real response header on every document, script and style we serve,
 *   instead of a <meta> tag the renderer would have to carry (and the local HTTP host would not use).
 * - The renderer is built with base './', so the very same files also load from the local HTTP host
 *   in browser mode without change.
 *
 * The handler reads only under the renderer directory: `..` segments (raw or percent-encoded),
 * backslashes and NUL bytes are refused, and the real path (after symlinks) must stay inside.
 */

/** Must run before app 'ready' (and at the top level of the entry module, before any await). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: a real origin (app://bundle) that 'self', relative URLs and localStorage understand.
      // secure: treated like https (secure context). supportFetchAPI: fetch() of our own assets.
      // No bypassCSP, no corsEnabled, no service workers, no stream.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves `app://bundle/…` from the built renderer directory. Call once, after 'ready'. */
export function serveRendererBundle(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await respond(rendererDir, request);
    } catch {
      return plain(500, 'Internal error');
    }
  });
}

async function respond(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  if (!isAppUrl(request.url)) return plain(404, 'Not found');
  const { pathname } = new URL(request.url);
  const resolved = resolveBundlePath(rendererDir, pathname);
  if (!resolved.ok) return plain(resolved.status, resolved.status === 400 ? 'Bad request' : 'Not found');

  let file = resolved.file;
  if (!(await isFile(file))) {
    if (!mayFallBackToIndex(pathname)) return plain(404, 'Not found');
    file = join(rendererDir, 'index.html');
  }
  // A symlink inside the bundle must not lead outside it.
  const [realRoot, realFile] = await Promise.all([realpath(rendererDir), realpath(file)]);
  const inside = relative(realRoot, realFile);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return plain(404, 'Not found');

  const body = await readFile(realFile);
  const headers = securityHeaders();
  headers.set('Content-Type', contentTypeOf(realFile));
  headers.set('Content-Length', String(body.byteLength));
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/**
 * The CSP is set here, on the Response itself, because webRequest's header hooks have historically
 * not run for custom protocols (electron/electron#6021, #45865); security.ts also sets it in
 * onHeadersReceived for the cases where they do.
 */
function securityHeaders(): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  const headers = securityHeaders();
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  return new Response(text, { status, headers });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
