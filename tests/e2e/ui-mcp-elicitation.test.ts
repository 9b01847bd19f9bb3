import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { gone, openConsoleInBrowser, pickFromCombobox, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * A server's request for input (MCP elicitation) answered in the browser: the real
 * server-everything asks for a form in the middle of a tool call; the operator fills it.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-elicitation: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('Requests for input from MCP servers, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-elicit-', timeoutMs: VISIBLE_MS, coreOptions: { mcp: { elicitations: true } } });
    ({ core, host, tab, page } = ui);
    addServer(core, 'everything', everythingStdio());
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const requests = () => page.getByRole('region', { name: 'Requests for input' });
  const request = () => requests().getByRole('article', { name: 'everything asks for input' });
  const result = () => page.getByRole('region', { name: 'Result' });

  async function runElicitingTool(): Promise<void> {
    // The tester has its own page (#/tools), in the sidebar.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Tools/ }).click();
    await pickFromCombobox(page, 'Server', 'everything');
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'trigger-elicitation-request' }).click();
    await page.getByRole('region', { name: /trigger-elicitation-request/ }).getByRole('button', { name: 'Run' }).click();
    await visible(request());
  }

  it('shows the request above the page with a form from its schema, and sends what the operator fills in', async () => {
    await runElicitingTool();
    await visible(request().getByText('Please provide inputs for the following fields:'));
    await visible(request().getByText(/During call call_[0-9a-z]{21}/));

    // The form checks the schema before anything is sent: the name is required, the integer 1–100.
    await request().getByRole('spinbutton', { name: 'Integer' }).fill('1000');
    await request().getByRole('button', { name: 'Send' }).click();
    await visible(request().getByText('Integer must be at most 100'));
    await visible(request().getByText('String is required'));

    await request().getByRole('textbox', { name: 'String', exact: true }).fill('Ada Lovelace');
    await request().getByRole('spinbutton', { name: 'Integer' }).fill('7');
    await screenshotInBothThemes(core, page, 'elicitation-request');
    await request().getByRole('button', { name: 'Send' }).click();

    await gone(requests());
    await visible(result().getByText(/- Name: Ada Lovelace/));
    await visible(result().getByText(/- Favorite Integer: 7/));
    await visible(result().getByText('Succeeded'));
  });

  it('passes a decline to the server', async () => {
    await runElicitingTool();
    await request().getByRole('button', { name: 'Decline' }).click();
    await gone(requests());
    await visible(result().getByText(/User declined to provide the requested information/));
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
