import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { generateServers } from '../fixtures/registry/generate.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The Sources panel of the Registry page in Chromium against a real core: add a company registry
 * (a second stand-in), sync both, rename it (the list's source badges follow), disable it (a sync
 * leaves it alone) and remove it with its entries. A screenshot with two sources.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-registry-sources: skipped — ${unavailable}`);

const VISIBLE_MS = 20_000;

describe.skipIf(unavailable !== undefined)('the Registry page’s sources', () => {
  let official: RegistryStandIn;
  let company: RegistryStandIn;
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  let panel: Locator;
  const item = (name: string) => panel.getByRole('list', { name: 'Registry sources' }).getByRole('listitem').filter({ hasText: name });

  beforeAll(async () => {
    official = await RegistryStandIn.start(generateServers(300, { seed: 31 }));
    company = await RegistryStandIn.start(generateServers(150, { seed: 32 }));
    company.publish({ name: 'com.acme.internal/tickets', title: 'Tickets', description: 'The company ticket desk', version: '2.0.0', remotes: [{ type: 'streamable-http', url: 'https://tickets.acme.internal/mcp' }] });
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-registry-sources-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { registry: { env: { CREWSHIP_REGISTRY_URL: official.url }, client: { retryDelaysMs: [] } }, mcp: { env: {} } },
    });
    ({ core, tab, page } = ui);
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Registry/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Registry' }));
    panel = page.locator('details.registry-sources');
  });

  afterAll(async () => {
    await ui?.close();
    await company?.close();
    await official?.close();
  });

  it('adds a source and syncs every enabled one', async () => {
    await panel.locator('summary').click();
    await page.getByLabel('Registry URL').fill(company.url);
    await page.getByLabel('Source name').fill('acme');
    await page.getByRole('button', { name: 'Add source' }).click();
    await visible(item('acme').getByText(company.url));
    expect(core.registry.sources().map((source) => [source.name, source.origin])).toEqual([
      [new URL(official.url).host, 'primary'],
      ['acme', 'added'],
    ]);
    await page.getByRole('button', { name: 'Sync all enabled' }).click();
    await visible(item('acme').getByText(`${company.visible.toLocaleString('en-US')} entries · finished`));
    await visible(item(new URL(official.url).host).getByText(`${official.visible.toLocaleString('en-US')} entries · finished`));
  });

  it('renames a source: the panel and the list’s source badges show the new name, search takes it', async () => {
    await item('acme').getByRole('button', { name: 'Rename source acme' }).click();
    const field = page.getByLabel('New name for source acme');
    await field.fill('company');
    await field.press('Enter');
    await visible(item('company').getByRole('button', { name: 'Rename source company' }));
    expect(core.registry.sources()[1]).toMatchObject({ url: company.url, name: 'company' });
    await page.getByLabel('Search').fill('ticket desk');
    const row = page.getByRole('button', { name: /Tickets com\.acme\.internal\/tickets/ });
    await visible(row.getByText('company', { exact: true }));
    expect(core.registry.search({ source: 'company', query: 'tickets', latestOnly: true, limit: 10, offset: 0 }).rows.map((found) => found.name)).toEqual(['com.acme.internal/tickets']);
  });

  it('disables a source: a sync of all leaves it alone, its entries stay', async () => {
    // The box follows the core's answer (a controlled input), so it is clicked and then read, not unchecked at once.
    const box = item('company').getByRole('checkbox', { name: 'Sync source company' });
    await box.click();
    await visible(item('company').getByText(/· disabled/));
    expect(await box.isChecked()).toBe(false);
    expect(core.registry.sources()[1]).toMatchObject({ enabled: false, entries: company.visible });
    const requestsBefore = company.requests.length;
    const officialBefore = official.requests.length;
    await page.getByRole('button', { name: 'Sync all enabled' }).click();
    await expect.poll(() => official.requests.length, { timeout: VISIBLE_MS }).toBeGreaterThan(officialBefore);
    await expect.poll(() => core.registry.sources()[0]!.sync.state, { timeout: VISIBLE_MS }).toBe('finished');
    expect(company.requests.length).toBe(requestsBefore);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'registry-sources.png') });
  });

  it('removes a source with its entries', async () => {
    await item('company').getByRole('button', { name: 'Remove source company' }).click();
    await expect.poll(() => item('company').count(), { timeout: VISIBLE_MS }).toBe(0);
    expect(core.registry.sources().map((source) => source.url)).toEqual([official.url]);
    expect(core.registry.search({ source: company.url, latestOnly: false, limit: 10, offset: 0 }).total).toBe(0);
    await visible(panel.locator('summary').getByText(`Sources (1) — ${new URL(official.url).host}`));
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors.filter((message) => !/status of 4\d\d/.test(message))).toEqual([]);
  });
});
