import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { everythingEntry } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { insertCredential } from '../helpers/mcp.ts';
import { gone, openConsoleInBrowser, pickFromCombobox, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The MCP servers page and the live tool tester, in the system's Chromium against a real core
 * through the local host, with a real `@modelcontextprotocol/server-everything` over stdio.
 * Everything is done as a person does it: forms are typed into, buttons pressed by their names.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-tester: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('MCP servers and the tool tester in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-mcp-', timeoutMs: VISIBLE_MS });
    ({ core, host, tab, page } = ui);
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const serverRow = (name: string) => page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const detail = () => page.getByRole('region', { name: /get-sum|trigger-long-running-operation/ });
  const result = () => page.getByRole('region', { name: 'Result' });
  const history = () => page.getByRole('table', { name: 'Call history' });

  async function goTo(label: string): Promise<void> {
    await nav().getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await visible(page.getByRole('heading', { level: 1, name: label }));
  }

  async function openToolsTab(): Promise<void> {
    await goTo('Integrations');
    await page.getByRole('tab', { name: 'Tools', exact: true }).click();
  }

  it('says what to do when there are no MCP servers yet', async () => {
    // The whole run happens under the host's real policy: no eval, so the form cannot use Ajv's compiled validators.
    const policy = (await fetch(`${host.url}/`)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    await openToolsTab();
    await visible(page.getByRole('heading', { name: 'Add an MCP server' }));
    await page.getByRole('link', { name: 'Go to MCP servers' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'MCP servers' }));
    await visible(page.getByRole('heading', { name: 'Add an MCP server' }));
  });

  it('adds the everything server through the form and connects it', async () => {
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    await form.getByLabel('Name', { exact: true }).fill('everything');
    await form.getByLabel('Command', { exact: true }).fill(process.execPath);
    await form.getByLabel(/^Arguments, one per line/).fill(`${everythingEntry}\nstdio`);
    await form.getByRole('button', { name: 'Save server' }).click();
    await gone(form);

    const row = serverRow('everything');
    await visible(row);
    await row.getByRole('button', { name: 'Connect everything' }).click();
    await visible(row.getByText('Ready'));
    await visible(row.getByText(/^\d+ tools/));
    await visible(row.getByText(/Connected since/));
  });

  it('shows why a server failed, with its hint', async () => {
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    await form.getByLabel('Name', { exact: true }).fill('broken');
    await form.getByLabel('Command', { exact: true }).fill('/nonexistent/crewship-test-command');
    await form.getByRole('button', { name: 'Save server' }).click();
    await gone(form);

    const row = serverRow('broken');
    await row.getByRole('button', { name: 'Connect broken' }).click();
    await visible(row.getByText('Failed'));
    const reason = row.getByRole('alert');
    await visible(reason.getByText(/was not found/));
    await visible(reason.getByText('mcp_command_not_found'));
    expect((await reason.textContent()) ?? '').toMatch(/full path/);
  });

  it('points a server failing on its credential at the Credentials page', async () => {
    const credentialId = insertCredential(core, 'gho_revoked_token_0123456789', { label: 'Team GitHub' });
    core.credentials.markNeedsReauth(credentialId, 'the grant was revoked', 'cli');
    const guarded = core.mcp.servers.create(
      {
        name: 'guarded',
        scope: { kind: 'workspace' },
        transport: { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp', headers: {} },
        credential: { credentialId, injection: { kind: 'bearer' } },
        allowedEnv: [],
        provider: null,
        enabled: true,
        connectTimeoutMs: null,
      },
      'cli',
    );
    const row = serverRow('guarded');
    await row.getByRole('button', { name: 'Connect guarded' }).click();
    await visible(row.getByRole('alert').getByText('credential_needs_reauth'));
    await visible(row.getByRole('alert').getByText(/needs re-authorization: the grant was revoked/));
    await screenshotInBothThemes(core, page, 'mcp-servers-credential-failure');
    await row.getByRole('link', { name: 'Open “Team GitHub” on the Credentials page' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Credentials' }));

    core.mcp.servers.delete({ server: guarded.id }, 'cli');
    core.credentials.delete(credentialId, 'cli');
    await goTo('MCP servers');
    await gone(serverRow('guarded'));
  });

  it('refuses a malformed .mcp.json with its line and column, importing nothing', async () => {
    await page.getByRole('button', { name: 'Import .mcp.json' }).click();
    const panel = page.getByRole('form', { name: 'Import .mcp.json' });
    await panel.getByLabel('.mcp.json contents').fill('{\n  "mcpServers": {\n    "extra": { "command": "node", }\n  }\n}');
    await panel.getByRole('button', { name: 'Import' }).click();
    await visible(panel.getByRole('alert').getByText(/Line 3, column 35/));
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await gone(panel);
    await expect.poll(() => page.getByRole('row').count()).toBe(3);

    await page.setViewportSize({ width: 1360, height: 900 });
    await screenshotInBothThemes(core, page, 'mcp-servers-list');
  });

  it('runs a tool from its generated form and shows the result', async () => {
    await openToolsTab();
    await pickFromCombobox(page, 'Server', 'everything');
    const tools = page.getByRole('listbox', { name: 'Tools' });
    await tools.getByRole('option', { name: 'get-sum' }).click();
    await visible(detail().getByText('Returns the sum of two numbers'));
    await visible(detail().getByRole('list', { name: 'Annotations' }).getByText('Read-only'));

    // Required fields are checked before anything is sent.
    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(detail().getByText('A is required'));

    await detail().getByRole('spinbutton', { name: 'a', exact: true }).fill('2');
    await detail().getByRole('spinbutton', { name: 'b', exact: true }).fill('3');
    await screenshotInBothThemes(core, page, 'tools-form');
    await detail().getByRole('spinbutton', { name: 'b', exact: true }).press('Control+Enter');
    await visible(result().getByText('The sum of 2 and 3 is 5.'));
    await visible(result().getByText('Succeeded'));
    await visible(history().getByRole('row', { name: /get-sum/ }));
  });

  it('keeps the form and the raw JSON in step, and keeps bad JSON beside its error', async () => {
    await detail().getByRole('radio', { name: 'JSON' }).check();
    const json = detail().getByLabel('Arguments as JSON');
    expect(JSON.parse(await json.inputValue())).toEqual({ a: 2, b: 3 });

    await json.fill('{ "a": 4, "b": 3');
    await visible(detail().getByRole('alert').getByText(/^Line 1, column 17/));
    await detail().getByRole('radio', { name: 'Form' }).check();
    // The form kept the last valid arguments, and says why.
    expect(await detail().getByRole('spinbutton', { name: 'a', exact: true }).inputValue()).toBe('2');
    await visible(detail().getByText('The JSON view has an error, so the form shows the last valid arguments.'));

    await detail().getByRole('radio', { name: 'JSON' }).check();
    expect(await detail().getByLabel('Arguments as JSON').inputValue()).toBe('{ "a": 4, "b": 3');
    await detail().getByLabel('Arguments as JSON').fill('{ "a": 4, "b": 3 }');
    await detail().getByRole('radio', { name: 'Form' }).check();
    expect(await detail().getByRole('spinbutton', { name: 'a', exact: true }).inputValue()).toBe('4');

    await detail().getByRole('button', { name: 'Run' }).click();
    await visible(result().getByText('The sum of 4 and 3 is 7.'));
  });

  it('replays a call from history: fills the form and runs it again', async () => {
    await expect.poll(() => history().getByRole('row', { name: /get-sum/ }).count()).toBe(2);
    // The oldest row is the 2 + 3 call.
    await history().getByRole('button', { name: /^Replay call get-sum/ }).last().click();
    await visible(result().getByText('The sum of 2 and 3 is 5.'));
    expect(await detail().getByRole('spinbutton', { name: 'a', exact: true }).inputValue()).toBe('2');
    await expect.poll(() => history().getByRole('row', { name: /get-sum/ }).count()).toBe(3);
    await visible(history().getByText('replay'));

    await page.setViewportSize({ width: 1360, height: 1250 });
    await screenshotInBothThemes(core, page, 'tools-result');

    // The overview (on the Integrations page) counts them too, as they happen.
    await goTo('Integrations');
    const toolCalls = page.getByRole('article', { name: 'Tool calls' });
    await expect.poll(() => toolCalls.locator('.kpi-card__value').textContent()).toBe('3');
    await visible(toolCalls.getByText(/^In the last 24 hours · 0 failed · median \d+ ms\.$/));
    await goTo('Tools');
  });

  it('copies a call as a crewship command, or selects it where the clipboard is refused', async () => {
    await history().getByRole('button', { name: /^Copy command for call get-sum/ }).last().click();
    const command = page.getByLabel('Command for this call');
    // Runs as pasted: this test's data directory is not the CLI's default, and the CLI is not on PATH.
    expect(await command.inputValue()).toBe(`CREWSHIP_HOME=${ui.dataDir} ${join(process.cwd(), 'bin', 'crewship.js')} mcp call everything get-sum --args '{"a":2,"b":3}'`);
    await page.getByRole('button', { name: 'Copy', exact: true }).first().click();
    await visible(page.getByRole('status').filter({ hasText: /Copied\.|Selected — press/ }));
  });

  it('shows the progress of a long-running tool and cancels it', async () => {
    await page.getByLabel('Search tools').fill('long');
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'trigger-long-running-operation' }).click();
    await detail().getByRole('spinbutton', { name: /^duration/ }).fill('30');
    await detail().getByRole('spinbutton', { name: /^steps/ }).fill('30');
    await detail().getByRole('button', { name: 'Run' }).click();

    const bar = detail().getByRole('progressbar', { name: 'Progress of trigger-long-running-operation' });
    await visible(bar);
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: VISIBLE_MS }).toBeGreaterThanOrEqual(1);
    expect(await bar.getAttribute('aria-valuemax')).toBe('30');
    await screenshotInBothThemes(core, page, 'tools-progress');

    await page.keyboard.press('Escape');
    await visible(result().getByText('Cancelled'));
    await gone(bar);
    await page.getByLabel('Search tools').fill('');
  });

  it('checks structured content against the tool’s output schema', async () => {
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'get-structured-content' }).click();
    const structured = page.getByRole('region', { name: /get-structured-content/ });
    const location = structured.getByRole('combobox', { name: /^location/ });
    const firstCity = (await location.locator('option').nth(1).textContent()) ?? '';
    await location.selectOption({ label: firstCity });
    await structured.getByRole('button', { name: 'Run' }).click();
    await visible(result().getByText('Structured content'));
    await visible(result().getByText('Matches the output schema'));
  });

  it('lists the server’s resources and prompts, reads one and gets the other', async () => {
    await page.getByRole('tab', { name: 'Resources' }).click();
    await expect.poll(() => page.getByRole('listbox', { name: 'Resources' }).getByRole('option').count()).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Read a URI' }).fill('demo://resource/dynamic/text/1');
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await visible(page.getByRole('region', { name: 'Resource' }).getByText(/^Resource 1: This is a plaintext resource/));

    await page.getByRole('tab', { name: 'Prompts' }).click();
    await page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: 'args-prompt' }).click();
    const prompt = page.getByRole('region', { name: /args-prompt/ });
    await prompt.getByRole('textbox', { name: /^city/ }).fill('Lisbon');
    await prompt.getByRole('button', { name: 'Get prompt' }).click();
    await visible(prompt.getByRole('region', { name: 'Prompt messages' }).getByText(/Lisbon/));
    await page.getByRole('tab', { name: /^Tools \(/ }).click();
  });

  it('shows the server’s log', async () => {
    await page.getByRole('tab', { name: 'Server log' }).click();
    const log = page.getByRole('log', { name: 'Log of everything' });
    await visible(log);
    await expect.poll(async () => log.locator('.log-line').count(), { timeout: VISIBLE_MS }).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Call history' }).click();
  });

  it('shows every tool that resolves for an agent, across its servers', async () => {
    const crew = core.crews.create({ name: 'Night Shift' }, 'cli');
    const agentId = core.agents.create({ crew: crew.id, name: 'Mail Sorter' }, 'cli').id;
    await page.getByRole('radio', { name: "An agent's servers" }).check();
    await expect.poll(() => page.getByRole('combobox', { name: 'Agent' }).inputValue()).toBe('Mail Sorter (Night Shift)');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/agent/${agentId}`);
    await visible(page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'echo' }));
    // The broken server resolves for the agent too, and says why it has no tools.
    await visible(page.getByRole('list', { name: 'Servers that did not answer' }).getByText('broken'));
    await page.getByRole('radio', { name: 'One server' }).check();
  });

  it('opens the tester on one server from its row on the MCP servers page, and keeps it in the address', async () => {
    const serverPicker = () => page.getByRole('combobox', { name: 'Server' });
    const broken = core.mcp.servers.get('broken').id;
    const everything = core.mcp.servers.get('everything').id;
    await goTo('MCP servers');
    await serverRow('broken').getByRole('link', { name: 'Test the tools of broken' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Tools' }));
    await expect.poll(() => serverPicker().inputValue()).toBe('broken');
    expect(new URL(page.url()).hash).toBe(`#/tools/${broken}`);

    // Choosing another server moves the address along, so a reload (or the copied link) opens it.
    await pickFromCombobox(page, 'Server', 'everything');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tools/${everything}`);
    await page.reload();
    await expect.poll(() => serverPicker().inputValue()).toBe('everything');
    await visible(page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'get-sum' }));
  });

  it('duplicates a server (disabled), renames the copy and enables it', async () => {
    await goTo('MCP servers');
    await visible(serverRow('everything').getByText('Ready'));
    await serverRow('everything').getByRole('button', { name: 'Duplicate everything' }).click();
    const copy = serverRow('everything-copy');
    await visible(copy);
    expect(await copy.getByRole('switch', { name: 'Enabled: everything-copy' }).isChecked()).toBe(false);

    await copy.getByRole('button', { name: 'Edit everything-copy' }).click();
    const form = page.getByRole('form', { name: 'Edit everything-copy' });
    expect(await form.getByLabel('Command', { exact: true }).inputValue()).toBe(process.execPath);
    await form.getByLabel('Name', { exact: true }).fill('everything-two');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await gone(form);

    const renamed = serverRow('everything-two');
    await renamed.getByRole('switch', { name: 'Enabled: everything-two' }).check();
    await visible(renamed.getByText('Not connected'));
    expect(core.mcp.servers.get('everything-two').enabled).toBe(true);
  });

  it('deletes a server after a confirmation', async () => {
    await serverRow('broken').getByRole('button', { name: 'Delete broken' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete MCP server broken?' });
    await dialog.getByRole('button', { name: 'Delete server' }).click();
    await gone(dialog);
    await gone(serverRow('broken'));
    expect(core.mcp.servers.list({}).map((server) => server.name).sort()).toEqual(['everything', 'everything-two']);
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
