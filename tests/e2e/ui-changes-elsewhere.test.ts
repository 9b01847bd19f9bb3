import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailableReason } from '../helpers/browser.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship } from '../helpers/cli.ts';
import { openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The console open in Chromium (through the local host, as with `crewship serve`) while the real
 * `crewship` CLI, another process, changes the same data directory: the open page shows the
 * change by itself, without a reload.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-changes-elsewhere: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the console in a browser, beside the CLI', () => {
  let ui: ConsoleInBrowser;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-elsewhere-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { followOtherProcesses: { intervalMs: 100 } },
    });
    page = ui.page;
    await page.goto(ui.uiUrl);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    // Gone after a reload: the checks below show that the page they look at was never reloaded.
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const notReloaded = () => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

  async function goTo(label: string): Promise<void> {
    await nav().getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await visible(page.getByRole('heading', { level: 1, name: label }));
  }

  it('shows an MCP server the CLI adds on the open MCP servers page', async () => {
    await goTo('MCP servers');
    await visible(page.getByRole('heading', { name: 'Add an MCP server' }));

    const added = await runCrewship(ui.dataDir, ['mcp', 'add', 'from-terminal', '--command', process.execPath, '--arg', 'server.js', '--disabled']);
    expect(added).toMatchObject({ code: 0 });

    await visible(page.getByRole('row').filter({ has: page.getByText('from-terminal', { exact: true }) }));
    expect(await notReloaded()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'changes-elsewhere-mcp-servers.png') });
  });

  it('shows a crew the CLI creates on the open Crews page', async () => {
    await goTo('Crews');
    await visible(page.getByRole('heading', { name: 'Create your first crew' }));

    expect(await runCrewship(ui.dataDir, ['crew', 'create', 'Terminal Crew'])).toMatchObject({ code: 0 });

    await visible(page.getByRole('row', { name: /Terminal Crew/ }).getByText('terminal-crew', { exact: true }));
    expect(await notReloaded()).toBe(true);
    expect(ui.tab.pageErrors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'changes-elsewhere-crews.png') });
  });

  it('counts a tool call the CLI runs on the open Integrations page', async () => {
    await goTo('Integrations');
    const toolCalls = page.getByRole('article', { name: 'Tool calls' });
    await visible(toolCalls.getByText('None in the last 24 hours: try a tool in the Tools tab.'));

    const { command, args } = fixtureStdio('minimal-server.mjs');
    expect(await runCrewship(ui.dataDir, ['mcp', 'add', 'mini', '--command', command, ...args.flatMap((arg) => ['--arg', arg])])).toMatchObject({ code: 0 });
    expect(await runCrewship(ui.dataDir, ['mcp', 'call', 'mini', 'echo', '--args', '{"message":"from the terminal"}'])).toMatchObject({ code: 0 });

    await visible(toolCalls.getByText(/^In the last 24 hours · 0 failed · median \d+ ms\.$/));
    expect(await toolCalls.locator('.kpi-card__value').textContent()).toBe('1');
    expect(await notReloaded()).toBe(true);
    expect(ui.tab.pageErrors).toEqual([]);
  });
});

