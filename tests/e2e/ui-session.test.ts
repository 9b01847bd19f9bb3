import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import { builtRendererDir } from '../../main/http/renderer-dir.ts';
import { chromiumUnavailableReason, launchChromium, openPage, type BrowserPage } from '../helpers/browser.ts';
import { visible } from '../helpers/console-in-browser.ts';
import { openTestCore } from '../helpers/core.ts';

/**
 * What a person sees when the local host goes away and comes back: the event stream says it is
 * reconnecting, calls fail with a hint instead of hanging, and a restarted host (which has a new
 * session token) leads to the "session token is wrong" screen rather than to broken pages.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-session: skipped — ${unavailable}`);

const VISIBLE_MS = 10_000;

describe.skipIf(unavailable !== undefined)('the console when the local host restarts', () => {
  let dataDir: string;
  let rendererDir: string;
  let core: Core;
  let host: RunningHost | undefined;
  let browser: Browser;
  let tab: BrowserPage;

  beforeAll(async () => {
    const built = builtRendererDir();
    if (!built) throw new Error('out/renderer/index.html is missing: run `npx electron-vite build` (or `npm run build`) before this test.');
    rendererDir = built;
    dataDir = mkdtempSync(join(tmpdir(), 'crewship-ui-session-'));
    core = openTestCore(dataDir);
    host = await startHost({ core, rendererDir });
    browser = await launchChromium();
    tab = await openPage(browser);
    tab.page.setDefaultTimeout(VISIBLE_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    core?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the stream reconnecting and a hint for calls while the host is down', async () => {
    const { page } = tab;
    const running = host!;
    await page.goto(running.uiUrl);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    await visible(page.getByText('Live', { exact: true }));

    await running.close();
    host = undefined;
    await visible(page.getByText('Reconnecting…', { exact: true }));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Crews/ }).click();
    await page.getByLabel('Crew name').fill('While Down');
    await page.getByRole('button', { name: 'Create crew' }).click();
    const alert = page.getByRole('alert');
    await visible(alert.getByText('The local host did not answer.'));
    await visible(alert.getByText(/crewship serve.*still running/));

    // Restarted on the same port, as `crewship serve --port` would be: it has a new token.
    host = await startHost({ core, rendererDir, port: running.port });
    await visible(page.getByRole('heading', { name: 'The session token is wrong' }));
    await visible(page.getByText(/Open the URL that/));
  });

  it('works again once the new address the host printed is opened in the same tab', async () => {
    const { page } = tab;
    // Only the fragment differs from the current address, so this is not a page load by itself.
    await page.goto(host!.uiUrl);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    await visible(page.getByText('Live', { exact: true }));
    expect(page.url()).not.toContain(host!.token);
    expect(tab.pageErrors.filter((message) => !/Failed to load resource|ERR_CONNECTION_REFUSED|status of 401/.test(message))).toEqual([]);
  });
});
