import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import { builtRendererDir } from '../../main/http/renderer-dir.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { launchChromium, openPage, type BrowserPage } from './browser.ts';
import { openTestCore } from './core.ts';
import { addServer } from './mcp.ts';

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

/**
 * Lets the page come to rest before a screenshot: the loading / connecting status gone (a page may
 * keep one up, so this waits at the most the page's default timeout and then shoots what is there)
 * and the web fonts loaded, so the image shows data, not spinners or fallback fonts.
 */
export async function settle(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: /Loading|Connecting|Opening/ }).first().waitFor({ state: 'detached' }).catch(() => {});
  // A string, since this file is typed for Node (no DOM): it runs in the page.
  await page.evaluate('document.fonts.ready.then(() => undefined)');
}

type Theme = 'dark' | 'light';

/** Sets the theme preference as the Settings page does and waits until the page wears it. */
async function wearTheme(core: Core, page: Page, theme: Theme): Promise<void> {
  core.preferences.update({ theme });
  await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
}

/**
 * Writes one screen in both themes: `<name>.png` dark and `<name>-light.png` light (of the whole
 * page, of the viewport, or of one element `of`), then gives the page back the theme preference it
 * had. It starts with the theme the page is in, so a page already in one theme switches once less.
 */
export async function screenshotInBothThemes(core: Core, page: Page, name: string, options: { fullPage?: boolean; of?: Locator } = {}): Promise<void> {
  const preferred = core.preferences.get().theme;
  const found: Theme = (await page.locator('html').getAttribute('data-theme')) === 'light' ? 'light' : 'dark';
  const order: Theme[] = found === 'light' ? ['light', 'dark'] : ['dark', 'light'];
  for (const theme of order) {
    if (theme !== found) await wearTheme(core, page, theme);
    await settle(page);
    const path = join(SCREENSHOT_DIR, theme === 'dark' ? `${name}.png` : `${name}-light.png`);
    await (options.of ? options.of.screenshot({ path }) : page.screenshot({ path, fullPage: options.fullPage ?? false }));
  }
  core.preferences.update({ theme: preferred });
  await page.locator(`html[data-theme="${found}"]`).waitFor({ state: 'attached' });
}

export async function gone(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'hidden' });
}

/**
 * Picks an entry of one of the console's searchable pickers (components/ComboboxField) as a
 * person does: types into it, then chooses the option (the first whose name matches `option`,
 * by default the typed text). `within` is the page or a part of it that holds the picker.
 */
export async function pickFromCombobox(within: Page | Locator, label: string, typed: string, option: string | RegExp = typed): Promise<void> {
  const box = within.getByRole('combobox', { name: label, exact: true });
  await box.click();
  await box.fill('');
  await box.pressSequentially(typed);
  await within.getByRole('listbox', { name: label, exact: true }).getByRole('option', { name: option }).first().click();
  await within.getByRole('combobox', { name: label, exact: true, expanded: false }).waitFor();
}

/**
 * How the tester's browser tests begin: the console with server-everything (stdio) configured as
 * `everything` and connected, plus whatever `addServers` adds, the Tools tab open on it and its
 * tools listed.
 */
export async function openTesterOnEverything(options: Parameters<typeof openConsoleInBrowser>[0] & { addServers?: (core: Core, dataDir: string) => void }): Promise<ConsoleInBrowser> {
  const ui = await openConsoleInBrowser(options);
  const { core, page } = ui;
  addServer(core, 'everything', everythingStdio());
  options.addServers?.(core, ui.dataDir);
  await core.mcp.gateway.connect({ server: 'everything' });
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(ui.uiUrl);
  await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  await page.getByRole('tab', { name: 'Tools', exact: true }).click();
  await pickFromCombobox(page, 'Server', 'everything');
  await visible(page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'echo' }));
  return ui;
}

/** What expectReachable reads of an element and of the page, typed here since this file is typed for Node (no DOM). */
interface BoxedElement {
  getBoundingClientRect(): { left: number; right: number };
  parentElement: BoxedElement | null;
  className: string;
  scrollWidth: number;
  clientWidth: number;
}
interface BoxedWindow {
  document: { documentElement: { clientWidth: number } };
  getComputedStyle(element: BoxedElement): { overflowX: string };
}

/**
 * Every control lies inside the viewport, or inside a scroller (an ancestor that scrolls the way
 * the control sticks out) that itself starts inside the viewport: reachable, not cut off.
 */
export async function expectReachable(controls: Locator): Promise<void> {
  const count = await controls.count();
  expect(count).toBeGreaterThan(0);
  for (let index = 0; index < count; index++) {
    const control = controls.nth(index);
    const verdict = await control.evaluate((target) => {
      const element = target as unknown as BoxedElement;
      const window = globalThis as unknown as BoxedWindow;
      const box = element.getBoundingClientRect();
      const width = window.document.documentElement.clientWidth;
      if (box.left >= 0 && box.right <= width) return 'in view';
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = window.getComputedStyle(parent);
        const scrolls = /(auto|scroll)/.test(style.overflowX) && parent.scrollWidth > parent.clientWidth;
        if (scrolls && parent.getBoundingClientRect().right <= width) return 'in a scroller';
        if (style.overflowX === 'hidden' || style.overflowX === 'clip') return `clipped by ${parent.className}`;
      }
      return `cut off at ${Math.round(box.right)} of ${width}`;
    });
    expect([`${(await control.getAttribute('aria-label')) ?? (await control.textContent())}: ${verdict}`]).toEqual([
      expect.stringMatching(/: in (view|a scroller)$/),
    ]);
  }
}
