import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PRE_REGISTERED_CLIENT_ID, PRE_REGISTERED_CLIENT_SECRET, startMcpAuthServer, type McpAuthServer } from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../fixtures/mcp-auth/protected-server.ts';
import { runCrewship, spawnCrewship, spawnCrewshipWithEnv } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * `crewship mcp login | logout | call` against a protected MCP server (the SDK's server-side auth
 * helpers) with oidc-provider as its authorization server: the real binary, the test playing the
 * person in the browser with the authorization URL the CLI printed.
 */
const tempDir = useTempDirs('crewship-mcp-auth-cli-');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The authorization URL the CLI prints on a line of its own. */
const AUTHORIZE_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

async function setUp(): Promise<{ home: string; authServer: McpAuthServer; resource: ProtectedMcpServer }> {
  const authServer = await startMcpAuthServer();
  closers.push(() => authServer.close());
  const resource = await startProtectedMcpServer(authServer);
  closers.push(() => resource.close());
  const home = tempDir();
  const core = openTestCore(home);
  addServer(core, 'protected', { type: 'streamable-http', url: resource.url, headers: {} });
  await core.close();
  return { home, authServer, resource };
}

/** The browser's part: sign in and approve at the authorization server, then follow its redirect to the CLI's loopback listener. */
async function approveInBrowser(authServer: McpAuthServer, authorizeUrl: string): Promise<void> {
  const callback = await authServer.approve(authorizeUrl);
  const page = await fetch(callback);
  expect(await page.text()).toContain('Signed in');
}

describe('crewship mcp login, logout and call for a server that requires sign-in', () => {
  it('refuses a call with mcp_auth_required and the login to run; login --no-browser prints the URL and waits for the browser; logout forgets it', async () => {
    const { home, authServer, resource } = await setUp();
    const refused = await runCrewship(home, ['mcp', 'call', 'protected', 'whoami']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[mcp_auth_required]');
    expect(refused.stderr).toContain('crewship mcp login "protected"');
    expect(resource.tokensSeen).toEqual([]);

    const login = spawnCrewship(home, 'mcp', 'login', 'protected', '--no-browser');
    const [, authorizeUrl] = await login.waitFor(AUTHORIZE_LINE);
    const authorize = new URL(authorizeUrl!);
    expect(authorize.searchParams.get('resource')).toBe(resource.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    // Another origin than the server's is named before the browser would open.
    expect(login.output().stdout).toContain(`The sign-in page is at ${authServer.origin}, not at the server's own origin`);
    expect(login.output().stdout).toMatch(/Registration: Registered as client \S+ \(dynamic client registration\)/);
    await approveInBrowser(authServer, authorizeUrl!);
    expect(await login.exited, login.output().stderr).toBe(0);
    expect(login.output().stdout).toContain(`Signed in to protected at ${authServer.issuer} (scope: mcp:tools).`);

    const call = await runCrewship(home, ['mcp', 'call', 'protected', 'whoami']);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain('scopes=mcp:tools');

    const logout = await runCrewship(home, ['mcp', 'logout', 'protected']);
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('Signed out of protected.');
    const after = await runCrewship(home, ['mcp', 'call', 'protected', 'whoami']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('[mcp_auth_required]');
  });

  it('call --login signs in first ($BROWSER opened on the URL), then calls; a step-up on insufficient_scope asks for the union of the scopes and retries once', async () => {
    const { home, authServer, resource } = await setUp();
    const opened = join(home, 'browser-opened.txt');
    const browser = join(home, 'fake-browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
    chmodSync(browser, 0o755);
    const env = { BROWSER: `${browser} %s` };

    const first = spawnCrewshipWithEnv(home, env, 'mcp', 'call', 'protected', 'whoami', '--login');
    const [, firstUrl] = await first.waitFor(AUTHORIZE_LINE);
    expect(first.output().stdout).toContain('The sign-in page opened in your browser.');
    await approveInBrowser(authServer, firstUrl!);
    expect(await first.exited, first.output().stderr).toBe(0);
    expect(first.output().stdout).toContain('scopes=mcp:tools');
    expect(readFileSync(opened, 'utf8').trim()).toBe(firstUrl);

    // admin-echo needs mcp:admin too: the server answers 403 insufficient_scope.
    const short = await runCrewship(home, ['mcp', 'call', 'protected', 'admin-echo', '--args', '{"message":"hi"}']);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('[mcp_auth_insufficient_scope]');

    const stepUp = spawnCrewshipWithEnv(home, env, 'mcp', 'call', 'protected', 'admin-echo', '--args', '{"message":"hi"}', '--login');
    const [, stepUpUrl] = await stepUp.waitFor(AUTHORIZE_LINE);
    expect(new URL(stepUpUrl!).searchParams.get('scope')?.split(' ').sort()).toEqual(['mcp:admin', 'mcp:tools']);
    await approveInBrowser(authServer, stepUpUrl!);
    expect(await stepUp.exited, stepUp.output().stderr).toBe(0);
    expect(stepUp.output().stdout).toContain('admin:hi');
    expect(resource.tokensSeen.length).toBeGreaterThan(0);
  });

  it('client set | list | remove enter a pre-registered client (the secret read from standard input, never printed); client metadata shows the published document', async () => {
    const { home, authServer } = await setUp();
    const set = await runCrewship(home, ['mcp', 'client', 'set', '--issuer', authServer.issuer, '--client-id', PRE_REGISTERED_CLIENT_ID, '--client-secret-stdin'], `${PRE_REGISTERED_CLIENT_SECRET}\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(`Sign-ins at ${authServer.issuer} now use the client ${PRE_REGISTERED_CLIENT_ID} (its secret sealed).`);
    const list = await runCrewship(home, ['mcp', 'client', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ issuer: authServer.issuer, source: 'pre-registered', clientId: PRE_REGISTERED_CLIENT_ID })]);
    expect(list.stdout + set.stdout).not.toContain(PRE_REGISTERED_CLIENT_SECRET);

    const login = spawnCrewship(home, 'mcp', 'login', 'protected', '--no-browser');
    const [, authorizeUrl] = await login.waitFor(AUTHORIZE_LINE);
    expect(new URL(authorizeUrl!).searchParams.get('client_id')).toBe(PRE_REGISTERED_CLIENT_ID);
    await approveInBrowser(authServer, authorizeUrl!);
    expect(await login.exited, login.output().stderr).toBe(0);
    expect(authServer.requests.some((request) => request.path === '/reg')).toBe(false);

    const removed = await runCrewship(home, ['mcp', 'client', 'remove', '--issuer', authServer.issuer]);
    expect(removed.stdout).toContain(`Forgot the registration at ${authServer.issuer}.`);

    const metadata = await runCrewship(home, ['mcp', 'client', 'metadata', '--json'], '', { CREWSHIP_CLIENT_METADATA_URL: 'https://crewship.test/oauth/client.json' });
    expect(JSON.parse(metadata.stdout)).toMatchObject({ url: 'https://crewship.test/oauth/client.json', document: { client_id: 'https://crewship.test/oauth/client.json', application_type: 'native' } });
  });

  it('refuses to sign in to a server at a plain-http address off this machine, sending nothing there', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'remote-http', { type: 'streamable-http', url: 'http://mcp.example.invalid/mcp', headers: {} });
    await core.close();
    const login = await runCrewship(home, ['mcp', 'login', 'remote-http', '--no-browser']);
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('[mcp_auth_insecure_url]');
    expect(login.stdout).not.toMatch(AUTHORIZE_LINE);
  });
});

