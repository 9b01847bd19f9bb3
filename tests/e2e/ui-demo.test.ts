import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRendererDir } from '../../main/http/renderer-dir.ts';
import { chromiumUnavailableReason, launchChromium, openPage } from '../helpers/browser.ts';
import { SCREENSHOT_DIR, visible } from '../helpers/console-in-browser.ts';

/**
 * `npm run demo` as a newcomer meets it: the script starts (its own stand-in for Composio, a
 * seeded workspace on a throwaway directory), prints where to go, and the console there says it is
 * demo data and shows the seeded users, accounts and crews. Stopping it deletes the directory.
 */
const unavailable = chromiumUnavailableReason() ?? (builtRendererDir() ? undefined : 'the UI is not built (npx electron-vite build)');
if (unavailable) console.warn(`ui-demo: skipped — ${unavailable}`);

const demoScript = fileURLToPath(new URL('../../scripts/demo.ts', import.meta.url));

describe.skipIf(unavailable !== undefined)('npm run demo', () => {
  let demo: ChildProcess;
  let started: { uiUrl: string; dataDir: string };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = spawn(process.execPath, [demoScript, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: demo.stdout! });
    started = await new Promise((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as typeof started));
      demo.once('exit', (code) => reject(new Error(`the demo exited (${code}) before printing its address`)));
    });
    browser = await launchChromium();
    page = (await openPage(browser)).page;
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1360, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) demo.kill('SIGTERM');
  });

  it('says it is demo data, and shows the seeded accounts by user, in every state', async () => {
    expect(existsSync(started.dataDir)).toBe(true);
    await page.goto(started.uiUrl);
    await visible(page.getByRole('note', { name: 'Demo data' }).getByText(/throwaway data directory against a local stand-in for Composio/));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Integrations/ }).click();
    await page.getByRole('tab', { name: 'Connected accounts' }).click();
    const table = page.getByRole('table', { name: 'Connected accounts' });
    for (const user of ['alice@example.com', 'bob@example.com', 'carol@example.com']) await visible(table.getByRole('heading', { name: new RegExp(user.replace('.', '\\.')) }));
    for (const status of ['ACTIVE', 'EXPIRED', 'FAILED', 'INACTIVE', 'INITIATED']) await visible(table.getByText(status, { exact: true }));
    // EXPIRED, FAILED and INACTIVE need attention.
    await expect.poll(() => page.getByRole('group', { name: 'Integration figures' }).locator('.kpi-card', { hasText: 'Need attention' }).locator('.kpi-card__value').textContent()).toBe('3');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'composio-demo-accounts-dark.png') });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Crews/ }).click();
    await visible(page.getByRole('row', { name: /Night Ops/ }));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    await visible(page.getByRole('row', { name: /everything/ }));
  });

  it('deletes its data directory when stopped', async () => {
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(started.dataDir)).toBe(false);
  });
});
