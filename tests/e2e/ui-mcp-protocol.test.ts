import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { openTestCore } from '../helpers/core.ts';
import { openTesterOnEverything, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The tester's protocol parts in the system's Chromium against a real core and a real
 * server-everything over stdio: a resource template read through its form with completion, a
 * blob shown by its type, a subscription's update, the log level and ping, the protocol view
 * filtered and opened, and a tool this console is not shown listed as hidden. Screenshots dark, then light.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-protocol: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the tool tester’s protocol view in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openTesterOnEverything({ dataDirPrefix: 'crewship-ui-mcp-protocol-', timeoutMs: VISIBLE_MS });
    ({ core, tab, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const browse = () => page.getByRole('tablist', { name: 'Browse the catalog' });
  const activity = () => page.getByRole('tablist', { name: 'Activity' });
  const resourceDetail = () => page.getByRole('region', { name: /Resource|Dynamic/ }).filter({ has: page.locator('#resource-heading') });

  it('reads a resource template through its form, with the server completing its variable', async () => {
    await browse().getByRole('tab', { name: 'Resources' }).click();
    const templates = page.getByRole('region', { name: 'Resource templates' });
    await templates.getByRole('button', { name: 'Dynamic Text Resource' }).click();
    const form = page.getByRole('form', { name: 'Read Dynamic Text Resource' });
    await form.getByLabel('resourceId').fill('7');
    // server-everything completes a resource id that is a positive integer with itself.
    await visible(form.getByRole('list', { name: 'Suggestions for resourceId' }).getByRole('button', { name: '7' }));
    await visible(form.getByText('demo://resource/dynamic/text/7'));
    // The form stands under the templates' list, below the fold: the image is of it.
    await form.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshotInBothThemes(core, page, 'tester-template-form');
    await form.getByRole('button', { name: 'Read Dynamic Text Resource' }).click();
    await visible(resourceDetail().getByText(/Resource 7: This is a plaintext resource/));
  });

  it('shows a text blob decoded by its MIME type, with a download', async () => {
    const templates = page.getByRole('region', { name: 'Resource templates' });
    await templates.getByRole('button', { name: 'Dynamic Blob Resource' }).click();
    const form = page.getByRole('form', { name: 'Read Dynamic Blob Resource' });
    await form.getByLabel('resourceId').fill('3');
    await form.getByRole('button', { name: 'Read Dynamic Blob Resource' }).click();
    await visible(resourceDetail().getByText(/Resource 3: This is a base64 blob/));
    await visible(resourceDetail().getByRole('button', { name: 'Download 3.txt' }));
    expect(await resourceDetail().getByText('Binary data').count()).toBe(0);
    await resourceDetail().evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshotInBothThemes(core, page, 'tester-blob-text');
  });

  it('subscribes to the resource shown and says when the server updates it', async () => {
    await resourceDetail().getByRole('button', { name: 'Subscribe to updates' }).click();
    await visible(resourceDetail().getByRole('button', { name: 'Unsubscribe' }));
    expect(core.mcp.gateway.status('everything')[0]?.subscriptions).toEqual(['demo://resource/dynamic/blob/3']);
    // server-everything sends its subscribers updates once this tool turns them on.
    await core.mcp.gateway.call({ server: 'everything', tool: 'toggle-subscriber-updates', arguments: {} }, 'cli');
    await visible(resourceDetail().getByRole('status').filter({ hasText: /Updated by the server/ }));
    await screenshotInBothThemes(core, page, 'tester-resource-updated');
  });

  it('completes a prompt’s arguments as they are typed, narrowed by the ones already filled in', async () => {
    await browse().getByRole('tab', { name: 'Prompts' }).click();
    await page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: /Team Management|completable-prompt/ }).click();
    const form = page.getByRole('form', { name: 'Arguments of completable-prompt' });
    await form.getByLabel('department', { exact: true }).fill('Eng');
    await form.getByRole('list', { name: 'Suggestions for department' }).getByRole('button', { name: 'Engineering' }).click();
    expect(await form.getByLabel('department', { exact: true }).inputValue()).toBe('Engineering');
    // The team members the server suggests depend on the department chosen (sent as context).
    await form.getByLabel('name', { exact: true }).fill('');
    await visible(form.getByRole('list', { name: 'Suggestions for name' }).getByRole('button').first());
    await expect.poll(() => form.getByRole('list', { name: 'Suggestions for name' }).getByRole('button').allTextContents()).toEqual(['Alice', 'Bob', 'Charlie']);
    await screenshotInBothThemes(core, page, 'tester-completion');
    await form.getByRole('list', { name: 'Suggestions for name' }).getByRole('button', { name: 'Bob' }).click();
    await form.getByRole('button', { name: 'Get prompt' }).click();
    await visible(page.getByRole('region', { name: 'Prompt messages' }).getByText(/Engineering/));
    await browse().getByRole('tab', { name: 'Resources' }).click();
  });

  it('sets the server’s log level and pings it from the log pane', async () => {
    await activity().getByRole('tab', { name: 'Server log' }).click();
    await page.getByRole('combobox', { name: 'Log level of everything' }).selectOption('error');
    await expect.poll(() => core.mcp.gateway.status('everything')[0]?.logLevel).toBe('error');
    await page.getByRole('button', { name: 'Ping' }).click();
    await visible(page.getByText(/^Round trip \d+\.\d ms$/));
    await screenshotInBothThemes(core, page, 'tester-log-level-ping');
  });

  it('shows the protocol messages, filtered by method, with a message’s body', async () => {
    await activity().getByRole('tab', { name: 'Protocol' }).click();
    const list = page.getByRole('region', { name: 'JSON-RPC messages of everything' }).or(page.getByLabel('JSON-RPC messages of everything'));
    await visible(list.getByRole('button', { name: 'initialize' }).first());
    await page.getByRole('search', { name: 'Filter the messages of everything' }).getByLabel('Method').fill('resources/subscribe');
    await visible(page.getByText(/^2 of \d+ messages with everything$/));
    expect(await list.getByRole('button', { name: 'initialize' }).count()).toBe(0);
    await list.getByRole('button', { name: 'resources/subscribe' }).first().click();
    const body = page.getByRole('region', { name: 'Message body' });
    await visible(body.getByText(/"uri": "demo:\/\/resource\/dynamic\/blob\/3"/));
    await page.getByRole('search', { name: 'Filter the messages of everything' }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshotInBothThemes(core, page, 'tester-protocol');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON lines' }).click();
    expect((await download).suggestedFilename()).toBe('everything-protocol.jsonl');
  });

  it('lists a tool this console is not shown as hidden, with the capability it needs', async () => {
    // The app offering elicitation (another core on the same data, as the CLI is) saw everything
    // list trigger-elicitation-request; this console offers none, so the server does not list it here.
    const offeringElicitation = openTestCore(ui.dataDir, { mcp: { elicitations: true } });
    try {
      expect((await offeringElicitation.mcp.gateway.tools({ server: 'everything' })).tools.map((tool) => tool.name)).toContain('trigger-elicitation-request');
    } finally {
      await offeringElicitation.close();
    }
    await core.mcp.gateway.reconnect('everything');
    await browse().getByRole('tab', { name: /^Tools/ }).click();
    const hidden = page.getByRole('list', { name: 'Hidden tools' });
    await visible(hidden.getByText(/trigger-elicitation-request/));
    await visible(hidden.getByText(/hidden: needs elicitation/));
    expect(await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'trigger-elicitation-request' }).count()).toBe(0);
    await hidden.scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, 'tester-hidden-tools');
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
