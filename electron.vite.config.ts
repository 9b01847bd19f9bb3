import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

// electron-vite bundles this file and injects import.meta.url (import.meta.dirname is not set).
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Three builds, none of which needs the Electron binary (electron-vite only reads
 * electron/package.json for the target versions):
 * - main:     electron/main.ts → out/main/index.js, ESM (package.json "type": "module"); every
 *             package in "dependencies" (better-sqlite3 and the rest) stays external.
 * - preload:  preload/index.ts → out/preload/index.cjs, CommonJS, everything bundled: a sandboxed
 *             preload cannot load ESM and can require nothing but 'electron'.
 * - renderer: renderer/ → out/renderer/index.html with relative asset URLs (base './'), so the same
 *             files load from app://bundle/ in Electron and from the local HTTP host in a browser.
 * electron-vite 6 on Vite 8 takes bundler options as `rolldownOptions`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: here('./electron/main.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('./preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: here('./renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: here('./out/renderer'),
      // electron-vite leaves the renderer unminified by default; the host serves it over HTTP too.
      minify: true,
      rolldownOptions: {
        input: { index: here('./renderer/index.html') },
      },
    },
  },
});
