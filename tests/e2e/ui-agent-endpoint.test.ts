import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { Agent } from '../../main/agents/agent.ts';
import { startAgentsHost, type RunningAgentsHost } from '../../main/http/agents-host.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { gone, openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { connectAgent } from '../agent-endpoint/endpoint-kit.ts';

/**
 * An agent's call to a tool on "ask", approved in the browser: a real SDK client calls through the
 * agent's endpoint, the held call appears on every page, the operator approves it, the call ends.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-agent-endpoint: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)("Agents' MCP endpoint in a browser", () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let agents: RunningAgentsHost;
  let tab: BrowserPage;
  let page: Page;
  let scout: Agent;
  let client: Client | undefined;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-agent-endpoint-', timeoutMs: VISIBLE_MS });
    ({ core, host, tab, page } = ui);
    agents = await startAgentsHost({ core, port: 0 });
    addServer(core, 'local', everythingStdio());
    const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
    scout = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
    await page.goto(`${host.url}/#token=${host.token}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Integrations' }));
  });

  afterAll(async () => {
    await client?.close();
    await agents?.close();
    await ui?.close();
  });

  const endpointPanel = () => page.getByRole('region', { name: 'MCP endpoint' });

  it("shows the agent's endpoint, makes a token shown once, and gives the .mcp.json with a placeholder", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Agents/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Agents' }));
    await visible(endpointPanel().getByRole('textbox', { name: 'Endpoint URL' }));
    expect(await endpointPanel().getByRole('textbox', { name: 'Endpoint URL' }).inputValue()).toBe(`${agents.url}/agents/${scout.slug}/mcp`);
    await endpointPanel().getByRole('button', { name: 'Create token' }).click();
    const tokenField = endpointPanel().getByRole('textbox', { name: /shown this once/ });
    await visible(tokenField);
    const token = await tokenField.inputValue();
    expect(token).toMatch(/^cwa_/);
    const config = await endpointPanel().getByRole('textbox', { name: '.mcp.json for this agent' }).inputValue();
    expect(config).toContain('Bearer ${CREWSHIP_AGENT_TOKEN}');
    expect(config).not.toContain(token);
    client = await connectAgent(`${agents.url}/agents/${scout.slug}/mcp`, token);
  });

  it("approves an agent's held call from the browser, and the agent gets its result", async () => {
    await core.agentEndpoint.setPolicy(scout.id, 'local__get-sum', 'ask', 'ui');
    const call = client?.callTool({ name: 'local__get-sum', arguments: { a: 40, b: 2 } });
    const held = page.getByRole('region', { name: 'Calls waiting for approval' }).getByRole('article', { name: `Agent ${scout.slug} wants to call local__get-sum` });
    await visible(held);
    await visible(held.getByLabel('Arguments').getByText(/"a": 40/));
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'agent-endpoint-approval.png'), fullPage: true });
    await held.getByRole('button', { name: 'Approve' }).click();
    await gone(held);
    expect(await call).toMatchObject({ isError: false, content: [{ type: 'text', text: 'The sum of 40 and 2 is 42.' }] });
    await visible(endpointPanel().getByRole('list', { name: 'Recent calls' }).getByText('local · get-sum · succeeded'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'agent-endpoint-panel.png'), fullPage: true });
  });

  it("sets the agents' endpoint port on the Settings page, refusing one out of range", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
    const form = page.getByRole('form', { name: "The agents' MCP endpoint port" });
    const port = form.getByRole('textbox', { name: 'Port' });
    await visible(port);
    expect(await port.inputValue()).toBe('47321');
    await port.fill('70000');
    await visible(form.getByText('Use a whole number from 1 to 65535.'));
    expect(await form.getByRole('button', { name: 'Save port' }).isDisabled()).toBe(true);
    await port.fill('48123');
    await visible(form.getByText('http://127.0.0.1:48123/agents/<agent>/mcp'));
    await form.getByRole('button', { name: 'Save port' }).click();
    await expect.poll(() => core.preferences.get().agentsPort, { timeout: VISIBLE_MS }).toBe(48123);
    await expect.poll(() => form.getByRole('button', { name: 'Save port' }).isDisabled(), { timeout: VISIBLE_MS }).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'settings-agents-port.png'), fullPage: true });
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
