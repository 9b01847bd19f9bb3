import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import { builtRendererDir } from '../../main/http/renderer-dir.ts';
import { launchChromium, openPage, type BrowserPage } from './browser.ts';
import { openTestCore } from './core.ts';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** The whole console as a person meets it: a real core on a fresh data dir, the local host, and Chromium on a page. */
export interface ConsoleInBrowser {
  dataDir: string;
  core: Core;
  host: RunningHost;
  browser: Browser;
  tab: BrowserPage;
  page: Page;
  /** The address that opens the console with this host's session token. */
  uiUrl: string;
  close(): Promise<void>;
}

export async function openConsoleInBrowser(options: {
  dataDirPrefix: string;
  /** How long a locator may take to appear; becomes the page's default timeout. */
  timeoutMs: number;
  coreOptions?: Partial<CoreOptions>;
}): Promise<ConsoleInBrowser> {
  const rendererDir = builtRendererDir();
  if (!rendererDir) throw new Error('out/renderer/index.html is missing: run `npx electron-vite build` (or `npm run build`) before this test.');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), options.dataDirPrefix));
  const core = openTestCore(dataDir, options.coreOptions);
  const host = await startHost({ core, rendererDir });
  const browser = await launchChromium();
  const tab = await openPage(browser);
  tab.page.setDefaultTimeout(options.timeoutMs);
  return {
    dataDir,
    core,
    host,
    browser,
    tab,
    page: tab.page,
    uiUrl: `${host.url}/#token=${host.token}`,
    close: async () => {
      await browser.close();
      await host.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the console with its token, then the tester on one server (`#/tools/<server id>`). */
export async function openTesterOn(ui: ConsoleInBrowser, serverId: string): Promise<void> {
  await ui.page.setViewportSize({ width: 1360, height: 900 });
  await ui.page.goto(ui.uiUrl);
  await visible(ui.page.getByRole('heading', { level: 1, name: 'Integrations' }));
  // The same document, its hash changed: the session's token stays with the page.
  await ui.page.goto(`${ui.host.url}/#/tools/${serverId}`);
  await visible(ui.page.getByRole('heading', { level: 1, name: 'Tools' }));
}

/** Waits, up to the page's default timeout, for the first match to show. */
export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

export async function gone(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'hidden' });
}
