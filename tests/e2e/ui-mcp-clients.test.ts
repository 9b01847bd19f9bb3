import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openTesterOnEverything, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * The operator desk in the system's Chromium against a real core and the real server-everything
 * over stdio: a sampling request answered with the operator's reply, a URL-mode request opened,
 * a form with titled single and multiple selects (a checkbox group) and their defaults, and a
 * tool run as a task (its status, then its result), and roots granted as a text list.
 * Screenshots dark, then light.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-clients: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('requests that wait on the operator, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  const opened: string[] = [];

  beforeAll(async () => {
    ui = await openTesterOnEverything({
      dataDirPrefix: 'crewship-ui-mcp-clients-',
      timeoutMs: VISIBLE_MS,
      // As in the app, the core opens the system browser (here: records the URL) and the system's
      // folder dialog (here: the operator picks one folder).
      coreOptions: { mcp: { elicitations: true, sampling: true }, openExternal: async (url) => void opened.push(url), pickDirectory: async () => '/srv/projects/gamma' },
    });
    ({ core, tab, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const requests = () => page.getByRole('region', { name: 'Requests for input' });
  const result = () => page.getByRole('region', { name: 'Result' });

  async function runTool(name: string, fill?: Record<string, string>): Promise<void> {
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name, exact: true }).click();
    const detail = page.getByRole('region', { name: new RegExp(name) });
    for (const [label, value] of Object.entries(fill ?? {})) await detail.getByRole('textbox', { name: label, exact: true }).fill(value);
    await detail.getByRole('button', { name: 'Run' }).click();
  }

  it('shows a sampling request’s messages, and the reply the operator writes is what the server gets', async () => {
    await runTool('trigger-sampling-request', { prompt: 'Name a colour' });
    const request = requests().getByRole('article', { name: 'everything asks for a model’s reply' });
    await visible(request.getByRole('list', { name: 'Messages' }).getByText('Resource trigger-sampling-request context: Name a colour'));
    await visible(request.getByText('You are a helpful test server.'));
    await request.getByRole('textbox', { name: 'Reply' }).fill('Teal, obviously.');
    await request.getByRole('textbox', { name: 'Model' }).fill('operator-1');
    await screenshotInBothThemes(core, page, 'operator-sampling');
    await request.getByRole('button', { name: 'Send reply' }).click();
    await gone(requests());
    await visible(result().getByText(/"text": "Teal, obviously\."/));
    await visible(result().getByText(/"model": "operator-1"/));
  });

  it('opens a URL-mode request’s link for the operator', async () => {
    await runTool('trigger-url-elicitation', { url: 'https://auth.example.test/consent' });
    const request = requests().getByRole('article', { name: 'everything asks you to open a link' });
    await visible(request.getByText('https://auth.example.test/consent'));
    await screenshotInBothThemes(core, page, 'operator-url-elicitation');
    await request.getByRole('button', { name: 'Open link' }).click();
    await gone(requests());
    await visible(result().getByText(/User completed the URL elicitation flow/));
    expect(opened).toEqual(['https://auth.example.test/consent']);
  });

  it('shows titled selects and a titled multi-select as a checkbox group, with their defaults, and sends the choices', async () => {
    await runTool('trigger-elicitation-request');
    const request = requests().getByRole('article', { name: 'everything asks for input' });
    await visible(request.getByText('Please provide inputs for the following fields:'));
    expect(await request.getByText('Unsupported field schema').count()).toBe(0);
    // Titled single select (oneOf const / title) and the legacy enumNames show titles, the defaults chosen.
    expect(await request.getByRole('combobox', { name: /^Titled Single Select Enum/ }).locator('option:checked').innerText()).toBe('Superman');
    expect(await request.getByRole('combobox', { name: /^Legacy Titled Single Select Enum/ }).locator('option:checked').innerText()).toBe('Cats');
    const fish = request.getByRole('group', { name: /^Titled Multiple Select Enum/ });
    expect(await fish.getByRole('checkbox', { name: 'Tuna' }).isChecked()).toBe(true);
    expect(await fish.getByRole('checkbox', { name: 'Trout' }).isChecked()).toBe(false);
    await fish.getByRole('checkbox', { name: 'Trout' }).check();
    const instruments = request.getByRole('group', { name: /^Untitled Multiple Select Enum/ });
    expect(await instruments.getByRole('checkbox', { name: 'Guitar' }).isChecked()).toBe(true);
    await instruments.getByRole('checkbox', { name: 'Drums' }).check();
    await request.getByRole('textbox', { name: 'String', exact: true }).fill('Ada Lovelace');
    await fish.scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, 'operator-titled-multi-select');
    await request.getByRole('button', { name: 'Send' }).click();
    await gone(requests());
    const raw = result().getByText(/Raw result/);
    await visible(raw);
    const text = await raw.first().innerText();
    expect(text).toMatch(/"titledMultipleSelectEnum": \[\s*"fish-1",\s*"fish-3"\s*\]/);
    expect(text).toMatch(/"untitledMultipleSelectEnum": \[\s*"Guitar",\s*"Drums"\s*\]/);
    expect(text).toContain('"titledSingleSelectEnum": "hero-1"');
  });

  it('runs a tool as a task: its status while the server works, then its result', async () => {
    await runTool('simulate-research-query', { topic: 'tidal energy' });
    const detail = page.getByRole('region', { name: /simulate-research-query/ });
    await visible(detail.getByText('Runs as a task'));
    const task = detail.getByRole('status', { name: 'Task' });
    await visible(task.getByText(/working/));
    await visible(task.getByText(/Analyzing content|Synthesizing findings|Generating report/));
    await screenshotInBothThemes(core, page, 'tester-task-running');
    await visible(result().getByText(/Research Report: tidal energy/));
    await visible(task.getByText('completed'));
  });

  it('grants a server roots as a text list, and the server sees them', async () => {
    await page.getByRole('tablist', { name: 'Activity' }).getByRole('tab', { name: 'Roots' }).click();
    const roots = page.getByRole('region', { name: 'Roots of everything' });
    await roots.getByRole('textbox', { name: /Directories granted to everything/ }).fill('/srv/projects/alpha\n/srv/projects/beta');
    await roots.getByRole('button', { name: 'Save roots' }).click();
    await visible(roots.getByText('2 granted.'));
    expect((await core.mcp.gateway.roots('everything')).map((root) => root.uri)).toEqual(['file:///srv/projects/alpha', 'file:///srv/projects/beta']);
    await roots.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => roots.getByRole('textbox', { name: /Directories granted to everything/ }).inputValue()).toBe('/srv/projects/alpha\n/srv/projects/beta\n/srv/projects/gamma');
    await roots.getByRole('button', { name: 'Save roots' }).click();
    await visible(roots.getByText('3 granted.'));
    await roots.scrollIntoViewIfNeeded();
    await screenshotInBothThemes(core, page, 'tester-roots');
    await runTool('get-roots-list');
    await visible(result().getByText(/file:\/\/\/srv\/projects\/beta/));
  });

  it('declines a sampling request and cancels a form: the server hears which', async () => {
    await runTool('trigger-sampling-request', { prompt: 'Or not?' });
    const sampling = requests().getByRole('article', { name: 'everything asks for a model’s reply' });
    await visible(sampling);
    await sampling.getByRole('button', { name: 'Decline' }).click();
    await gone(requests());
    await visible(result().getByText(/User rejected sampling request/));
    await runTool('trigger-elicitation-request');
    await visible(requests().getByRole('group', { name: /^Titled Multiple Select Enum/ }));
    await requests().getByRole('button', { name: 'Cancel' }).click();
    await gone(requests());
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
