import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the renderer, relative to this source tree. */
export function builtRendererDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  return existsSync(`${dir}/index.html`) ? dir : undefined;
}
