import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { chromiumUnavailableReason } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The Integrations page's legacy view in Chromium against the real core: the Settings toggle and
 * CREWSHIP_LEGACY_MCP_INTEGRATIONS open it on the self-hosted MCP connector management instead of
 * the Composio tabs; nothing is removed, and the MCP servers page stays reachable either way.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-legacy-view: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

async function openIntegrations(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Integrations/ }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
}

function addServer(core: Core, name: string): void {
  core.mcp.servers.create(
    {
      name,
      scope: { kind: 'workspace' },
      transport: { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp', headers: {} },
      credential: null,
      allowedEnv: [],
      provider: null,
      enabled: false,
      connectTimeoutMs: null,
    },
    'cli',
  );
}

describe.skipIf(unavailable !== undefined)('the legacy view of the Integrations page', () => {
  describe('from the Settings toggle', () => {
    let ui: ConsoleInBrowser;
    let page: Page;

    beforeAll(async () => {
      ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-legacy-', timeoutMs: VISIBLE_MS, coreOptions: { env: {} } });
      page = ui.page;
      addServer(ui.core, 'self-hosted-search');
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.goto(ui.uiUrl);
      await openIntegrations(page);
    });

    afterAll(async () => {
      await ui?.close();
    });

    const integrationTabs = () => page.getByRole('tablist', { name: 'Integrations', exact: true });
    const legacyTabs = () => page.getByRole('tablist', { name: 'Self-hosted integrations' });

    it('opens on the Composio tabs by default', async () => {
      await visible(integrationTabs().getByRole('tab', { name: 'Catalog' }));
      expect(await legacyTabs().count()).toBe(0);
    });

    it('turned on in Settings, opens Integrations on the MCP servers, credentials and tools, and remembers it', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
      const toggle = page.getByRole('checkbox', { name: /the legacy view/ });
      await expect.poll(() => toggle.isChecked()).toBe(false);
      await toggle.check();
      await expect.poll(() => ui.core.preferences.get().legacyMcpView).toBe(true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'composio-legacy-toggle.png'), fullPage: true });

      await openIntegrations(page);
      await visible(page.getByRole('note', { name: 'Legacy view' }).getByText(/switch in Settings/));
      expect(await integrationTabs().count()).toBe(0);
      await visible(legacyTabs().getByRole('tab', { name: 'MCP servers', selected: true }));
      await visible(page.getByRole('heading', { level: 2, name: 'MCP servers' }));
      await visible(page.getByText('self-hosted-search', { exact: true }));
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'composio-legacy-view.png'), fullPage: true });

      await legacyTabs().getByRole('tab', { name: 'OAuth credentials' }).click();
      await visible(page.getByRole('heading', { level: 2, name: 'Credentials' }));
      await legacyTabs().getByRole('tab', { name: 'Tools' }).click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/integrations/tools');

      await page.reload();
      await visible(legacyTabs().getByRole('tab', { name: 'Tools', selected: true }));
    });

    it('keeps the MCP servers page reachable, and the Composio tabs come back when it is turned off', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'MCP servers' }));
      await visible(page.getByText('self-hosted-search', { exact: true }));

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
      await page.getByRole('checkbox', { name: /the legacy view/ }).uncheck();
      await expect.poll(() => ui.core.preferences.get().legacyMcpView).toBe(false);
      await openIntegrations(page);
      await visible(integrationTabs().getByRole('tab', { name: 'Catalog' }));
      await gone(page.getByRole('note', { name: 'Legacy view' }));
      // Nothing was removed on the way.
      expect(ui.core.mcp.servers.list().map((server) => server.name)).toContain('self-hosted-search');
    });
  });

  describe('from CREWSHIP_LEGACY_MCP_INTEGRATIONS', () => {
    let ui: ConsoleInBrowser;
    let page: Page;

    beforeAll(async () => {
      ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-legacy-env-', timeoutMs: VISIBLE_MS, coreOptions: { env: { CREWSHIP_LEGACY_MCP_INTEGRATIONS: 'true' } } });
      page = ui.page;
      await page.goto(ui.uiUrl);
      await openIntegrations(page);
    });

    afterAll(async () => {
      await ui?.close();
    });

    it('opens on the legacy view, says why, and the Settings toggle shows it on without letting it be turned off', async () => {
      await visible(page.getByRole('note', { name: 'Legacy view' }).getByText('CREWSHIP_LEGACY_MCP_INTEGRATIONS'));
      await visible(page.getByRole('tablist', { name: 'Self-hosted integrations' }));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
      const toggle = page.getByRole('checkbox', { name: /the legacy view/ });
      await expect.poll(() => toggle.isChecked()).toBe(true);
      expect(await toggle.isDisabled()).toBe(true);
      await visible(page.getByText(/is set in its environment/));
    });
  });
});
