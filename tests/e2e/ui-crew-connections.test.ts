import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailableReason } from '../helpers/browser.ts';
import { runCrewship } from '../helpers/cli.ts';
import { openConsoleInBrowser, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { ok } from '../connections/connection-fixtures.ts';

/**
 * Two crews connected from the Crews page in Chromium, against the real core through the local
 * host: a message sent, files shared (dropped and chosen), read from the other side, and a message
 * the CLI sends (another process) appearing in the open thread.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-crew-connections: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe.skipIf(unavailable !== undefined)('crew connections in the browser', () => {
  let ui: ConsoleInBrowser;
  let page: Page;
  let connectionId = '';

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-connections-', timeoutMs: VISIBLE_MS, coreOptions: { followOtherProcesses: { intervalMs: 100 } } });
    page = ui.page;
    await ok(ui.core, 'crews.create', { name: 'Night Ops' });
    await ok(ui.core, 'crews.create', { name: 'Day Desk' });
    await ok(ui.core, 'agents.create', { crew: 'night-ops', name: 'Scout' });
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Crews/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Crews' }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const shot = (name: string) => screenshotInBothThemes(ui.core, page, name, { fullPage: true });
  const thread = () => page.getByRole('log', { name: 'Message thread' });

  it('shows the crews with their agents and connects two of them', async () => {
    await visible(page.getByRole('row', { name: /Night Ops/ }).getByText('Scout'));
    await visible(page.getByRole('heading', { name: 'No connections yet' }));
    await shot('crew-connections-empty');

    await page.getByLabel('From crew').selectOption({ label: 'Night Ops' });
    await page.getByLabel('To crew').selectOption({ label: 'Night Ops' });
    await page.getByRole('button', { name: 'Connect' }).click();
    await visible(page.getByRole('alert').getByText('Crew "Night Ops" cannot connect to itself.'));
    await visible(page.getByRole('alert').getByText('connection_self'));

    await page.getByLabel('To crew').selectOption({ label: 'Day Desk' });
    await page.getByLabel('Purpose').fill('Night handover');
    await page.getByRole('button', { name: 'Connect' }).click();
    await visible(page.getByText('Connected Night Ops and Day Desk.'));
    const row = page.getByRole('table', { name: 'Crew connections' }).getByRole('row', { name: /Night Ops ↔ Day Desk/ });
    await visible(row.getByText('Night handover'));
    connectionId = (await ok(ui.core, 'connections.list', {}))[0]?.id ?? '';
    expect(connectionId).toMatch(/^conn_/);
  });

  it('opens the connection, sends a message and shares files by choosing and by dropping them', async () => {
    await page.getByRole('link', { name: 'Night Ops ↔ Day Desk' }).click();
    await visible(page.getByText('No messages yet.', { exact: false }));
    expect(page.url()).toContain(`#/crews/${connectionId}`);

    await page.getByLabel('Message as Night Ops').fill('Handover at 06:00 — see plan.md');
    await page.getByLabel('Message as Night Ops').press('Control+Enter');
    await visible(thread().getByText('Handover at 06:00 — see plan.md'));

    await page.getByLabel('Files to share').setInputFiles({ name: 'plan.md', mimeType: 'text/markdown', buffer: Buffer.from('# Plan\n\n- **check** the queue\n- call `ops`\n\n<script>alert(1)</script>\n') });
    await visible(page.getByText('Shared plan.md', { exact: false }));
    const preview = page.getByRole('region', { name: 'Preview of plan.md' });
    await visible(preview.getByRole('heading', { name: 'Plan' }));
    await visible(preview.locator('strong', { hasText: 'check' }));
    // Markdown is rendered as elements: the script is text, never a tag.
    await visible(preview.getByText('<script>alert(1)</script>'));
    expect(await preview.locator('script').count()).toBe(0);

    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['{"queue":["a","b"],"open":2}'], 'status.json', { type: 'application/json' }));
      return transfer;
    });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    const json = page.getByRole('region', { name: 'Preview of status.json' });
    await visible(json.getByText('"open": 2'));
    await shot('crew-connections-thread');
  });

  it('is read from the other side: the message, its unread count, and the files', async () => {
    const table = page.getByRole('table', { name: 'Crew connections' });
    await visible(table.getByText('day-desk: 1'));
    const other = await ok(ui.core, 'connections.files.read', { connection: connectionId, path: 'status.json' });
    expect(JSON.parse(Buffer.from(other.content, 'base64').toString('utf8'))).toEqual({ queue: ['a', 'b'], open: 2 });

    await page.getByLabel('Acting as').selectOption({ label: 'Day Desk' });
    await visible(page.getByLabel('Message as Day Desk'));
    await visible(table.getByText('All read'));
    expect((await ok(ui.core, 'connections.get', { connection: connectionId })).crews[1].unread).toBe(0);

    await ok(ui.core, 'connections.files.write', { connection: connectionId, path: 'images/dot.png', content: PNG });
    await page.getByRole('button', { name: 'images/dot.png', exact: true }).click();
    await visible(page.getByRole('img', { name: 'images/dot.png' }));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download status.json' }).click()]);
    expect(download.suggestedFilename()).toBe('status.json');
    expect(readFileSync(await download.path(), 'utf8')).toBe('{"queue":["a","b"],"open":2}');
  });

  it('shows a message the CLI sends in the open thread, without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    const sent = await runCrewship(ui.dataDir, ['crew', 'send', connectionId, 'Received — on it', '--from', 'day-desk']);
    expect(sent, sent.stderr).toMatchObject({ code: 0 });
    await visible(thread().getByText('Received — on it'));
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    // The one refusal above (a crew connecting to itself) is the only failed request.
    expect(ui.tab.pageErrors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await shot('crew-connections-cli-message');
  });

  it('shows a shared file’s preview and the connections list in both themes', async () => {
    await page.getByRole('button', { name: 'plan.md', exact: true }).click();
    await visible(page.getByRole('region', { name: 'Preview of plan.md' }).getByRole('heading', { name: 'Plan' }));
    await shot('crew-connections-thread-plan');
    await page.goto(`${ui.uiUrl.split('#')[0]}#/crews`);
    await page.getByRole('table', { name: 'Crew connections' }).scrollIntoViewIfNeeded();
    await shot('crew-connections-list');
  });

  it('follows the system’s colour scheme while the theme preference is System', async () => {
    expect(ui.core.preferences.get().theme).toBe('system');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
  });
});
