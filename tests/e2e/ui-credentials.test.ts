import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { RunningHost } from '../../main/http/host.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { gone, openConsoleInBrowser, SCREENSHOT_DIR, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { callContract, callOk } from '../helpers/core.ts';
import { PUBLIC_CLIENT_ID, startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';

/**
 * The Credentials page in Chromium against the real core, with oidc-provider on 127.0.0.1 as the
 * provider: the test creates a credential for it, clicks Connect, plays the person on the
 * provider's own login and consent pages in the tab that opens, and sees the credential connected.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-credentials: skipped — ${unavailable}`);

const VISIBLE_MS = 10_000;

describe.skipIf(unavailable !== undefined)('the Credentials page against a real authorization server', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let host: RunningHost;
  let server: LocalAuthServer;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-credentials-', timeoutMs: VISIBLE_MS, coreOptions: { oauth: { httpTimeoutMs: 5_000 } } });
    ({ core, host, tab, page } = ui);
    server = await startLocalAuthServer();
    await page.goto(`${host.url}/#token=${host.token}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Credentials/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Credentials' }));
  });

  afterAll(async () => {
    await ui?.close();
    await server?.close();
  });

  const row = (name: string | RegExp) => page.getByRole('row', { name });

  it('shows the provider picker and an empty list', async () => {
    await visible(page.getByRole('heading', { name: 'Create your first credential' }));
    const picker = page.getByLabel('Provider', { exact: true });
    const options = await picker.locator('option').allTextContents();
    expect(options).toEqual(['Google', 'Slack', 'GitHub', 'Microsoft', 'Linear', 'GitLab', 'Cloudflare', 'Stripe', 'Notion', 'Custom provider…']);
    // Choosing a provider fills in its default scopes and says what it needs.
    await picker.selectOption({ label: 'GitHub' });
    expect(await page.getByLabel('Scopes').inputValue()).toBe('repo user');
    await visible(page.getByPlaceholder('required by this provider'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-empty.png') });
  });

  it('creates a credential for the local provider; the secret is never shown', async () => {
    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Custom provider…' });
    await page.getByLabel('Label').fill('Local AS');
    await page.getByLabel('Client ID').fill(PUBLIC_CLIENT_ID);
    await page.getByLabel('Provider name').fill('Local test provider');
    await page.getByLabel('Authorize URL').fill(server.authorizeUrl);
    await page.getByLabel('Token URL').fill(server.tokenUrl);
    await page.getByLabel('Userinfo URL').fill(server.userinfoUrl);
    await page.getByLabel('Revocation URL').fill(server.revocationUrl);
    await page.getByLabel('Issuer').fill(server.issuer);
    await page.getByLabel('Scopes').fill('openid offline_access mcp:tools');
    await page.getByRole('button', { name: 'Create credential' }).click();
    await visible(page.getByText('Created credential Local AS. Connect it below.'));
    await visible(row(/Local AS/).getByText('Never connected'));
    await visible(row(/Local AS/).getByText('Never tested'));
  });

  it('connects: the provider’s login and consent pages in the tab that opens, then "Connected"', async () => {
    const popupOpened = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Connect Local AS', exact: true }).click();
    const progress = page.getByRole('region', { name: 'Connecting Local AS' });
    await visible(progress.getByText(/Waiting for you to sign in at Local test provider: \d+:\d\d left\./));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-connect-waiting.png') });

    const provider = await popupOpened;
    await provider.waitForLoadState();
    expect(provider.url().startsWith(server.issuer)).toBe(true);
    await provider.getByPlaceholder('Enter any login').fill('operator');
    await provider.getByPlaceholder('and password').fill('any password');
    await provider.getByRole('button', { name: 'Sign-in' }).click();
    await provider.getByRole('button', { name: 'Continue' }).click();
    await provider.getByRole('heading', { name: 'Connected' }).waitFor({ timeout: VISIBLE_MS });
    expect(await provider.getByText('You can close this tab').count()).toBe(1);
    await provider.close();

    await visible(progress.getByText('Connected to Local test provider.'));
    await visible(progress.getByText('openid offline_access mcp:tools'));
    await visible(row(/Local AS/).getByText('Connected', { exact: true }));
    await visible(row(/Local AS/).getByRole('button', { name: 'Reconnect Local AS' }));
    expect(core.credentials.get('Local AS')).toMatchObject({ status: 'connected', hasRefreshToken: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-connected.png') });
  });

  it('tests, refreshes and disconnects, saying what happened', async () => {
    await page.getByRole('button', { name: 'Test Local AS' }).click();
    const result = page.getByRole('status', { name: 'Result' });
    await visible(result.getByText('Test passed: Local AS'));
    await visible(result.getByText('Local test provider accepts the client and the access token of "Local AS".'));
    await visible(row(/Local AS/).getByText('Passed'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-tested.png') });

    await page.getByRole('button', { name: 'Refresh Local AS' }).click();
    await visible(result.getByText(/^Refreshed Local AS: the access token is good until/));
    expect(server.grants.filter((grant) => grant.ok).map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);

    await page.getByRole('button', { name: 'Disconnect Local AS' }).click();
    await visible(result.getByText('Disconnected Local AS. Local test provider revoked the grant.'));
    await visible(row(/Local AS/).getByText('Disconnected', { exact: true }));

    await page.getByRole('button', { name: 'Test Local AS' }).click();
    await visible(result.getByText('Test failed: Local AS'));
    await visible(result.getByText('"Local AS" was disconnected; it holds no tokens.'));
    await visible(row(/Local AS/).getByText('No tokens'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-test-failed.png') });
  });

  it('shows the operator’s refusal at the provider as a refusal, not a crash', async () => {
    const popupOpened = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Connect Local AS', exact: true }).click();
    const provider = await popupOpened;
    // Still signed in at the provider from the first Connect: it goes straight to its consent page.
    await provider.getByRole('button', { name: 'Continue' }).waitFor({ timeout: VISIBLE_MS });
    await provider.getByRole('link', { name: '[ Cancel ]' }).click();
    await provider.getByRole('heading', { name: 'Access declined' }).waitFor({ timeout: VISIBLE_MS });
    await provider.close();
    const progress = page.getByRole('region', { name: 'Connecting Local AS' });
    await visible(progress.getByText(/^Access was declined at Local test provider/));
    await visible(progress.getByText('oauth_access_denied'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-connect-declined.png') });
    await progress.getByRole('button', { name: 'Dismiss' }).click();
    await gone(progress);
  });

  it('deletes the credential after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete credential Local AS' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete credential Local AS?' });
    await visible(dialog);
    await page.keyboard.press('Escape');
    await gone(dialog);
    await visible(row(/Local AS/));
    await page.getByRole('button', { name: 'Delete credential Local AS' }).click();
    await dialog.getByRole('button', { name: 'Delete credential' }).click();
    await gone(dialog);
    await visible(page.getByRole('heading', { name: 'Create your first credential' }));
    expect(core.credentials.list()).toEqual([]);
  });

  it('shows a credential whose sealed secret was copied from another row as damaged, with its repair, and deletes it; the other is as before', async () => {
    const ids: Record<string, string> = {};
    for (const [label, secret] of [['Sound', 'cs_sound-client-secret-5555'], ['Broken', 'cs_broken-client-secret-6666']] as const) {
      ids[label] = (await callOk(core, 'credentials.create', { provider: 'github', label, clientId: `Iv1.${label}`, clientSecret: secret }, 'cli')).credential.id;
    }
    await visible(row(/Broken/).getByText('Never connected'));
    // Written around the console, as an attacker or a bad restore would; the page hears of it as of any change.
    const sealed = core.store.db.prepare("SELECT client_secret FROM credentials WHERE label = 'Sound'").pluck().get();
    core.store.db.prepare("UPDATE credentials SET client_secret = ? WHERE label = 'Broken'").run(sealed);
    core.bus.publish('credentials.changed', { credentialId: ids.Broken as string, change: 'updated' });

    const broken = row(/Broken/);
    await visible(broken.getByText('Damaged', { exact: true }));
    await visible(broken.getByText(`Enter the client secret again (\`crewship credential update ${ids.Broken} --client-secret-stdin\`), or delete the credential.`));
    expect(await broken.getByText('Damaged', { exact: true }).getAttribute('title')).toMatch(/^The secret in credentials\.client_secret of row .* was copied from another place/);
    expect(await broken.textContent()).not.toContain('cs_');
    await visible(row(/Sound/).getByText('Never connected'));
    await visible(row(/Sound/).getByText('cs_…5555'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'credentials-damaged.png') });

    await broken.getByRole('button', { name: 'Delete credential Broken' }).click();
    await page.getByRole('dialog', { name: 'Delete credential Broken?' }).getByRole('button', { name: 'Delete credential' }).click();
    await gone(broken);
    expect(core.credentials.list().map((credential) => credential.label)).toEqual(['Sound']);
    expect((await callContract(core, 'credentials.delete', { credential: 'Sound' }, 'cli')).ok).toBe(true);
  });

  it('ran without errors in the page', () => {
    expect(tab.pageErrors).toEqual([]);
  });
});
