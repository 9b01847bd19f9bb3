import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { gone, openConsoleInBrowser, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * A URL-mode request to its end in the system's Chromium: the fixture server asks the operator to
 * open a sign-in page, waits for that flow, and says when it is complete
 * (`notifications/elicitation/complete`); the desk shows the request opened, then completed.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-url-flow: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('a URL-mode request completed by its server, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  const opened: string[] = [];

  beforeAll(async () => {
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-mcp-url-flow-',
      timeoutMs: VISIBLE_MS,
      // As in the app, the core opens the system browser (here: records the URL).
      coreOptions: { mcp: { elicitations: true }, openExternal: async (url) => void opened.push(url) },
    });
    ({ core, tab, page } = ui);
    addServer(core, 'docs', fixtureStdio('url-flow-server.mjs'));
    await core.mcp.gateway.connect({ server: 'docs' });
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(ui.uiUrl);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const requests = () => page.getByRole('region', { name: 'Requests for input' });

  it('shows the request opened while the server waits, then completed when the server says so', async () => {
    const call = core.mcp.gateway.start({ server: 'docs', tool: 'sign-in', arguments: { flow: '3' } }, 'ui');
    const request = requests().getByRole('article', { name: 'docs asks you to open a link' });
    await visible(request.getByText('https://docs.example.test/sign-in?flow=flow-3'));
    await request.getByRole('button', { name: 'Open link' }).click();

    const waiting = requests().getByRole('article', { name: 'docs waits for the link you opened' });
    await visible(waiting.getByRole('status').filter({ hasText: /Opened\. Finish there/ }));
    await visible(waiting.getByText(`During call`));
    expect(opened).toEqual(['https://docs.example.test/sign-in?flow=flow-3']);
    await screenshotInBothThemes(core, page, 'operator-url-flow-opened');

    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    await core.mcp.gateway.call({ server: 'docs', tool: 'finish-sign-in', arguments: { flow: '3' } }, 'cli');
    const completed = requests().getByRole('article', { name: 'docs: link flow completed' });
    await visible(completed.getByRole('status').filter({ hasText: 'says the flow at https://docs.example.test/sign-in?flow=flow-3 is complete' }));
    await gone(waiting);
    await finished;
    expect(core.mcp.gateway.getCall(call.callId).status).toBe('succeeded');
    await screenshotInBothThemes(core, page, 'operator-url-flow-completed');

    await completed.getByRole('button', { name: 'Dismiss' }).click();
    await gone(requests());
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
