import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { openConsoleInBrowser, openTesterOn, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * A call run as a task, as the call history shows it in the system's Chromium: the row says the
 * task's last status, and the call opened lists each status the task moved through (the real
 * server-everything's simulate-research-query, run and then cancelled).
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-task-history: skipped — ${unavailable}`);

const VISIBLE_MS = 20_000;

describe.skipIf(unavailable !== undefined)('tasks in the call history, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-mcp-task-history-', timeoutMs: VISIBLE_MS });
    ({ core, tab, page } = ui);
    const server = addServer(core, 'everything', everythingStdio());
    await core.mcp.gateway.call({ server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'kelp forests' } }, 'cli');
    await openTesterOn(ui, server.id);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const history = () => page.getByRole('table', { name: 'Call history' }).or(page.getByRole('grid', { name: 'Call history' }));

  it('shows the task’s last status in the history row, and its statuses when the call is opened', async () => {
    await visible(history().getByText('task completed'));
    await history().getByRole('button', { name: /^Open call simulate-research-query/ }).first().click();
    const statuses = page.getByRole('list', { name: 'Task statuses' });
    await visible(statuses);
    await expect.poll(() => statuses.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^working\s.*Gathering sources\.\.\./i), expect.stringMatching(/^completed/i)]);
    await statuses.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshotInBothThemes(core, page, 'tester-task-history');
  });

  it('copies a call run as a task as a command that runs it as a task', async () => {
    await history().getByRole('button', { name: /^Copy command for call simulate-research-query/ }).first().click();
    expect(await page.getByLabel('Command for this call').inputValue()).toMatch(/ mcp call everything simulate-research-query --args '\{"topic":"kelp forests"\}' --task$/);
    // The tool requires a task: its own "Run from a terminal" says so too.
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'simulate-research-query' }).click();
    await expect.poll(() => page.getByLabel('Run from a terminal').inputValue()).toMatch(/ mcp call everything simulate-research-query --args '.*' --task$/);
  });

  it('shows a cancelled task as cancelled', async () => {
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'cancel me' } }, 'ui');
    await expect.poll(() => core.mcp.gateway.getCall(call.callId).task?.status).toBe('working');
    core.mcp.gateway.cancel(call.callId);
    await visible(history().getByText('task cancelled'));
    await history().getByText('task cancelled').scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, 'tester-task-history-cancelled');
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
