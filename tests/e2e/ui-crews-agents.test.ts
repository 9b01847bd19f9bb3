import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { chromiumUnavailableReason, openPage, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, SCREENSHOT_DIR, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The real renderer (out/renderer, built by `npm run build`) in the system's Chromium, against a
 * real core through the local host — the same path a person takes with `crewship serve`.
 * Assertions are about what a person sees: headings, rows, buttons and messages by their names.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-crews-agents: skipped — ${unavailable}`);

const VISIBLE_MS = 10_000;

describe.skipIf(unavailable !== undefined)('the console in a browser against the real core', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let browser: Browser;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-', timeoutMs: VISIBLE_MS });
    ({ core, host, browser, tab, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const pageHeading = (name: string) => page.getByRole('heading', { level: 1, name });
  const row = (name: string | RegExp) => page.getByRole('row', { name });

  async function goTo(label: string): Promise<void> {
    await nav().getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await visible(pageHeading(label));
  }

  it('takes the token from the address, hides it, and opens on Integrations', async () => {
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(pageHeading('Integrations'));
    expect(page.url()).not.toContain(host.token);
    await visible(page.getByRole('tablist', { name: 'Integrations' }));
    await visible(page.getByText('Live', { exact: true }));
  });

  it('creates a crew, refuses a duplicate with its hint, and creates an agent in it', async () => {
    await goTo('Crews');
    await visible(page.getByRole('heading', { name: 'Create your first crew' }));

    await page.getByLabel('Crew name').fill('Night Shift');
    await page.getByRole('button', { name: 'Create crew' }).click();
    await visible(row(/Night Shift/));
    await visible(row(/Night Shift/).getByText('night-shift', { exact: true }));
    expect(await page.getByLabel('Crew name').inputValue()).toBe('');

    await page.getByLabel('Crew name').fill('Night Shift');
    await page.getByLabel('Crew name').press('Enter');
    const alert = page.getByRole('alert');
    await visible(alert.getByText('A crew with the slug "night-shift" already exists.'));
    await visible(alert.getByText('Choose another name, or pass a different slug.'));
    await visible(alert.getByText('crew_slug_taken'));

    await goTo('Agents');
    await page.getByLabel('Crew', { exact: true }).selectOption({ label: 'Night Shift' });
    await page.getByLabel('Agent name').fill('Mail Sorter');
    await page.getByRole('button', { name: 'Create agent' }).click();
    const agentRow = row(/Mail Sorter/);
    await visible(agentRow);
    await visible(agentRow.getByText('mail-sorter', { exact: true }));
    await visible(agentRow.getByText('Night Shift', { exact: true }));
  });

  it('renames the agent and the crew inline, and the names survive a reload', async () => {
    await page.getByRole('button', { name: 'Rename agent Mail Sorter' }).click();
    const agentName = page.getByLabel('New name for agent Mail Sorter');
    await agentName.fill('Inbox Sorter');
    await agentName.press('Enter');
    await visible(row(/Inbox Sorter/));
    await gone(row(/Mail Sorter/));
    // Renaming keeps the slug.
    await visible(row(/Inbox Sorter/).getByText('mail-sorter', { exact: true }));

    await page.reload();
    await visible(pageHeading('Agents'));
    await visible(row(/Inbox Sorter/));

    await goTo('Crews');
    await page.getByRole('button', { name: 'Rename crew Night Shift' }).click();
    // Escape leaves the name as it was.
    await page.getByLabel('New name for crew Night Shift').press('Escape');
    await visible(page.getByRole('button', { name: 'Rename crew Night Shift' }));
    await page.getByRole('button', { name: 'Rename crew Night Shift' }).click();
    await page.getByLabel('New name for crew Night Shift').fill('Day Shift');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(row(/Day Shift/));
    await gone(row(/Night Shift/));

    await page.reload();
    await visible(pageHeading('Crews'));
    await visible(row(/Day Shift/));
    await goTo('Agents');
    await visible(row(/Inbox Sorter/).getByText('Day Shift', { exact: true }));
  });

  it('deletes the agent, then the crew, each after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete agent Inbox Sorter' }).click();
    const agentDialog = page.getByRole('dialog', { name: 'Delete agent Inbox Sorter?' });
    await visible(agentDialog);
    await page.keyboard.press('Escape');
    await gone(agentDialog);
    await visible(row(/Inbox Sorter/));

    await page.getByRole('button', { name: 'Delete agent Inbox Sorter' }).click();
    await agentDialog.getByRole('button', { name: 'Delete agent' }).click();
    await gone(agentDialog);
    await gone(row(/Inbox Sorter/));
    await visible(page.getByRole('heading', { name: 'Create your first agent' }));

    await goTo('Crews');
    await page.getByRole('button', { name: 'Delete crew Day Shift' }).click();
    const crewDialog = page.getByRole('dialog', { name: 'Delete crew Day Shift?' });
    await crewDialog.getByRole('button', { name: 'Delete crew' }).click();
    await gone(crewDialog);
    await gone(row(/Day Shift/));
    await visible(page.getByRole('heading', { name: 'Create your first crew' }));
  });

  it('shows changes made outside this window at once, and deletes a crew together with its agents when asked', async () => {
    // Made through the core directly (as the CLI would): the page learns of it from the event stream.
    const crew = core.crews.create({ name: 'Made Elsewhere' }, 'cli');
    core.agents.create({ crew: crew.id, name: 'Remote Agent' }, 'cli');
    await visible(row(/Made Elsewhere/));
    await visible(row(/Made Elsewhere/).getByRole('link', { name: '1 agent in Made Elsewhere' }));

    await page.getByRole('button', { name: 'Delete crew Made Elsewhere' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete crew' }).click();
    const refusal = page.getByRole('dialog', { name: 'Delete crew Made Elsewhere and its agents?' });
    await visible(refusal.getByText('Crew "Made Elsewhere" still has 1 agent.'));
    await refusal.getByRole('button', { name: 'Delete crew and 1 agent' }).click();
    await gone(refusal);
    await gone(row(/Made Elsewhere/));
    expect(core.agents.list({})).toHaveLength(0);
  });

  it('keeps thousands of agents fast by rendering only the rows in view', async () => {
    const crews = ['Support desk', 'Research', 'Operations'].map((name) => core.crews.create({ name }, 'cli'));
    const insert = core.store.db.transaction(() => {
      for (let i = 0; i < 2000; i++) {
        core.agents.create({ crew: crews[i % crews.length]!.id, name: `Agent ${String(i).padStart(4, '0')}` }, 'cli');
      }
    });
    insert();
    await goTo('Agents');
    const table = page.getByRole('table', { name: 'Agents' });
    await visible(page.getByRole('heading', { name: /All agents\s*2,000/ }));
    expect(await table.getAttribute('aria-rowcount')).toBe('2001');
    const rendered = await table.getByRole('row').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(80);

    // The last agent is not drawn until the list is scrolled to it — here with the keyboard, from the scroller's own tab stop.
    const last = core.agents.list({}).at(-1)!;
    const lastRow = table.getByRole('row', { name: new RegExp(last.name) });
    expect(await lastRow.count()).toBe(0);
    const scroller = page.getByTestId('agents-scroll');
    await scroller.focus();
    await expect.poll(async () => {
      await page.keyboard.press('End');
      return isWithin(lastRow, scroller);
    }, { timeout: VISIBLE_MS }).toBe(true);
    expect(await lastRow.getAttribute('aria-rowindex')).toBe('2001');
    expect(await table.getByRole('row').count()).toBeLessThan(80);
    // From there Tab goes on to the rows' buttons, with the focus ring showing.
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('aria-label')).toMatch(/^(Rename|Delete) agent Agent \d{4}$/);
    expect(await focused.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');

    await page.getByLabel('Search agents').fill('Agent 1999');
    await visible(row(/Agent 1999/));
    expect(await table.getByRole('row').count()).toBe(2);
    await page.getByLabel('Search agents').fill('');
  });

  it('moves between tabs and pages with the keyboard', async () => {
    await goTo('Integrations');
    const catalog = page.getByRole('tab', { name: 'Catalog' });
    await catalog.focus();
    await page.keyboard.press('ArrowRight');
    const accounts = page.getByRole('tab', { name: 'Connected accounts' });
    expect(await accounts.getAttribute('aria-selected')).toBe('true');
    expect(await accounts.evaluate((element) => element === document.activeElement)).toBe(true);
    await visible(page.getByRole('tabpanel').getByRole('heading', { name: 'Add a Composio project key to see connected accounts' }));
    await page.keyboard.press('End');
    await visible(page.getByRole('tabpanel').getByRole('heading', { name: 'No agent has an MCP endpoint yet' }));
    await page.keyboard.press('Home');
    await visible(page.getByRole('tabpanel').getByRole('heading', { name: 'Add a Composio project key to see the catalog' }));

    await nav().getByRole('link', { name: /^Integrations/ }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await visible(pageHeading('Credentials'));
  });

  it('switches the theme from Settings: the core keeps the choice and a reload wears it', async () => {
    await setTheme('Light');
    // The choice is the operator's preference in the core, not only this window's.
    await expect.poll(() => core.preferences.get().theme).toBe('light');
    await page.reload();
    await visible(pageHeading('Settings'));
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await setTheme('Dark');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
  });

  it('writes a screenshot of every page, in both themes', async () => {
    const pages = [
      ['Integrations', 'integrations'],
      ['Credentials', 'credentials'],
      ['MCP servers', 'mcp-servers'],
      ['Registry', 'registry'],
      ['Crews', 'crews'],
      ['Agents', 'agents'],
      ['Settings', 'settings'],
    ] as const;
    for (const [label, file] of pages) {
      await goTo(label);
      await screenshotInBothThemes(core, page, file);
    }

    // A dialog and an error, the states a person meets most when something goes wrong.
    await goTo('Crews');
    await page.getByLabel('Crew name').fill('Research');
    await page.getByRole('button', { name: 'Create crew' }).click();
    await visible(page.getByRole('alert').getByText('crew_slug_taken'));
    await screenshotInBothThemes(core, page, 'crews-error');
    await goTo('Crews');
    await page.getByRole('button', { name: 'Delete crew Research' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete crew' }).click();
    await visible(page.getByRole('button', { name: /Delete crew and .* agents/ }));
    await screenshotInBothThemes(core, page, 'crews-delete-dialog');
    await page.keyboard.press('Escape');
    await gone(page.getByRole('dialog'));
  }, 90_000);

  it('says the session token is missing or wrong instead of showing broken pages', async () => {
    const fresh = await openPage(browser);
    fresh.page.setDefaultTimeout(VISIBLE_MS);
    try {
      await fresh.page.goto(`${host.url}/`);
      await visible(fresh.page.getByRole('heading', { name: 'The session token is missing' }));
      await visible(fresh.page.getByText('crewship serve').first());
      await fresh.page.screenshot({ path: join(SCREENSHOT_DIR, 'token-missing.png') });

      // Only the fragment changes: the page notices the new token by itself and starts over with it.
      await fresh.page.goto(`${host.url}/#token=not-the-token`);
      await visible(fresh.page.getByRole('heading', { name: 'The session token is wrong' }));
    } finally {
      await fresh.context.close();
    }
  });

  it('ran without errors in the page', () => {
    // The refused duplicate crew is an expected 409, which Chromium logs as a failed resource.
    const unexpected = tab.pageErrors.filter((message) => !/status of 409/.test(message));
    expect(unexpected).toEqual([]);
  });

  async function setTheme(label: 'Dark' | 'Light' | 'System'): Promise<void> {
    await goTo('Settings');
    await page.getByRole('radio', { name: label }).check();
  }

  /** Whether the element is drawn wholly inside the container's visible box. */
  async function isWithin(element: Locator, container: Locator): Promise<boolean> {
    if ((await element.count()) === 0) return false;
    const [inner, outer] = await Promise.all([element.boundingBox(), container.boundingBox()]);
    return inner !== null && outer !== null && inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
  }
});
