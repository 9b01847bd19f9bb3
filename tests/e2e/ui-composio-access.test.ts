import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../main/agents/agent.ts';
import type { Core } from '../../main/app/core.ts';
import { connectAccount, startAccessStandIn, toolsOf } from '../access/access-kit.ts';
import { ok } from '../composio/composio-test-kit.ts';
import { chromiumUnavailableReason } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, pickFromCombobox, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { addServer } from '../helpers/mcp.ts';

/**
 * The Integrations page's Agent access, MCP endpoints and Triggers tabs in Chromium, against the
 * real core and SDK with the Composio stand-in (a small catalog): bind an agent to one user with
 * Gmail read and GitHub full after the preview, see its endpoint and prompt block, run one of its
 * tools in the tester as the agent would, unbind; the default connector; a trigger's life.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-composio-access: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('agent access, endpoints and triggers against the Composio stand-in', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let page: Page;
  let standIn: ComposioStandIn;
  let scout: Agent;

  /** Each screen in both themes, dark then light, scrolled to what it is of (the page scrolls inside its main area). */
  async function shots(name: string, of: Locator): Promise<void> {
    await of.first().scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, `composio-${name}`, { fullPage: true });
  }

  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  const editor = () => page.getByRole('region', { name: 'Bind Scout' });
  const preview = () => page.getByRole('region', { name: 'Preview of what changes' });
  const resolution = () => page.getByRole('region', { name: 'What resolves for Scout' });

  beforeAll(async () => {
    standIn = await startAccessStandIn();
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-composio-access-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { composio: { env: { COMPOSIO_BASE_URL: standIn.url, COMPOSIO_API_KEY: STAND_IN_KEYS.alpha }, pollIntervalMs: 50, requestTimeoutMs: 5000, maxRetries: 1 } },
    });
    ({ core, page } = ui);
    await ok(core, 'composio.catalog.sync', { wait: true });
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Integrations/ }).click();
    await tab('Agent access').click();
  });

  afterAll(async () => {
    await ui?.close();
    await standIn?.stop();
  });

  it('says what to do first: create an agent, then connect an account', async () => {
    const noAgents = page.getByRole('region', { name: 'No agents to bind yet' });
    await visible(noAgents.getByRole('link', { name: 'Create an agent' }));
    expect(await noAgents.getByRole('link', { name: 'Create an agent' }).getAttribute('href')).toBe('#/agents');
    await shots('access-no-agents', noAgents);

    // Agents made elsewhere (here: the core, as the CLI would) arrive through the event stream.
    const crew = core.crews.create({ name: 'Night Ops' }, 'cli');
    scout = core.agents.create({ crew: crew.id, name: 'Scout' }, 'cli');
    core.agents.create({ crew: crew.id, name: 'Sorter' }, 'cli');
    const noAccounts = page.getByRole('region', { name: 'No user has a connected account yet' });
    await visible(noAccounts.getByRole('link', { name: 'Catalog' }));
    await visible(noAccounts.getByRole('link', { name: 'Connected accounts' }));
    await shots('access-no-accounts', noAccounts);

    await connectAccount(core, standIn, 'gmail', 'user-a');
    await connectAccount(core, standIn, 'github', 'user-a');
    await connectAccount(core, standIn, 'gmail', 'user-b');
    await visible(editor());
  });

  it('offers only users with connected accounts, each with its apps', async () => {
    const users = editor().getByRole('combobox', { name: 'User' });
    // The last account's event may still be on its way: wait for it, do not read once.
    await expect.poll(() => users.locator('option').allTextContents()).toEqual(['user-a — GitHub, Gmail', 'user-b — Gmail']);
    await expect.poll(() => users.inputValue()).toBe('user-a');
    await visible(editor().getByRole('radio', { name: 'Gmail: Off' }));
    await shots('access-empty', editor());
  });

  it('previews the change before Save, then binds Gmail read and GitHub full', async () => {
    const gmail = toolsOf(standIn, 'gmail');
    // Keyboard: the scope is a radio group, arrow keys move along it.
    await editor().getByRole('radio', { name: 'Gmail: Off' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => editor().getByRole('radio', { name: 'Gmail: Read' }).isChecked()).toBe(true);
    await editor().getByRole('radio', { name: 'GitHub: Full' }).check();
    await visible(preview().getByText(`· Read: ${gmail.read.length} tools, ${gmail.other.length} withheld.`));
    await visible(preview().getByText('Added').nth(1));
    // Only a preview so far: nothing is bound.
    expect(await ok(core, 'composio.bindings.list', { agent: scout.id })).toEqual([]);
    const gmailTools = editor().getByText(`${gmail.read.length} tools (${gmail.read.length} read-only) · ${gmail.other.length} withheld`);
    await visible(gmailTools.getByText(`· Full gives ${gmail.read.length + gmail.other.length}`));
    await gmailTools.click();
    await visible(editor().getByRole('list', { name: 'Gmail tools with Read access' }).getByText('read-only').first());
    await shots('access-preview', preview());

    // Every control is reachable with Tab, in order: from the user picker to Save.
    await editor().getByRole('combobox', { name: 'User' }).focus();
    const save = editor().getByRole('button', { name: 'Save binding' });
    let presses = 0;
    while (!(await save.evaluate((element) => element === document.activeElement)) && presses < 30) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(presses).toBeLessThan(30);
    await page.keyboard.press('Enter');
    await visible(editor().getByText(/^Saved: Scout is bound to user-a with /));
    const bindings = await ok(core, 'composio.bindings.list', { agent: scout.id });
    expect(bindings.map((binding) => `${binding.app}:${binding.scope}:${binding.userId}`).sort()).toEqual(['github:full:user-a', 'gmail:read:user-a']);
    expect(bindings.find((binding) => binding.app === 'gmail')?.tools.sort()).toEqual([...gmail.read].sort());
    await visible(resolution().getByRole('link', { name: 'Composio: gmail · Read' }));
    await visible(resolution().getByRole('link', { name: 'Composio: github · Full' }));
    const block = await resolution().getByLabel('[CONNECTED INTEGRATIONS] block of its system prompt').inputValue();
    expect(block).toBe((await ok(core, 'agents.promptBlock', { agent: scout.id })).text);
    expect(block).toContain('[CONNECTED INTEGRATIONS]');
    expect(block).toContain('Composio: gmail · Read');
    await shots('access-bound', resolution());
  });

  it('asks before binding the agent to another user, and changes nothing when cancelled', async () => {
    await editor().getByRole('combobox', { name: 'User' }).selectOption('user-b');
    await editor().getByRole('radio', { name: 'Gmail: Full' }).check();
    await visible(preview().getByText('Scout is bound to user-a now.'));
    await editor().getByRole('button', { name: 'Save binding' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace user-a with user-b?' });
    await visible(dialog.getByText(/it no longer reaches any of user-a’s accounts/));
    await shots('access-replace', dialog);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog);
    expect((await ok(core, 'composio.bindings.list', { agent: scout.id })).every((binding) => binding.userId === 'user-a')).toBe(true);
    await editor().getByRole('combobox', { name: 'User' }).selectOption('user-a');
  });

  it('lists the agent’s endpoints with the key masked, and tests one', async () => {
    await tab('MCP endpoints').click();
    const table = page.getByRole('table', { name: 'MCP endpoints' });
    const gmailRow = table.getByRole('row', { name: /Scout.*Composio: gmail · Read/ });
    await visible(gmailRow);
    const rowText = (await gmailRow.textContent()) ?? '';
    expect(rowText).not.toContain(STAND_IN_KEYS.alpha);
    expect(rowText).toContain('user-a');
    await gmailRow.getByRole('button', { name: 'Test Scout · Composio: gmail · Read' }).click();
    const outcome = page.getByRole('status', { name: 'Test of Scout · Composio: gmail · Read' });
    await visible(outcome.getByText(new RegExp(`connected in [\\d,]+ ms, ${toolsOf(standIn, 'gmail').read.length} tools`)));
    await shots('endpoints', table);

    // Another agent bound to another user: its own row, its own user; the filter shows one agent's.
    await ok(core, 'composio.bindings.set', { agent: 'sorter', user: 'user-b', apps: [{ app: 'gmail', scope: 'full' }] });
    const sorterRow = table.getByRole('row', { name: /Sorter.*Composio: gmail · Full/ });
    await visible(sorterRow);
    expect(await sorterRow.textContent()).toContain('user-b');
    expect(await sorterRow.textContent()).not.toContain('user-a');
    await pickFromCombobox(page, 'Agent', 'Scout');
    await gone(sorterRow);
    await visible(gmailRow);
    await pickFromCombobox(page, 'Agent', 'All agents');
    await ok(core, 'composio.bindings.remove', { agent: 'sorter' });
    await gone(sorterRow);
  });

  it('runs one of the agent’s tools in the tester, acting for its user', async () => {
    const tool = toolsOf(standIn, 'gmail').read[0]!;
    await page.goto(`${ui.uiUrl.split('#')[0]}#/integrations/tools/agent/${scout.id}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Tools' }));
    await page.getByLabel('Search tools').fill(tool);
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: tool, exact: true }).click();
    await page.getByRole('region', { name: new RegExp(tool) }).getByRole('button', { name: 'Run' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await visible(result.getByText('Succeeded'));
    await visible(result.getByText(/"user_id": ?"user-a"/).first());
    expect(standIn.mcp.calls.some((call) => call.tool === tool && call.userId === 'user-a')).toBe(true);
  });

  it('unbinds the agent after a confirmation: nothing resolves, no prompt block', async () => {
    await page.goto(`${ui.uiUrl.split('#')[0]}#/integrations/access/${scout.id}`);
    await page.getByRole('button', { name: 'Unbind Scout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unbind Scout from user-a?' });
    await dialog.getByRole('button', { name: 'Unbind' }).click();
    await gone(dialog);
    await visible(resolution().getByText(/No \[CONNECTED INTEGRATIONS\] block/));
    expect(await ok(core, 'composio.bindings.list', { agent: scout.id })).toEqual([]);
  });

  it('the default connector: several users ask for a pin, then it is provisioned for the pinned one', async () => {
    const panel = page.getByRole('region', { name: 'Default connector' });
    await visible(panel.getByText('Off', { exact: true }));
    await panel.getByRole('button', { name: 'Enable' }).click();
    await visible(panel.getByRole('alert').getByText('composio_default_several_users'));
    await visible(panel.getByRole('alert').getByText(/Pin the one the default connector acts for/));
    await shots('default-several', panel);
    await panel.getByRole('combobox', { name: 'Default user' }).selectOption('user-a');
    await panel.getByRole('button', { name: 'Pin this user' }).click();
    await visible(panel.getByText(/github, gmail · \d+ tools, full access/));
    expect((await ok(core, 'composio.default.get', {})).userId).toBe('user-a');
    await visible(panel.getByText('Provisioned, flag off'));
    // The flag is off, so an agent without a binding still gets nothing from it.
    expect((await ok(core, 'agents.resolve', { agent: scout.id })).servers).toEqual([]);
    await shots('default-pinned', panel);
  });

  it('creates a trigger from its type’s config form, disables it, deletes it', async () => {
    await tab('Triggers').click();
    const create = page.getByRole('region', { name: 'Create a trigger' });
    await create.getByRole('combobox', { name: 'App' }).selectOption('gmail');
    await create.getByRole('radio', { name: /New Gmail Message Received Trigger/ }).check();
    await visible(create.getByRole('textbox', { name: /Label Ids/ }));
    await create.getByRole('combobox', { name: 'User' }).selectOption('user-b');
    await shots('triggers-form', create);
    await create.getByRole('button', { name: 'Create New Gmail Message Received Trigger' }).click();
    await visible(page.getByText('Created GMAIL_NEW_GMAIL_MESSAGE for user-b: it is listening.'));
    const table = page.getByRole('table', { name: 'Triggers' });
    await visible(table.getByRole('heading', { name: /user-b/ }));
    await page.getByRole('button', { name: 'Disable GMAIL_NEW_GMAIL_MESSAGE of user-b' }).click();
    await visible(table.getByText('Disabled', { exact: true }));
    const [instance] = (await ok(core, 'composio.triggers.list', { user: 'user-b' })).users[0]?.triggers ?? [];
    expect(instance?.enabled).toBe(false);
    await shots('triggers', table);
    await page.getByRole('button', { name: 'Delete GMAIL_NEW_GMAIL_MESSAGE of user-b' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete trigger' }).click();
    await gone(dialog);
    await visible(page.getByRole('heading', { name: 'No triggers yet' }));
    expect((await ok(core, 'composio.triggers.list', {})).total).toBe(0);
  });
});

describe.skipIf(unavailable !== undefined)('the default connector with COMPOSIO_DEFAULT_CONNECTOR on', () => {
  let ui: ConsoleInBrowser;
  let standIn: ComposioStandIn;

  beforeAll(async () => {
    standIn = await startAccessStandIn();
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-composio-default-',
      timeoutMs: VISIBLE_MS,
      coreOptions: {
        composio: { env: { COMPOSIO_BASE_URL: standIn.url, COMPOSIO_API_KEY: STAND_IN_KEYS.alpha, COMPOSIO_DEFAULT_CONNECTOR: '1' }, pollIntervalMs: 50, requestTimeoutMs: 5000, maxRetries: 1 },
      },
    });
    await ok(ui.core, 'composio.catalog.sync', { wait: true });
  });

  afterAll(async () => {
    await ui?.close();
    await standIn?.stop();
  });

  it('turns legacy servers off while on, and gives an unbound agent the one user’s apps once enabled', async () => {
    const { core, page } = ui;
    const crew = core.crews.create({ name: 'Day Ops' }, 'cli');
    const agent = core.agents.create({ crew: crew.id, name: 'Clerk' }, 'cli');
    addServer(core, 'minimal', fixtureStdio('minimal-server.mjs'));
    await connectAccount(core, standIn, 'gmail', 'solo');
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(ui.uiUrl);
    await page.goto(`${ui.uiUrl.split('#')[0]}#/integrations/access/${agent.id}`);
    const panel = page.getByRole('region', { name: 'Default connector' });
    const resolved = page.getByRole('region', { name: 'What resolves for Clerk' });
    await visible(panel.getByText('Flag on, not provisioned'));
    await visible(resolved.getByText('Off while the default connector flag is on (not deleted): minimal.'));

    await panel.getByRole('button', { name: 'Enable' }).click();
    await visible(panel.getByText('Active', { exact: true }));
    await visible(panel.getByText(/^gmail · \d+ tools, full access$/));
    await visible(resolved.getByRole('link', { name: 'Composio: gmail · Full' }));
    await visible(resolved.getByText(/acts for solo · the default connector \(no binding\)/));
    const resolution = await ok(core, 'agents.resolve', { agent: agent.id });
    expect(resolution.servers.map((server) => server.reason)).toEqual(['default_connector']);
    expect(resolution.turnedOff.map((server) => server.name)).toEqual(['minimal']);
    await panel.scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, 'composio-default-active', { fullPage: true });
  });
});
