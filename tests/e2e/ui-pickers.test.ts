import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { openConsoleInBrowser, pickFromCombobox, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The searchable pickers at scale, in the system's Chromium against a real core: 2,000 servers
 * and 2,000 agents, the tester's pickers keep only the visible options in the page, filter as one
 * types and are driven by the keyboard alone; a crew's server named like a workspace one is told
 * apart; and at 1024×700 the picker and its popup lie inside the window. Screenshots dark and light.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-pickers: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;
const MANY = 2_000;
/** Far fewer than the entries: what a virtualised list keeps in the page. */
const FEW_OPTIONS = 100;

describe.skipIf(unavailable !== undefined)('searchable server and agent pickers in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let page: Page;
  let lateServer: string;
  let lateAgent: string;
  let crewTwin: string;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-pickers-', timeoutMs: VISIBLE_MS });
    ({ core, page } = ui);
    const crews = ['Night Ops', 'Day Desk', 'Harbour Watch'].map((name) => core.crews.create({ name }, 'cli'));
    // One transaction for the lot: the services nest theirs inside it, and the file is written once.
    core.store.db.transaction(() => {
      for (let index = 0; index < MANY; index += 1) {
        const number = String(index).padStart(4, '0');
        // Disabled: the console lists them without starting 2,000 processes.
        addServer(core, `tool-server-${number}`, everythingStdio(), { enabled: false });
        core.agents.create({ crew: crews[index % crews.length]!.id, name: `Agent ${number}` }, 'cli');
      }
      lateServer = addServer(core, 'zephyr-weather', everythingStdio(), { enabled: false }).id;
      lateAgent = core.agents.create({ crew: crews[2]!.id, name: 'Zephyr Lookout' }, 'cli').id;
      addServer(core, 'everything', everythingStdio(), { enabled: false });
      crewTwin = addServer(core, 'everything', everythingStdio(), { enabled: false, scope: { kind: 'crew', crew: crews[0]!.slug } }).id;
    })();
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(ui.uiUrl);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    await page.goto(`${ui.host.url}/#/tools/${crewTwin}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Tools' }));
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  const serverPicker = () => page.getByRole('combobox', { name: 'Server', exact: true });
  const serverOptions = () => page.getByRole('listbox', { name: 'Server', exact: true }).getByRole('option');

  it('keeps only the visible servers in the page, and picks a late one by keyboard alone', async () => {
    await expect.poll(() => serverPicker().inputValue()).toBe('everything (Night Ops)');
    await serverPicker().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => serverPicker().getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => serverOptions().count()).toBeGreaterThan(5);
    expect(await serverOptions().count()).toBeLessThan(FEW_OPTIONS);
    // Opening highlights the chosen server, scrolled to wherever it is in the list.
    await expect.poll(() => activeOption(serverPicker(), 'aria-label')).toMatch(/^everything, Crew · Night Ops/);
    // The popup says how many there are, although only a window of them is in the page.
    expect(await serverOptions().first().getAttribute('aria-setsize')).toBe(String(MANY + 3));

    // End goes to the last, and the list scrolls there; still only a window is in the page.
    await page.keyboard.press('End');
    await expect.poll(() => activeOption(serverPicker(), 'aria-posinset')).toBe(String(MANY + 3));
    expect(await serverOptions().count()).toBeLessThan(FEW_OPTIONS);
    // Page Up moves ten at a time, Home back to the first.
    await page.keyboard.press('PageUp');
    await expect.poll(() => activeOption(serverPicker(), 'aria-posinset')).toBe(String(MANY + 3 - 10));
    await page.keyboard.press('Home');
    await expect.poll(() => activeOption(serverPicker(), 'aria-posinset')).toBe('1');

    // Typing filters at once and marks the match; Enter picks the first.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('zephyr');
    await expect.poll(() => serverOptions().count()).toBe(1);
    await visible(serverOptions().first().locator('mark', { hasText: 'zephyr' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => serverPicker().getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${lateServer}`);
    expect(await serverPicker().inputValue()).toBe('zephyr-weather');
  });

  it('says what to do when nothing matches, and Escape gives back the chosen server', async () => {
    await serverPicker().focus();
    await page.keyboard.type('no-such-server');
    await visible(page.getByText('No server matches “no-such-server”. Type part of its name, scope or slug, or clear the text to see them all.'));
    expect(await serverOptions().count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => serverPicker().getAttribute('aria-expanded')).toBe('false');
    expect(await serverPicker().inputValue()).toBe('zephyr-weather');
    expect(new URL(page.url()).hash).toBe(`#/tools/${lateServer}`);

    // Tab leaves the field, keeping the entry typing highlighted.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('server-1999');
    await expect.poll(() => serverOptions().count()).toBe(1);
    await page.keyboard.press('Tab');
    await expect.poll(() => serverPicker().evaluate((input) => input === document.activeElement)).toBe(false);
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${core.mcp.servers.get('tool-server-1999').id}`);
    expect(await serverPicker().inputValue()).toBe('tool-server-1999');
  });

  it('tells a crew’s server from the workspace’s of the same name', async () => {
    await serverPicker().focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('everything');
    await expect.poll(() => serverOptions().count()).toBe(2);
    const names = await serverOptions().evaluateAll((options) => options.map((option) => option.getAttribute('aria-label')));
    expect(names).toEqual([expect.stringMatching(/^everything, Workspace · disabled, mcp_/), expect.stringMatching(/^everything, Crew · Night Ops · disabled, mcp_/)]);
    await screenshotInBothThemes(core, page, 'pickers-server');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${crewTwin}`);
    expect(await serverPicker().inputValue()).toBe('everything (Night Ops)');
  });

  it('picks one of 2,000 agents by its crew and name, keyboard only', async () => {
    await page.getByRole('radio', { name: "An agent's servers" }).check();
    const agentPicker = page.getByRole('combobox', { name: 'Agent', exact: true });
    const agentOptions = page.getByRole('listbox', { name: 'Agent', exact: true }).getByRole('option');
    await visible(agentPicker);
    await agentPicker.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => agentOptions.count()).toBeGreaterThan(5);
    expect(await agentOptions.count()).toBeLessThan(FEW_OPTIONS);
    // The crew is searched too: "harbour" leaves a third of them, "lookout" one.
    await page.keyboard.type('harbour');
    const harbourAgents = Array.from({ length: MANY }, (_, index) => index).filter((index) => index % 3 === 2).length + 1;
    await expect.poll(() => agentOptions.first().getAttribute('aria-setsize')).toBe(String(harbourAgents));
    await screenshotInBothThemes(core, page, 'pickers-agent');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('lookout');
    await expect.poll(() => agentOptions.count()).toBe(1);
    expect(await agentOptions.first().getAttribute('aria-label')).toBe('Zephyr Lookout, Harbour Watch, zephyr-lookout');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/agent/${lateAgent}`);
    expect(await agentPicker.inputValue()).toBe('Zephyr Lookout (Harbour Watch)');
  });

  it('gives a server scoped to one agent its agent through the same picker', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    await form.getByLabel('Scope').selectOption('agent');
    const agentPicker = form.getByRole('combobox', { name: 'Agent', exact: true });
    expect(await agentPicker.getAttribute('placeholder')).toBe('Choose an agent…');
    await pickFromCombobox(form, 'Agent', 'lookout', 'Zephyr Lookout, Harbour Watch, zephyr-lookout');
    expect(await agentPicker.inputValue()).toBe('Zephyr Lookout (Harbour Watch)');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Tools/ }).click();
  });

  it('keeps the picker and its popup inside the window at 1024×700, dark and light', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('radio', { name: 'One server' }).check();
    await pickFromCombobox(page, 'Server', 'zephyr');
    await serverPicker().click();
    await expect.poll(() => serverOptions().count()).toBeGreaterThan(5);
    await expectInsideWindow(serverPicker());
    await expectInsideWindow(page.getByRole('listbox', { name: 'Server', exact: true }));
    await screenshotInBothThemes(core, page, 'pickers-1024');
    await page.keyboard.press('Escape');

    // Low in the window (the Agents page's endpoint panel, scrolled to the bottom edge), the popup opens upwards.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Agents/ }).click();
    const endpointPicker = page.getByRole('combobox', { name: 'Agent', exact: true });
    await endpointPicker.evaluate((input) => input.scrollIntoView({ block: 'end' }));
    await endpointPicker.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('listbox', { name: 'Agent', exact: true }).getByRole('option').count()).toBeGreaterThan(5);
    await expectInsideWindow(page.getByRole('listbox', { name: 'Agent', exact: true }));
    await screenshotInBothThemes(core, page, 'pickers-1024-above');
    await page.keyboard.type('lookout');
    await page.keyboard.press('Enter');
    await expect.poll(() => endpointPicker.inputValue()).toBe('Zephyr Lookout (Harbour Watch)');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Tools/ }).click();

    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('ran without errors in the page', () => {
    expect(ui.tab.pageErrors).toEqual([]);
  });

});

/** An attribute of the option the combobox's aria-activedescendant points at (null while it is not in the page). */
async function activeOption(combobox: Locator, attribute: string): Promise<string | null> {
  return combobox.evaluate((input, name) => {
    const id = input.getAttribute('aria-activedescendant');
    return id ? (document.getElementById(id)?.getAttribute(name) ?? null) : null;
  }, attribute);
}

/** The element's box lies wholly inside the window, and the element is what shows at its centre (nothing clips or covers it). */
async function expectInsideWindow(element: Locator): Promise<void> {
  const verdict = await element.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const inside = box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
    const shown = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return { inside, onTop: shown !== null && node.contains(shown), box: [box.left, box.top, box.right, box.bottom].map(Math.round) };
  });
  expect(verdict, `box ${verdict.box.join(", ")}`).toMatchObject({ inside: true, onTop: true });
}
