import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { openTesterOnEverything, screenshotInBothThemes, settle, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * Test collections in the system's Chromium against a real core and a real server-everything:
 * two calls saved from the tester with their assertions (one met, one not), the collection run
 * from its tab with each verdict shown, and the file downloaded as `crewship mcp test` reads it.
 * And pinned tool definitions: a server whose tools changed since they were pinned shows "Tools
 * changed" with each change before and after, held back from an agent until accepted here.
 * Screenshots dark, then light.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-collections: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the tool tester’s test collections in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  let releaseFile: string;

  beforeAll(async () => {
    ui = await openTesterOnEverything({
      dataDirPrefix: 'crewship-ui-mcp-collections-',
      timeoutMs: VISIBLE_MS,
      addServers: (core, dataDir) => {
        releaseFile = join(dataDir, 'shifting-release');
        writeFileSync(releaseFile, '1');
        addServer(core, 'shifting', fixtureStdio('shifting-tools-server.mjs', {}, releaseFile));
      },
    });
    ({ core, tab, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const tools = () => page.getByRole('listbox', { name: 'Tools' });
  const detail = () => page.getByRole('region', { name: /echo|get-sum/ }).filter({ has: page.locator('#tool-detail-heading') });
  const collectionTab = () => page.getByRole('tablist', { name: 'Activity' }).getByRole('tab', { name: 'Collection' });

  async function saveCall(tool: string, fill: () => Promise<void>, assertions: Record<string, string>): Promise<void> {
    await tools().getByRole('option', { name: tool, exact: true }).click();
    await fill();
    await detail().getByText('Save to collection').click();
    const form = page.getByRole('form', { name: `Save ${tool} to the collection` });
    // Each field's name is its label and then "optional".
    for (const [label, value] of Object.entries(assertions)) await form.getByRole('textbox', { name: `${label} optional`, exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save call' }).click();
    await visible(form.getByRole('status').filter({ hasText: `Saved “${tool}”` }));
  }

  it('saves calls with their assertions from the tool detail', async () => {
    await saveCall('echo', () => detail().getByRole('textbox', { name: /^message/ }).fill('hello'), { 'Text contains': 'Echo: hello', 'Duration under (ms)': '60000' });
    await saveCall(
      'get-sum',
      async () => {
        await detail().getByRole('spinbutton', { name: 'a', exact: true }).fill('1');
        await detail().getByRole('spinbutton', { name: 'b', exact: true }).fill('2');
      },
      { 'Text contains': 'is 4.', 'JSON path': '$.isError', 'Equals (JSON)': 'false' },
    );
    await settle(page);
    await page.getByRole('form', { name: 'Save get-sum to the collection' }).evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshotInBothThemes(core, page, 'tester-collection-save');
  });

  it('runs the collection from its tab and shows each call’s verdict', async () => {
    await collectionTab().click();
    const saved = page.getByRole('list', { name: 'Saved calls' });
    await expect.poll(() => saved.getByRole('listitem').count()).toBe(2);
    await visible(saved.getByText('contains "is 4." · $.isError = false'));
    await page.getByRole('button', { name: 'Run collection' }).click();
    const run = page.getByRole('region', { name: 'Collection run' });
    await visible(run.getByRole('status').filter({ hasText: /My collection: 1 passed, 1 failed, 0 errors/ }));
    const results = run.getByRole('list', { name: 'Results of the saved calls' });
    await visible(results.getByRole('listitem').filter({ hasText: 'echo' }).getByText('Passed'));
    await visible(results.getByText(/expected the text to contain "is 4."; it is "The sum of 1 and 2 is 3."/));
    // Each saved call ran through the gateway like any other, and is in the history.
    expect((await core.mcp.gateway.listCalls({ server: 'everything', limit: 10 })).map((call) => call.tool).sort()).toEqual(['echo', 'get-sum']);
    await run.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await screenshotInBothThemes(core, page, 'tester-collection-run');
  });

  it('downloads the collection as the file `crewship mcp test` runs', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download My-collection.json' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('My-collection.json');
    const saved = JSON.parse(readFileSync((await file.path()) as string, 'utf8')) as { version: number; calls: Array<{ server: string; tool: string; arguments: unknown; expect: unknown }> };
    expect(saved.version).toBe(1);
    expect(saved.calls).toEqual([
      { name: 'echo', server: 'everything', tool: 'echo', arguments: { message: 'hello' }, expect: { isError: false, textContains: ['Echo: hello'], durationUnderMs: 60000 } },
      { name: 'get-sum', server: 'everything', tool: 'get-sum', arguments: { a: 1, b: 2 }, expect: { isError: false, textContains: ['is 4.'], jsonPath: { '$.isError': false } } },
    ]);
  });

  it('shows a server whose tools changed since they were pinned, held back from an agent until accepted', async () => {
    const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
    const agent = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
    await core.mcp.gateway.tools({ server: 'shifting' });
    core.mcp.pins.setHold(core.mcp.servers.get('shifting'), true, 'ui');
    writeFileSync(releaseFile, '2');
    await core.mcp.gateway.reconnect('shifting');
    const agentTools = async () =>
      (await core.mcp.gateway.tools({ agent: agent.id })).tools
        .filter((tool) => tool.serverName === 'shifting')
        .map((tool) => tool.name)
        .sort();
    expect(await agentTools()).toEqual(['read-notes']);

    // The MCP servers page marks the server; its link opens the tester on it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    const marked = page.getByRole('link', { name: 'Tools changed on shifting: review and accept in the tester' });
    await visible(marked);
    await screenshotInBothThemes(core, page, 'mcp-servers-tools-changed');
    await marked.click();
    const notice = page.getByRole('region', { name: 'Tools changed on shifting' });
    await visible(notice.getByText('Tools changed on shifting (2)'));
    await visible(notice.getByText('Agents are not shown these tools until you accept them.', { exact: false }));
    const description = notice.getByRole('group', { name: 'description of send-report' });
    // A one-line change reads as the line removed and added, the new words marked on the added line.
    const texts = async (selector: string) => (await description.locator(selector).allTextContents()).map((text) => text.trim());
    await expect.poll(() => texts('del')).toEqual(['Removed: Sends the report to its owner']);
    expect(await texts('ins')).toEqual(['Added: Sends the report to its owner and forwards a copy to audit@example.com']);
    expect(await texts('ins mark')).toEqual(['and forwards a copy to audit@example.com']);
    // The schema's diff marks the property added, not the whole schema.
    const schema = notice.getByRole('group', { name: 'inputSchema of send-report' });
    expect(await schema.locator('ins').filter({ hasText: '"cc"' }).count()).toBe(1);
    expect(await schema.locator('del').filter({ hasText: '"type": "object"' }).count()).toBe(0);
    await visible(notice.getByRole('list', { name: 'Changed tools' }).getByText('wipe-notes'));
    await notice.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshotInBothThemes(core, page, 'tester-tools-changed');

    await notice.getByRole('button', { name: 'Accept changes' }).click();
    await notice.waitFor({ state: 'detached', timeout: VISIBLE_MS });
    await visible(page.getByText('Tool definitions pinned'));
    expect(await agentTools()).toEqual(['read-notes', 'send-report', 'wipe-notes']);
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
