import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../main/system/chromium.ts';

/**
 * The system Chromium, driven by playwright-core (Playwright's own browser download does not work
 * offline). `unavailableReason` is set instead when this machine has no usable Chromium, so a test
 * can skip and say why.
 */
export function chromiumUnavailableReason(): string | undefined {
  const found = findChromium();
  return found.found ? undefined : found.reason;
}

export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if (!found.found) throw new Error(`Cannot launch Chromium: ${found.reason}`);
  return chromium.launch({ executablePath: found.path, headless: true, args: [...chromiumArgs] });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, for asserting the UI ran cleanly. */
  pageErrors: string[];
}

/** A fresh context (its own storage), a desktop-sized viewport, and page errors collected. */
export async function openPage(browser: Browser, options: { colorScheme?: 'dark' | 'light' } = {}): Promise<BrowserPage> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? 'dark',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  return { context, page, pageErrors };
}
