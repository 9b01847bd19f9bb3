import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * Workspaces in the real renderer: the sidebar's switcher, pages that show only the chosen
 * workspace's rows (cached apart, re-read by their own workspace's events only), the choice kept
 * across a reload, and Settings → Workspaces deleting one with the confirmation naming its contents.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-workspaces: skipped — ${unavailable}`);

const VISIBLE_MS = 10_000;

describe.skipIf(unavailable !== undefined)('workspaces in the console', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let tab: BrowserPage;
  let page: Page;
  let alpha: { id: string; slug: string };
  let bravo: { id: string; slug: string };

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-workspaces-', timeoutMs: VISIBLE_MS });
    ({ core, host, tab, page } = ui);
    core.crews.create({ name: 'Home Base' }, 'cli');
    alpha = core.workspaces.create({ name: 'Alpha' }, 'cli');
    bravo = core.workspaces.create({ name: 'Bravo' }, 'cli');
    const alphaOps = core.forWorkspace(alpha.slug).crews.create({ name: 'Alpha Ops' }, 'cli');
    core.forWorkspace(alpha.slug).agents.create({ crew: alphaOps.slug, name: 'Alpha Scout' }, 'cli');
    core.forWorkspace(bravo.slug).crews.create({ name: 'Bravo Ops' }, 'cli');
  });

  afterAll(async () => {
    await ui?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const switcher = () => page.getByLabel('Workspace', { exact: true });
  const row = (name: string | RegExp) => page.getByRole('row', { name });

  async function goTo(label: string): Promise<void> {
    await nav().getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await visible(page.getByRole('heading', { level: 1, name: label }));
  }

  it('opens in the default workspace and switches: each page shows that workspace’s rows only', async () => {
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
    expect(await switcher().locator('option:checked').textContent()).toBe('Default workspace');
    await goTo('Crews');
    await visible(row(/Home Base/));

    await switcher().selectOption({ label: 'Alpha' });
    await visible(row(/Alpha Ops/));
    expect(await row(/Home Base/).count()).toBe(0);
    await goTo('Agents');
    await visible(row(/Alpha Scout/));
    await expect.poll(() => core.preferences.get().workspace).toBe(alpha.id);
  });

  it('is not refreshed by another workspace’s changes, and is by its own', async () => {
    await goTo('Crews');
    core.forWorkspace(bravo.slug).crews.create({ name: 'Bravo Night' }, 'cli');
    core.forWorkspace(alpha.slug).crews.create({ name: 'Alpha Night' }, 'cli');
    await visible(row(/Alpha Night/));
    expect(await row(/Bravo/).count()).toBe(0);
    await screenshotInBothThemes(core, page, 'workspaces-switcher');
  });

  it('comes back to the chosen workspace after a reload, and shows the other’s rows once switched to it', async () => {
    await page.reload();
    await visible(row(/Alpha Night/));
    expect(await switcher().locator('option:checked').textContent()).toBe('Alpha');

    await switcher().selectOption({ label: 'Bravo' });
    // Bravo Night was created while Alpha was shown: Bravo's list is read afresh, not from a cache of Alpha's.
    await visible(row(/Bravo Night/));
    await visible(row(/Bravo Ops/));
    expect(await row(/Alpha/).count()).toBe(0);
  });

  it('lists the workspaces in Settings, creates one, and deletes one after naming what goes with it', async () => {
    await goTo('Settings');
    await page.getByRole('radio', { name: 'Dark' }).check();
    const panel = page.getByRole('region', { name: /Workspaces/ });
    await visible(panel.getByRole('row', { name: /Alpha/ }).getByText('1 agent and 2 crews'));
    await panel.getByLabel('Workspace name').fill('Acme Production');
    await panel.getByRole('button', { name: 'Create workspace' }).click();
    await visible(panel.getByRole('row', { name: /Acme Production/ }).getByText('acme-production', { exact: true }));
    await panel.getByLabel('Workspace name').fill('Acme Production');
    await panel.getByRole('button', { name: 'Create workspace' }).click();
    await visible(panel.getByRole('alert').getByText('workspace_slug_taken'));
    await screenshotInBothThemes(core, page, 'settings-workspaces', { of: panel });
    // The default workspace can be renamed, never deleted: it has no Delete.
    expect(await page.getByRole('button', { name: 'Delete workspace Default workspace' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Delete workspace Bravo' }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog.getByText('Delete workspace Bravo and everything in it?'));
    await visible(dialog.getByText('2 crews', { exact: true }));
    await visible(dialog.getByText('This window works in it now; it moves to the default workspace.'));
    await screenshotInBothThemes(core, page, 'settings-workspaces-delete');
    await dialog.getByRole('button', { name: 'Delete workspace and its contents' }).click();
    await gone(dialog);
    await gone(panel.getByRole('row', { name: /Bravo/ }));
    expect(core.workspaces.list().map((workspace) => workspace.slug)).toEqual(['default', 'acme-production', 'alpha']);
    // The window was in Bravo: it is in the default workspace now.
    await expect.poll(() => switcher().locator('option:checked').textContent()).toBe('Default workspace');
    await goTo('Crews');
    await visible(row(/Home Base/));
  });

  it('names what goes with the workspace the window is in before deleting it, and Escape keeps it', async () => {
    await goTo('Settings');
    await switcher().selectOption({ label: 'Alpha' });
    await page.getByRole('button', { name: 'Delete workspace Alpha' }).click();
    await visible(page.getByRole('dialog').getByText('1 agent', { exact: true }));
    await page.keyboard.press('Escape');
    await gone(page.getByRole('dialog'));
    await goTo('Crews');
    await visible(row(/Alpha Night/));
  });

  it('ran without errors in the page', () => {
    // The refused duplicate workspace is an expected 409, which Chromium logs as a failed resource.
    expect(tab.pageErrors.filter((message) => !/status of 409/.test(message))).toEqual([]);
  });
});
