import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { generateServers, seedServers } from '../fixtures/registry/generate.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { openConsoleInBrowser, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The Registry page in Chromium against a real core whose registry is the stand-in: the empty
 * state before a sync, Sync now with its progress, search as one types over thousands of entries
 * (virtualised), an entry's details, Install with its form (the secret sealed), and the new server
 * in the MCP servers list. Screenshots in dark and light.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-registry: skipped — ${unavailable}`);

const VISIBLE_MS = 20_000;
const SECRET = 'sk-ui-registry-7c6b5a4f3e2d';

describe.skipIf(unavailable !== undefined)('the Registry page', () => {
  let registry: RegistryStandIn;
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    registry = await RegistryStandIn.start([...seedServers(), ...generateServers(4000, { seed: 13 })]);
    registry.publish({
      name: 'io.github.acme/forecast',
      title: 'Forecast',
      description: 'Weather forecasts and alerts for any city',
      version: '2.1.0',
      repository: { url: 'https://github.com/acme/forecast', source: 'github' },
      packages: [
        {
          registryType: 'npm',
          identifier: '@acme/forecast-mcp',
          version: '2.1.0',
          transport: { type: 'stdio' },
          environmentVariables: [
            { name: 'FORECAST_API_KEY', description: 'Your forecast API key', isRequired: true, isSecret: true },
            { name: 'UNITS', description: 'Units to report in', default: 'metric', choices: ['metric', 'imperial'] },
          ],
        },
      ],
    });
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-registry-',
      timeoutMs: VISIBLE_MS,
      coreOptions: { registry: { env: { CREWSHIP_REGISTRY_URL: registry.url }, client: { retryDelaysMs: [] } }, mcp: { env: {} } },
    });
    ({ core, tab, page } = ui);
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Registry/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Registry' }));
  });

  afterAll(async () => {
    await ui?.close();
    await registry?.close();
  });

  const shoot = (name: string) => screenshotInBothThemes(core, page, name);

  it('says what to do before the first sync, then syncs in the background with its progress', async () => {
    await visible(page.getByRole('heading', { name: 'The registry has not been synced' }));
    await shoot('registry-empty');
    // Slow pages, to see the progress as it goes; then full speed.
    registry.delayMs = 300;
    await page.getByRole('button', { name: 'Sync now' }).click();
    await visible(page.getByRole('progressbar', { name: 'Syncing the registry' }));
    // Pages, servers and the rate, as they go.
    await visible(page.getByRole('status').filter({ hasText: /Syncing http:\/\/127\.0\.0\.1:\d+: [1-9]\d* pages · [\d,]+ servers( · [\d,]+ skipped)? · [1-9][\d,]*\/s/ }));
    const list = page.getByRole('table', { name: 'Registry servers' });
    // The list fills while the first sync runs: rows stored so far show before it ends.
    await visible(list.getByRole('row').nth(3));
    expect(core.registry.syncStatus().state).toBe('running');
    await visible(page.getByText(/more arrive as the sync goes on/));
    await shoot('registry-syncing');
    registry.delayMs = 0;
    await expect.poll(() => core.registry.syncStatus().state, { timeout: VISIBLE_MS }).toBe('finished');
    await visible(page.getByRole('status').filter({ hasText: `${(registry.visible - 7).toLocaleString('en-US')} servers cached from ${registry.url}` }));
    // Thousands of rows, only those in view drawn.
    // The list's windows are read again after the sync's last event: wait for them to agree with the count.
    const shownCount = async () => String(Number((await page.getByRole('region', { name: /Servers/ }).locator('.count').first().innerText()).replace(/\D/g, '')) + 1);
    await expect.poll(async () => (await list.getAttribute('aria-rowcount')) === (await shownCount()), { timeout: VISIBLE_MS }).toBe(true);
    expect(await list.getByRole('row').count()).toBeLessThan(80);
    // Scrolled to its end, the list reads the last window (it read only the first so far) and draws its last row.
    const { total } = core.registry.search({ latestOnly: true, limit: 1, offset: 0 });
    const last = core.registry.search({ latestOnly: true, limit: 1, offset: total - 1 }).rows[0]!;
    const lastRow = list.getByRole('row').filter({ has: page.getByText(last.name, { exact: true }) });
    // Scrolled again until it shows: the list's height can still settle after the first scroll (rows
    // measured as they are drawn, the last sync event re-reading the windows).
    await expect
      .poll(
        async () => {
          await page.getByTestId('registry-list').evaluate((scroller) => scroller.scrollTo({ top: scroller.scrollHeight }));
          return lastRow.count();
        },
        { timeout: VISIBLE_MS },
      )
      .toBeGreaterThan(0);
    await visible(lastRow);
    expect(await lastRow.getAttribute('aria-rowindex')).toBe(String(total + 1));
    await shoot('registry-list-end');
    await page.getByTestId('registry-list').evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  });

  it('searches as one types, opens an entry, and installs it with the form', async () => {
    await page.getByLabel('Search').fill('forec weath');
    const row = page.getByRole('button', { name: /Forecast io\.github\.acme\/forecast/ });
    await visible(row);
    await expect.poll(() => page.getByRole('table', { name: 'Registry servers' }).getByRole('row').count()).toBe(2);
    await row.click();
    const detail = page.getByRole('complementary', { name: 'Server io.github.acme/forecast' });
    await visible(detail.getByText('Weather forecasts and alerts for any city'));
    await visible(detail.getByText(/signed in to GitHub as acme/));
    await visible(detail.getByRole('link', { name: 'https://github.com/acme/forecast' }));
    expect(page.url()).toContain('#/registry/io.github.acme%2Fforecast');
    await shoot('registry-detail');

    await detail.getByRole('button', { name: /Install package 0/ }).click();
    const form = page.getByRole('form', { name: 'Install io.github.acme/forecast' });
    await visible(form.getByText('npx -y @acme/forecast-mcp@2.1.0'));
    // Required and secret: the form says so before anything is sent.
    await form.getByRole('button', { name: 'Install' }).click();
    await visible(form.getByRole('alert').getByText('FORECAST_API_KEY is required'));
    const key = form.getByLabel('FORECAST_API_KEY (secret)');
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill(SECRET);
    await form.getByLabel('UNITS').selectOption('imperial');
    // Each value's description shows with it, a value with choices too (and describes its control).
    await visible(form.getByText('Your forecast API key'));
    const describedBy = await form.getByLabel('UNITS').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe('Units to report in');
    await shoot('registry-install-light-pending');
    await form.getByRole('button', { name: 'Install' }).click();
    await visible(form.getByRole('status').filter({ hasText: 'Installed as forecast (FORECAST_API_KEY sealed in the vault)' }));
    const [server] = core.mcp.servers.list();
    expect(server).toMatchObject({ name: 'forecast', sealedVariables: ['FORECAST_API_KEY'], transport: { env: { FORECAST_API_KEY: '${FORECAST_API_KEY}', UNITS: 'imperial' } } });
    await shoot('registry-installed');

    await form.getByRole('link', { name: 'Open MCP servers' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'MCP servers' }));
    const serverRow = page.getByRole('row').filter({ has: page.getByText('forecast', { exact: true }) });
    await visible(serverRow.getByText('npx -y @acme/forecast-mcp@2.1.0'));
    await visible(serverRow.getByRole('link', { name: 'io.github.acme/forecast' }));
    expect(await page.content()).not.toContain(SECRET);
  });

  it('shows a newer version on the MCP servers list after a sync, and updates to it', async () => {
    registry.publish({ ...(await core.registry.show('io.github.acme/forecast')), version: '2.2.0', packages: [{ registryType: 'npm', identifier: '@acme/forecast-mcp', version: '2.2.0', transport: { type: 'stdio' }, environmentVariables: [{ name: 'FORECAST_API_KEY', isRequired: true, isSecret: true }, { name: 'UNITS', default: 'metric', choices: ['metric', 'imperial'] }] }] } as unknown as Record<string, unknown>);
    await core.registry.runSync(undefined, 'ui');
    const serverRow = page.getByRole('row').filter({ has: page.getByText('forecast', { exact: true }) });
    await visible(serverRow.getByText('2.2.0 available'));
    await shoot('mcp-servers-registry-update');
    await serverRow.getByRole('button', { name: 'Update forecast to 2.2.0' }).click();
    await visible(serverRow.getByText('npx -y @acme/forecast-mcp@2.2.0'));
    expect(core.mcp.secrets.values(core.mcp.servers.list()[0]!.id)).toEqual({ FORECAST_API_KEY: SECRET });
  });

  it('installs a server.json dropped on the page, after naming each problem of one that does not fit the schema', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Registry/ }).click();
    await page.getByRole('button', { name: 'Install from server.json' }).click();
    const panel = page.getByRole('region', { name: 'Install from server.json' });
    // What the operating system hands a drop: a DataTransfer holding the file.
    const drop = async (server: Record<string, unknown>) => {
      const transfer = await page.evaluateHandle((text) => {
        const files = new DataTransfer();
        files.items.add(new File([text], 'server.json', { type: 'application/json' }));
        return files;
      }, JSON.stringify(server));
      await panel.getByText('Drop a server.json here').dispatchEvent('drop', { dataTransfer: transfer });
    };
    await drop({ name: 'not a name', description: '', version: '^1.0', packages: [] });
    await visible(panel.getByText(/does not fit the schema \(4 problems\)/));
    await visible(panel.getByText(/description: required/));
    await visible(panel.getByText(/version: "\^1\.0" is a range/));
    await shoot('registry-file-problems');

    await drop({
      name: 'io.github.acme/dropped',
      description: 'Notes from a dropped file',
      version: '0.9.0',
      packages: [{ registryType: 'npm', identifier: '@acme/dropped-mcp', version: '0.9.0', transport: { type: 'stdio' }, environmentVariables: [{ name: 'DROPPED_TOKEN', isRequired: true, isSecret: true }] }],
    });
    const form = page.getByRole('form', { name: 'Install io.github.acme/dropped' });
    await visible(form.getByText('npx -y @acme/dropped-mcp@0.9.0'));
    await form.getByLabel('DROPPED_TOKEN (secret)').fill(SECRET);
    await form.getByRole('button', { name: 'Install' }).click();
    await visible(form.getByRole('status').filter({ hasText: 'Installed as dropped (DROPPED_TOKEN sealed in the vault)' }));
    expect(core.mcp.servers.list().find((server) => server.name === 'dropped')).toMatchObject({ sealedVariables: ['DROPPED_TOKEN'], transport: { env: { DROPPED_TOKEN: '${DROPPED_TOKEN}' } } });
    await page.getByRole('button', { name: 'Install from server.json' }).click();
  });

  it('writes the Registry page in light and dark', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Registry/ }).click();
    await visible(page.getByRole('table', { name: 'Registry servers' }));
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Runs as').selectOption('remote');
    await visible(page.getByText(/^[\d,]{4,} matches/));
    await shoot('registry-list-remote');
    await page.getByLabel('Runs as').selectOption('');
    await page.getByLabel('Search').fill('forecast');
    await page.getByRole('button', { name: /Forecast io\.github\.acme\/forecast/ }).click();
    await visible(page.getByRole('complementary', { name: 'Server io.github.acme/forecast' }).getByRole('heading', { name: 'Versions' }));
    await shoot('registry-detail-versions');
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors.filter((message) => !/status of 4\d\d/.test(message))).toEqual([]);
  });
});
