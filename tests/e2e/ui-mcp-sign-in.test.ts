import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { PRE_REGISTERED_CLIENT_ID, PRE_REGISTERED_CLIENT_SECRET, startMcpAuthServer, type McpAuthServer } from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../fixtures/mcp-auth/protected-server.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';

/**
 * Signing in to a remote MCP server that requires authorization, in Chromium against the real
 * core: the protected server (the SDK's server-side auth helpers) and oidc-provider on 127.0.0.1;
 * the operator adds the server, sees "needs sign-in", confirms the other origin, signs in on the
 * provider's own login and consent pages in the tab that opens, follows the steps and the auth
 * debugger, and calls a tool with the token.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-sign-in: skipped — ${unavailable}`);

const VISIBLE_MS = 15_000;

describe.skipIf(unavailable !== undefined)('signing in to a protected MCP server from the MCP servers page', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;
  let authServer: McpAuthServer;
  let resource: ProtectedMcpServer;

  beforeAll(async () => {
    authServer = await startMcpAuthServer();
    resource = await startProtectedMcpServer(authServer);
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-mcp-sign-in-', timeoutMs: VISIBLE_MS });
    ({ core, tab, page } = ui);
    await page.goto(ui.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'MCP servers' }));
  });

  afterAll(async () => {
    await ui?.close();
    await resource?.close();
    await authServer?.close();
  });

  const row = () => page.getByRole('row').filter({ has: page.getByText('protected', { exact: true }) });
  const panel = () => page.getByRole('region', { name: 'Signing in to protected' });

  it('adds the protected server; connecting it says it needs sign-in, with a Sign in button', async () => {
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    await form.getByLabel('Name', { exact: true }).fill('protected');
    await form.getByRole('radio', { name: 'Streamable HTTP' }).check();
    await form.getByLabel('URL', { exact: true }).fill(resource.url);
    await form.getByRole('button', { name: 'Save server' }).click();
    await gone(form);
    await row().getByRole('button', { name: 'Connect protected' }).click();
    await visible(row().getByText('needs sign-in'));
    await visible(row().getByText(/requires sign-in \(OAuth\)/));
    await visible(row().getByRole('button', { name: 'Sign in to protected' }));
    expect(resource.tokensSeen).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-needed.png'), fullPage: true });
  });

  it('runs discovery and registration, then names the other origin before the browser opens', async () => {
    await row().getByRole('button', { name: 'Sign in to protected' }).click();
    await visible(panel());
    const steps = panel().getByRole('list', { name: 'Sign-in steps' });
    await visible(steps.getByText('Discovery'));
    await visible(panel().getByText(`Authorization server ${authServer.issuer}`, { exact: false }));
    await visible(panel().getByText(/Registered as client \S+ \(dynamic client registration\)/));
    await visible(panel().getByText(`The sign-in page is at ${authServer.origin}`, { exact: false }));
    // Nothing was opened yet: the operator has not confirmed the other origin.
    expect(tab.context.pages()).toHaveLength(1);
    expect(authServer.requests.some((request) => request.path === '/auth')).toBe(false);
    // The debugger lists the challenge and every discovery document fetched.
    const requests = panel().getByRole('list', { name: 'Requests of the sign-in' });
    await visible(requests.getByText(`${new URL(resource.url).origin}/.well-known/oauth-protected-resource/mcp`, { exact: true }));
    await visible(requests.getByText(`${authServer.issuer}/.well-known/oauth-authorization-server`, { exact: true }));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-confirm.png'), fullPage: true });
  });

  it('signs in on the provider’s login and consent pages in the tab that opens, and the steps finish', async () => {
    const popupOpened = page.context().waitForEvent('page');
    await panel().getByRole('button', { name: `Continue to ${authServer.origin}` }).click();
    await visible(panel().getByText(`Waiting for you to sign in and approve at ${authServer.origin}.`));
    const provider = await popupOpened;
    await provider.waitForLoadState();
    expect(provider.url().startsWith(`${authServer.origin}/`)).toBe(true);
    await provider.getByPlaceholder('Enter any login').fill('operator');
    await provider.getByPlaceholder('and password').fill('any password');
    await provider.getByRole('button', { name: 'Sign-in' }).click();
    await provider.getByRole('button', { name: 'Continue' }).click();
    await provider.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: VISIBLE_MS });
    await provider.close();

    await visible(panel().getByText('Signed in to protected: its tools can be called now.'));
    await visible(row().getByText('signed in', { exact: true }));
    await visible(row().getByText(authServer.issuer, { exact: false }));
    expect(core.mcpAuth.status('protected')).toMatchObject({ signedIn: true, resource: resource.url });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-done.png'), fullPage: true });
  });

  it('shows each request in the auth debugger with its secrets redacted', async () => {
    const requests = panel().getByRole('list', { name: 'Requests of the sign-in' });
    const tokenRequest = requests.getByRole('listitem').filter({ hasText: `POST ${authServer.issuer}/token` });
    await tokenRequest.getByText(`${authServer.issuer}/token`).click();
    await visible(tokenRequest.getByText('"grant_type": "authorization_code"', { exact: false }));
    await visible(tokenRequest.getByText('"access_token": "[redacted]"', { exact: false }));
    const shown = await panel().innerText();
    for (const token of resource.tokensSeen) expect(shown).not.toContain(token);
    await tokenRequest.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-debugger.png'), fullPage: true });
  });

  it('calls a tool of the signed-in server from the tool tester', async () => {
    await row().getByRole('link', { name: 'Test the tools of protected' }).click();
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'whoami' }).click();
    const detail = page.getByRole('region', { name: /whoami/ });
    await detail.getByRole('button', { name: 'Run' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await visible(result.getByText(/scopes=mcp:tools/));
    await visible(result.getByText('Succeeded'));
    expect(resource.tokensSeen.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-tool-call.png') });
  });

  it('asks to sign in again for a tool that needs more scope (step-up), then runs the call again', async () => {
    await page.getByRole('listbox', { name: 'Tools' }).getByRole('option', { name: 'admin-echo' }).click();
    const detail = page.getByRole('region', { name: /admin-echo/ });
    await detail.getByRole('textbox', { name: 'message' }).fill('hi');
    await detail.getByRole('button', { name: 'Run' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await visible(result.getByText('mcp_auth_insufficient_scope'));
    const ask = result.getByRole('group', { name: 'Sign in to protected' });
    await ask.getByRole('button', { name: 'Sign in again and run' }).click();
    await visible(ask.getByText(/asking for/));
    expect((await ask.locator('code').allTextContents()).join(' ')).toMatch(/mcp:tools mcp:admin|mcp:admin mcp:tools/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-step-up.png') });

    const popupOpened = page.context().waitForEvent('page');
    await ask.getByRole('button', { name: `Continue to ${authServer.origin}` }).click();
    const provider = await popupOpened;
    // Still signed in at the provider: it asks only for the consent to the larger scope.
    await provider.getByRole('button', { name: 'Continue' }).click();
    await provider.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: VISIBLE_MS });
    await provider.close();
    await visible(result.getByText('admin:hi'));
    await visible(result.getByText('Succeeded'));
    expect(core.mcpAuth.status('protected').grantedScopes.sort()).toEqual(['mcp:admin', 'mcp:tools']);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-step-up-done.png') });
    expect(tab.pageErrors).toEqual([]);
  });

  it('lists the console’s client at the authorization server, and takes a pre-registered one whose secret is never shown', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^MCP servers/ }).click();
    await page.getByText('Sign-in clients').click();
    const list = page.getByRole('list', { name: 'Sign-in clients' });
    await visible(list.getByText('Dynamic registration'));
    await visible(list.getByText(authServer.issuer));
    await page.getByLabel('Authorization server (issuer URL)').fill(authServer.issuer);
    await page.getByLabel('Client ID', { exact: true }).fill(PRE_REGISTERED_CLIENT_ID);
    await page.getByLabel(/^Client secret/).fill(PRE_REGISTERED_CLIENT_SECRET);
    await page.getByRole('button', { name: 'Save client' }).click();
    await visible(page.getByText(`Sign-ins at ${authServer.issuer} now use the client ${PRE_REGISTERED_CLIENT_ID}.`));
    await visible(list.getByText('Pre-registered'));
    expect(await page.locator('body').innerText()).not.toContain(PRE_REGISTERED_CLIENT_SECRET);
    expect(core.mcpAuth.clients()).toEqual([expect.objectContaining({ source: 'pre-registered', clientId: PRE_REGISTERED_CLIENT_ID })]);
    await page.getByText('Sign-in clients').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'mcp-sign-in-clients.png') });
  });
});

