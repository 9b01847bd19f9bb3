import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentTypeOf, mayFallBackToIndex, resolveBundlePath } from './renderer-bundle-path.ts';

/**
 * Resolves a URL path inside the renderer bundle with the same rules as the app's app:// protocol;
 * paths that would escape it resolve to nothing. Unknown routes fall back to index.html so the
 * single-page app can route them.
 */
export function resolveStaticFile(rendererDir: string, urlPath: string): string | undefined {
  const resolved = resolveBundlePath(rendererDir, urlPath);
  if (!resolved.ok) return undefined;
  if (isFile(resolved.file)) return resolved.file;
  const index = join(rendererDir, 'index.html');
  return mayFallBackToIndex(urlPath) && isFile(index) ? index : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function sendStaticFile(res: ServerResponse, path: string): void {
  res.writeHead(200, {
    'content-type': contentTypeOf(path),
    'cache-control': path.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(path).pipe(res);
}
