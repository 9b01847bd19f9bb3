import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixture } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The MCP servers page asking before a `.mcp.json` may read the console's environment: the import
 * panel lists what a file's placeholders would read, only ticked variables are allowed, CREWSHIP_*
 * never; the server form edits the allow-list. A real core behind the local host, in Chromium.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-placeholders: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;
const AWS_SECRET = 'aws-secret-ui-wJalrXUtnFEMI-K7MDENG';

describe.skipIf(unavailable !== undefined)('placeholders on the MCP servers page', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  let record: string;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-placeholders-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { mcp: { env: { AWS_SECRET_ACCESS_KEY: AWS_SECRET } } },
    });
    ({ core, tab, page } = ui);
    record = join(ui.dataDir, 'launches.jsonl');
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'MCP servers' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const serverRow = (name: string) => page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const cloudFile = (args: string[]) =>
    JSON.stringify({
      mcpServers: {
        cloud: { command: process.execPath, args: [fixture('launch-recorder.mjs'), record, ...args], env: { AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY}', REGION: '${REGION:-eu}' } },
      },
    });

  it('lists the variables an imported file would read, refuses CREWSHIP_*, and imports with what is ticked', async () => {
    await page.getByRole('button', { name: 'Import .mcp.json' }).click();
    const panel = page.getByRole('form', { name: 'Import .mcp.json' });
    await panel.getByLabel('.mcp.json contents').fill(cloudFile(['${CREWSHIP_MASTER_KEY}']));
    const variables = panel.getByRole('group', { name: 'Variables from the console’s environment' });
    const aws = variables.getByRole('checkbox', { name: /AWS_SECRET_ACCESS_KEY — for cloud/ });
    const master = variables.getByRole('checkbox', { name: /CREWSHIP_MASTER_KEY — the console’s own/ });
    await visible(aws);
    expect(await master.isDisabled()).toBe(true);
    // A variable with a default is not asked about: not allowed, it takes its default.
    expect(await variables.getByText('REGION').count()).toBe(0);

    await aws.check();
    await panel.getByRole('button', { name: 'Import' }).click();
    await visible(panel.getByRole('alert').getByText('mcp_placeholder_not_allowed'));
    await visible(panel.getByRole('alert').getByText(/\$\{CREWSHIP_MASTER_KEY\} in args\[2\] of MCP server "cloud"/));
    expect(core.mcp.servers.list()).toEqual([]);

    await panel.getByLabel('.mcp.json contents').fill(cloudFile([]));
    await gone(master);
    expect(await aws.isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Import' }).click();
    await visible(panel.getByRole('status').getByText('Imported: 1 created, 0 updated, 0 unchanged.'));
    expect(core.mcp.servers.get('cloud').allowedEnv).toEqual(['AWS_SECRET_ACCESS_KEY']);
    await panel.getByRole('button', { name: 'Close' }).click();
    await gone(panel);

    const row = serverRow('cloud');
    await row.getByRole('button', { name: 'Connect cloud' }).click();
    await visible(row.getByText('Ready'));
    const launch = JSON.parse(readFileSync(record, 'utf8').trim()) as { env: Record<string, string> };
    expect(launch.env).toMatchObject({ AWS_SECRET_ACCESS_KEY: AWS_SECRET, REGION: 'eu' });
    expect(await page.content()).not.toContain(AWS_SECRET);
  });

  it('edits the allowed variables in the server form, refusing CREWSHIP_* and a list the placeholders need', async () => {
    await serverRow('cloud').getByRole('button', { name: 'Edit cloud' }).click();
    const form = page.getByRole('form', { name: 'Edit cloud' });
    const allowed = form.getByLabel(/^Allowed environment variables/);
    expect(await allowed.inputValue()).toBe('AWS_SECRET_ACCESS_KEY');
    await allowed.fill('AWS_SECRET_ACCESS_KEY CREWSHIP_MASTER_KEY');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await visible(form.getByRole('alert').getByText('mcp_placeholder_reserved'));
    await allowed.fill('');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await visible(form.getByRole('alert').getByText('mcp_placeholder_not_allowed'));
    await visible(form.getByRole('alert').getByText(/Allow AWS_SECRET_ACCESS_KEY for the server/));
    expect(core.mcp.servers.get('cloud').allowedEnv).toEqual(['AWS_SECRET_ACCESS_KEY']);

    await allowed.fill('AWS_SECRET_ACCESS_KEY, REGION');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await gone(form);
    expect(core.mcp.servers.get('cloud').allowedEnv).toEqual(['AWS_SECRET_ACCESS_KEY', 'REGION']);
    expect(existsSync(record)).toBe(true);
  });

  it('ran without errors in the page', () => {
    // The three refusals above (the import, then two saves) are expected 400s, which Chromium logs as failed resources.
    const refused = tab.pageErrors.filter((message) => /status of 400/.test(message));
    expect(refused).toHaveLength(3);
    expect(tab.pageErrors.filter((message) => !refused.includes(message))).toEqual([]);
  });
});
