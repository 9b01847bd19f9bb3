import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { CALL_ID_PATTERN } from '../../main/mcp/call-id.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { runInShell } from '../helpers/cli.ts';
import { addServer } from '../helpers/mcp.ts';
import { expectReachable, gone, openConsoleInBrowser, pickFromCombobox, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The tool tester's rough edges, smoothed (issue 19, items 11–19), as a person meets them in
 * Chromium against a real core: its own page, plain validation, where each server comes from,
 * a copied command that runs as pasted, a replay while another call runs, the Agents page with
 * no crew, and the layout at 1024 px.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-tester-polish: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the tool tester, polished, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let tab: BrowserPage;
  let page: Page;
  let workspaceServer: string;
  let crewServer: string;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-tester-polish-', timeoutMs: VISIBLE_MS });
    ({ core, host, tab, page } = ui);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const detail = () => page.getByRole('region', { name: /get-sum|trigger-long-running-operation|echo/ });
  const result = () => page.getByRole('region', { name: 'Result' });
  const history = () => page.getByRole('table', { name: 'Call history' });
  const serverPicker = () => page.getByRole('combobox', { name: 'Server' });

  async function goTo(label: string): Promise<void> {
    await nav().getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await visible(page.getByRole('heading', { level: 1, name: label }));
  }

  it('says on the Agents page, with no crew yet, what to do first — and no form it does not show', async () => {
    await goTo('Agents');
    await visible(page.getByRole('heading', { name: 'Create a crew first' }));
    await visible(page.getByRole('heading', { name: 'Create your first agent' }));
    expect(await page.getByText('in the form above').count()).toBe(0);
    await screenshotInBothThemes(core, page, 'tester-polish-agents-empty');
    await page.getByRole('link', { name: 'create a crew' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Crews' }));
    await visible(page.getByLabel('Crew name'));
  });

  it('shows the naming rule before a server is submitted, and refuses in plain words', async () => {
    await goTo('MCP servers');
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    const name = form.getByLabel('Name', { exact: true });
    await visible(form.getByText(/^A server name is 1–64 letters, digits, dots, dashes or underscores/));
    await name.fill('my server!');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await visible(form.getByText(/^Change the name: a server name is 1–64 letters/));
    await form.getByLabel('Command', { exact: true }).fill(process.execPath);
    await screenshotInBothThemes(core, page, 'tester-polish-naming-rule');
    // Nothing is sent while the name breaks the rule: the form stays, the rule beside the field.
    await form.getByRole('button', { name: 'Save server' }).click();
    await visible(form.getByText(/^Change the name:/));
    expect(core.mcp.servers.list({})).toEqual([]);
    await name.fill('my-server');
    expect(await name.getAttribute('aria-invalid')).toBe('false');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await gone(form);
  });

  it('has its own page in the sidebar, and an old Integrations link lands there', async () => {
    const crew = core.crews.create({ name: 'Night Ops' }, 'cli');
    workspaceServer = addServer(core, 'everything', everythingStdio()).id;
    // A crew server named like the workspace one: the name alone no longer says which.
    crewServer = addServer(core, 'everything', everythingStdio(), { scope: { kind: 'crew', crew: crew.slug } }).id;
    await goTo('Tools');
    expect(new URL(page.url()).hash).toBe('#/tools');
    await page.goto(`${host.url}/#/integrations/tools/${crewServer}`);
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${crewServer}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Tools' }));
    await expect.poll(() => serverPicker().inputValue()).toBe('everything (Night Ops)');
    await pickFromCombobox(page, 'Server', 'everything', 'everything, Workspace');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${workspaceServer}`);
  });

  it('says in plain words what to change before a call is sent', async () => {
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'get-sum' }).click();
    await visible(detail().getByText('on everything · Workspace'));
    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(detail().getByText('A is required'));
    expect(await detail().getByText(/must have required property/).count()).toBe(0);
    await detail().getByRole('radio', { name: 'JSON' }).check();
    await detail().getByLabel('Arguments as JSON').fill('{ "a": "two", "b": 3 }');
    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(detail().getByRole('alert').getByText('A must be a number'));
    await detail().getByLabel('Arguments as JSON').fill('{ "a": 2, "b": 3 }');
    await detail().getByRole('radio', { name: 'Form' }).check();
  });

  it('brings the result into view after Run, and the history says where and by whom', async () => {
    await page.setViewportSize({ width: 1280, height: 600 });
    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(result().getByText('The sum of 2 and 3 is 5.'));
    await expect.poll(() => insideViewport(result().getByText('The sum of 2 and 3 is 5.'))).toBe(true);

    const row = history().getByRole('row', { name: /get-sum/ }).first();
    await visible(row.getByText('on everything · Workspace'));
    // This window reaches the core through the local host, so its calls are the host's (Electron's are ui).
    await visible(row.getByText('http', { exact: true }));
    const [call] = core.mcp.gateway.listCalls({ limit: 1 });
    expect(call?.callId).toMatch(CALL_ID_PATTERN);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('copies in one click a command that runs as pasted from another directory, on that very server', async () => {
    await history().getByRole('button', { name: /^Copy command for call get-sum/ }).first().click();
    await visible(page.getByRole('status').filter({ hasText: /Copied\.|Selected — press/ }));
    const command = await page.getByLabel('Command for this call').inputValue();
    await screenshotInBothThemes(core, page, 'tester-polish-copied-command');
    // Two servers are named everything: the command names this one by id.
    expect(command).toContain(`mcp call ${workspaceServer} get-sum`);
    const elsewhere = mkdtempSync(join(tmpdir(), 'crewship-pasted-'));
    try {
      const ran = await runInShell(`${command} --json`, elsewhere);
      expect(ran.stderr).not.toContain('mcp_server_ambiguous');
      expect(ran.code).toBe(0);
      expect(JSON.parse(ran.stdout)).toMatchObject({ serverId: workspaceServer, status: 'succeeded', actor: 'cli' });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('replays a call while another one runs', async () => {
    await page.getByLabel('Search tools').fill('long');
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'trigger-long-running-operation' }).click();
    await detail().getByRole('spinbutton', { name: /^duration/ }).fill('30');
    await detail().getByRole('spinbutton', { name: /^steps/ }).fill('30');
    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(detail().getByRole('progressbar'));
    const replay = history().getByRole('button', { name: /^Replay call get-sum/ }).last();
    expect(await replay.isEnabled()).toBe(true);
    await replay.click();
    await visible(result().getByText('The sum of 2 and 3 is 5.'));
    // The long call went on meanwhile; it is still running in the history.
    const running = core.mcp.gateway.listCalls({ limit: 10 }).find((call) => call.tool === 'trigger-long-running-operation');
    expect(running?.status).toBe('running');
    core.mcp.gateway.cancel(running!.callId);
    await visible(history().getByRole('row', { name: /trigger-long-running-operation/ }).getByText('Cancelled'));
    await page.getByLabel('Search tools').fill('');
  });

  it("names each entry's server in an agent's view, so identical tools are told apart", async () => {
    const crew = core.crews.list()[0]!;
    const { command, args } = fixtureStdio('minimal-server.mjs');
    addServer(core, 'mini-a', { type: 'stdio', command, args, env: {}, cwd: null });
    addServer(core, 'mini-b', { type: 'stdio', command, args, env: {}, cwd: null }, { scope: { kind: 'crew', crew: crew.slug } });
    core.agents.create({ crew: crew.id, name: 'Mail Sorter' }, 'cli');
    await page.getByRole('radio', { name: "An agent's servers" }).check();
    await page.getByLabel('Search tools').fill('echo');
    // echo three times — mini-a's, mini-b's and the crew's everything — each saying where it is from.
    const options = page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: /^echo/ });
    await expect.poll(() => options.count()).toBe(3);
    await visible(options.filter({ hasText: 'on mini-a · Workspace' }));
    await visible(options.filter({ hasText: 'on mini-b · Crew Night Ops' }));
    await visible(options.filter({ hasText: 'on everything · Crew Night Ops' }));
    await screenshotInBothThemes(core, page, 'tester-polish-agent-view');
    await page.getByLabel('Search tools').fill('');
    await page.getByRole('radio', { name: 'One server' }).check();
  });

  it('finds MCP servers by a search and by their status', async () => {
    await goTo('MCP servers');
    const table = page.getByRole('table', { name: 'MCP servers', exact: true });
    const bodyRows = table.getByRole('row').filter({ has: page.getByRole('button') });
    await expect.poll(() => bodyRows.count()).toBe(4);
    await page.getByLabel('Search servers').fill('mini');
    await expect.poll(() => bodyRows.count()).toBe(2);
    await page.getByLabel('Search servers').fill('night ops');
    // By scope too: the crew's everything and mini-b.
    await expect.poll(() => bodyRows.count()).toBe(2);
    await page.getByLabel('Search servers').fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' });
    await visible(page.getByRole('heading', { name: 'No server matches' }));
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Ready' });
    await expect.poll(() => bodyRows.count()).toBeGreaterThan(0);
    for (const row of await bodyRows.all()) await visible(row.getByText('Ready', { exact: true }));
    await screenshotInBothThemes(core, page, 'tester-polish-servers-filter');
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Any status' });
  });

  it('fits 1024×700: the sidebar folds, no row action is cut off, and the shell never shifts', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await goTo('Tools');
    expect((await page.locator('.sidebar').boundingBox())?.width).toBeLessThan(100);
    // The folded workspace switcher shows the workspace's initial, and its name on hover.
    const switcher = page.locator('.sidebar').getByRole('combobox', { name: 'Workspace' });
    expect(await switcher.getAttribute('title')).toBe('Default workspace');
    expect(await page.locator('.workspace-switcher__initial').evaluate((element) => [element.textContent, getComputedStyle(element).display])).toEqual(['D', 'flex']);
    await visible(history().getByRole('button', { name: /^Replay call/ }));
    await expectReachable(history().getByRole('button'));
    // The wheel over the sidebar scrolls nothing: the shell stays where it is, no blank band.
    await page.locator('.sidebar').hover();
    await page.mouse.wheel(0, 600);
    await page.mouse.wheel(0, 600);
    expect(await page.evaluate(() => [document.scrollingElement?.scrollTop ?? 0, document.querySelector('.shell')?.getBoundingClientRect().top ?? -1])).toEqual([0, 0]);
    await screenshotInBothThemes(core, page, 'tester-polish-1024-tools');

    for (const [label, table] of [
      ['MCP servers', 'MCP servers'],
      ['Crews', 'Crews'],
      ['Agents', 'Agents'],
    ] as const) {
      await goTo(label);
      const rows = page.getByRole('table', { name: table, exact: true }).getByRole('row');
      await expect.poll(() => rows.count()).toBeGreaterThan(1);
      await expectReachable(page.getByRole('table', { name: table, exact: true }).getByRole('button'));
      await screenshotInBothThemes(core, page, `tester-polish-1024-${label.toLowerCase().replace(/ /g, '-')}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await goTo('Tools');
  });

  it('fits 1024×700 on the Registry, each Integrations tab and Settings: no control cut off', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    // Every control of the page's main area a person can reach (tabs, buttons, links, fields).
    const controls = () => page.locator('main').locator('button, a[href], input, select, textarea').filter({ visible: true });
    await goTo('Registry');
    await expectReachable(controls());
    await screenshotInBothThemes(core, page, 'tester-polish-1024-registry');

    await goTo('Integrations');
    const tabs = page.getByRole('tablist', { name: 'Integrations' });
    // Tools is not among them: that tab moved to its own page and only sends one there.
    for (const label of ['Catalog', 'Connected accounts', 'Agent access', 'Triggers', 'MCP endpoints']) {
      await tabs.getByRole('tab', { name: label, exact: true }).click();
      await visible(tabs.getByRole('tab', { name: label, exact: true, selected: true }));
      await expectReachable(controls());
      await screenshotInBothThemes(core, page, `tester-polish-1024-integrations-${label.toLowerCase().replace(/ /g, '-')}`);
    }

    await goTo('Settings');
    await expectReachable(controls());
    await screenshotInBothThemes(core, page, 'tester-polish-1024-settings', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await goTo('Tools');
  });

  it('writes the tester with a result, the whole page, in both themes', async () => {
    await pickFromCombobox(page, 'Server', 'everything', 'everything, Workspace');
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'get-sum' }).click();
    await history().getByRole('button', { name: /^Open call get-sum/ }).first().click();
    await visible(result().getByText(/The sum of/));
    await screenshotInBothThemes(core, page, 'tester-polish-page', { fullPage: true });
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });

  /** True when the element's box lies inside the viewport. */
  async function insideViewport(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize();
    if (!box || !viewport) return false;
    return box.y >= 0 && box.y + box.height <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width;
  }
});
