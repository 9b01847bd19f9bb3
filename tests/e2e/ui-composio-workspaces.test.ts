import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';

/**
 * The Integrations page in two workspaces, each with its own Composio project key (two projects of
 * the stand-in) and its own user's account: switching shows only that workspace's users in
 * Connected accounts and its own key in the API key panel. Then, the keys removed, one
 * COMPOSIO_API_KEY backs every workspace, and the panel's warning names them all (a workspace
 * created meanwhile included).
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-composio-workspaces: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('the Integrations page in two workspaces with two Composio keys', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  let standIn: ComposioStandIn;
  let tenantB: { slug: string };
  const users = { a: 'ann@tenant-a.example', b: 'bob@tenant-b.example' };

  async function shots(name: string): Promise<void> {
    await screenshotInBothThemes(core, page, `composio-workspaces-${name}`, { fullPage: true });
  }

  async function connect(workspace: string, toolkit: string, userId: string): Promise<void> {
    const composio = core.forWorkspace(workspace).composio;
    const flow = await composio.connect({ toolkit, userId }, 'cli');
    standIn.approve(flow.accountId);
    await composio.waitForConnect(flow.id);
  }

  beforeAll(async () => {
    standIn = await startComposioStandIn({ catalog: { toolkits: 20, tools: 100 } });
    ui = await openConsoleInBrowser({
      dataDirPrefix: 'crewship-ui-composio-workspaces-',
      timeoutMs: VISIBLE_MS,
      // One environment key is there all along: it applies where a workspace has no key of its own.
      coreOptions: { composio: { env: { COMPOSIO_BASE_URL: standIn.url, COMPOSIO_API_KEY: STAND_IN_KEYS.alpha }, pollIntervalMs: 25, requestTimeoutMs: 5000, maxRetries: 1 } },
    });
    ({ core, tab, page } = ui);
    tenantB = core.workspaces.create({ name: 'Tenant B' }, 'cli');
    await core.forWorkspace('default').composio.setKey({ key: STAND_IN_KEYS.alpha, label: 'Tenant A project' }, 'cli');
    await core.forWorkspace(tenantB.slug).composio.setKey({ key: STAND_IN_KEYS.beta, label: 'Tenant B project' }, 'cli');
    await connect('default', 'github', users.a);
    await connect(tenantB.slug, 'gmail', users.b);
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(ui.uiUrl);
  });

  afterAll(async () => {
    await ui?.close();
    await standIn?.stop();
  });

  const switcher = () => page.getByLabel('Workspace', { exact: true });
  const keyPanel = () => page.getByRole('region', { name: 'API key' });
  const accounts = () => page.getByRole('table', { name: 'Connected accounts' });
  const userHeading = (userId: string) => accounts().getByRole('heading', { name: new RegExp(userId.replace(/[.@]/g, '\\$&')) });

  async function openAccounts(): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Integrations/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    await page.getByRole('tab', { name: 'Connected accounts' }).click();
  }

  it('shows the default workspace’s user and key only', async () => {
    await openAccounts();
    expect(await switcher().locator('option:checked').textContent()).toBe('Default workspace');
    await visible(userHeading(users.a));
    expect(await userHeading(users.b).count()).toBe(0);
    await expect.poll(() => keyPanel().getByTestId('composio-key-preview').textContent()).toBe('ak_…21d4');
    await visible(keyPanel().getByText('Tenant A project'));
    await visible(keyPanel().getByText('COMPOSIO_API_KEY is set too; this workspace’s own key takes its place.'));
    expect(await page.getByTestId('composio-shared-key').count()).toBe(0);
    await shots('tenant-a');
  });

  it('switched to Tenant B: its user and its key only, and back again', async () => {
    await switcher().selectOption({ label: 'Tenant B' });
    await page.getByRole('tab', { name: 'Connected accounts' }).click();
    await visible(userHeading(users.b));
    expect(await userHeading(users.a).count()).toBe(0);
    await expect.poll(() => keyPanel().getByTestId('composio-key-preview').textContent()).toBe('ak_…e0c1');
    await visible(keyPanel().getByText('Tenant B project'));
    expect(await page.getByText(users.a).count()).toBe(0);
    await shots('tenant-b');

    await switcher().selectOption({ label: 'Default workspace' });
    await page.getByRole('tab', { name: 'Connected accounts' }).click();
    await visible(userHeading(users.a));
    expect(await page.getByText(users.b).count()).toBe(0);
    await expect.poll(() => keyPanel().getByTestId('composio-key-preview').textContent()).toBe('ak_…21d4');
  });

  it('with one COMPOSIO_API_KEY for both, the panel warns naming both; a workspace created meanwhile is named too', async () => {
    // Tenant B's key goes elsewhere (as the CLI would); the default workspace's in the panel.
    core.forWorkspace(tenantB.slug).composio.removeKey('cli');
    await keyPanel().getByRole('button', { name: 'Remove key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove key' }).click();
    await gone(dialog);
    await visible(keyPanel().getByText('COMPOSIO_API_KEY from the environment'));
    const warning = page.getByTestId('composio-shared-key');
    await visible(warning.getByText(/COMPOSIO_API_KEY backs 2 workspaces \(Default workspace, Tenant B\)/));
    await visible(warning.getByText('Sharing it: Default workspace, Tenant B.'));
    await visible(warning.getByText(/Give each workspace its own project key/));
    await shots('shared-key');

    core.workspaces.create({ name: 'Tenant C' }, 'cli');
    await visible(warning.getByText('Sharing it: Default workspace, Tenant B, Tenant C.'));

    // Tenant B's page says the same of the key it now shares.
    await switcher().selectOption({ label: 'Tenant B' });
    await visible(keyPanel().getByText('COMPOSIO_API_KEY from the environment'));
    await visible(page.getByTestId('composio-shared-key').getByText('Sharing it: Default workspace, Tenant B, Tenant C.'));
    await shots('shared-key-tenant-b');

    // The others get keys of their own (from elsewhere): the environment's backs Tenant B alone, and the warning goes.
    await core.forWorkspace('default').composio.setKey({ key: STAND_IN_KEYS.alpha }, 'cli');
    await visible(page.getByTestId('composio-shared-key').getByText('Sharing it: Tenant B, Tenant C.'));
    await core.forWorkspace('tenant-c').composio.setKey({ key: STAND_IN_KEYS.alpha }, 'cli');
    await gone(page.getByTestId('composio-shared-key'));
    await visible(keyPanel().getByText('COMPOSIO_API_KEY from the environment', { exact: true }));
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
