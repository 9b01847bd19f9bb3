import { readFileSync } from 'node:fs';

/** Read once from package.json; the Electron bundle inlines the same value at build time. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
