import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { expectReachable, gone, openTesterOnEverything, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The tester's panels added for the MCP Inspector's parts at 1024×700 in the system's Chromium,
 * against a real core and server-everything over stdio: every control of each tab (Resources,
 * Prompts, Server log, Protocol, Roots, Collection) lies inside the window or a scroller. And a
 * sampling request with tools (a fixture server: server-everything sends none) showing the tools
 * offered with their schemas, the tool choice, the models asked for, the priorities and the stop
 * sequences, answered at that width. Screenshots dark and light (each tab's at 1024 px too).
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-tester-narrow: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the tester’s new panels at 1024×700, and sampling with tools', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openTesterOnEverything({
      dataDirPrefix: 'crewship-ui-tester-narrow-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { mcp: { elicitations: true, sampling: true } },
      addServers: (added) => void addServer(added, 'planner', fixtureStdio('sampling-tools-server.mjs')),
    });
    ({ core, tab, page } = ui);
    await page.setViewportSize({ width: 1024, height: 700 });
  });

  afterAll(async () => {
    await ui?.close();
  });

  const tester = () => page.locator('.tool-tester');
  const requests = () => page.getByRole('region', { name: 'Requests for input' });
  const controls = (within: Locator) =>
    within.getByRole('button').or(within.getByRole('combobox')).or(within.getByRole('textbox')).or(within.getByRole('searchbox')).or(within.getByRole('checkbox'));

  it('keeps every control of each tester tab inside the window or a scroller', async () => {
    for (const [tablist, name, shows] of [
      ['Browse the catalog', 'Resources', page.getByRole('region', { name: 'Resource templates' })],
      ['Browse the catalog', 'Prompts', tester().getByRole('searchbox', { name: 'Search prompts' })],
      ['Activity', 'Server log', tester().getByRole('button', { name: 'Ping' })],
      ['Activity', 'Protocol', tester().getByRole('button', { name: /Export/ })],
      ['Activity', 'Roots', tester().getByRole('button', { name: 'Save roots' })],
      ['Activity', 'Collection', tester().getByRole('button', { name: 'Run collection' })],
    ] as const) {
      await page.getByRole('tablist', { name: tablist }).getByRole('tab', { name }).click();
      await visible(shows);
      await expectReachable(controls(tester()));
      // The screenshot shows the tab's panel, not the page's top.
      await page.getByRole('tablist', { name: tablist }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await screenshotInBothThemes(core, page, `tester-1024-${name.toLowerCase().replace(/ /g, '-')}`);
    }
  });

  it('shows a sampling request’s tools, tool choice, model preferences and stop sequences, all reachable at 1024 px; the reply reaches the server', async () => {
    const call = core.mcp.gateway.start({ server: 'planner', tool: 'plan-trip', arguments: { city: 'Lisbon' } }, 'ui');
    const request = requests().getByRole('article', { name: 'planner asks for a model’s reply' });
    await visible(request.getByRole('list', { name: 'Messages' }).getByText('Plan a day in Lisbon.'));
    const preferences = request.getByRole('definition');
    await expect.poll(() => preferences.allTextContents()).toEqual(['claude-sonnetgpt', 'cost 0.2 · speed 0.5 · intelligence 0.9', '"END PLAN"']);
    // The reply claims the server's first hint by default.
    expect(await request.getByRole('textbox', { name: 'Model' }).inputValue()).toBe('claude-sonnet');
    await request.getByText('1 tool the model may use · tool choice: the model decides').click();
    const offered = request.getByRole('list', { name: 'Tools offered to the model' });
    await visible(offered.getByText('get_weather'));
    await visible(offered.getByText('— The forecast for a city'));
    expect(await offered.getByLabel('get_weather input schema').textContent()).toContain('"maximum": 7');
    await expectReachable(controls(request));
    await request.getByRole('textbox', { name: 'Reply' }).fill('Sunny: walk Alfama. END PLAN');
    await request.getByRole('combobox', { name: 'Stop reason' }).fill('stopSequence');
    // The desk scrolls on its own: its top (the preferences and the tools) in the screenshot.
    await request.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshotInBothThemes(core, page, 'operator-sampling-tools');

    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    await request.getByRole('button', { name: 'Send reply' }).click();
    expect((await finished).status).toBe('succeeded');
    await gone(request);
    const answered = core.mcp.gateway.getCall(call.callId).result?.content[0];
    expect(JSON.parse(answered?.type === 'text' ? answered.text : '{}')).toMatchObject({
      model: 'claude-sonnet',
      stopReason: 'stopSequence',
      content: { type: 'text', text: 'Sunny: walk Alfama. END PLAN' },
    });
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
