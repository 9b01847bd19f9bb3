import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCrewship, spawnCrewship } from '../helpers/cli.ts';
import { startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-credential-cli-');

let server: LocalAuthServer;
let home: string;

beforeEach(async () => {
  server = await startLocalAuthServer();
  home = tempDir();
});
afterEach(async () => {
  await server.close();
});

const crewship = (args: string[], input?: string) => runCrewship(home, args, input);
const start = (args: string[]) => spawnCrewship(home, ...args);

async function createLocal(label = 'Local AS'): Promise<void> {
  const created = await crewship([
    'credential', 'create', '--provider', 'custom', '--label', label, '--client-id', 'crewship-desktop',
    '--scope', 'openid offline_access', '--scope', 'mcp:tools',
    '--name', 'Local AS', '--authorize-url', server.authorizeUrl, '--token-url', server.tokenUrl,
    '--userinfo-url', server.userinfoUrl, '--revocation-url', server.revocationUrl, '--issuer', server.issuer,
  ]);
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
}

describe('crewship credential', () => {
  it('prints the catalog, with --json as an array of providers with ids', async () => {
    const json = await crewship(['credential', 'providers', '--json']);
    expect(json.code).toBe(0);
    const providers = JSON.parse(json.stdout) as Array<{ id: string; authorizeUrl: string }>;
    expect(providers.map((p) => p.id)).toContain('google');
    expect(providers).toHaveLength(9);
    const table = await crewship(['credential', 'providers']);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PKCE\s+SECRET\s+REDIRECTS/);
    expect(table.stdout).toMatch(/github\s+GitHub\s+yes\s+required/);
  });

  it('has help on every command, and exits 2 on bad input, 1 on failure', async () => {
    const help = await crewship(['credential', '--help']);
    expect(help.code).toBe(0);
    for (const command of ['providers', 'create', 'list', 'show', 'connect', 'test', 'refresh', 'revoke', 'delete']) expect(help.stdout).toContain(`  ${command} `);
    expect((await crewship(['credential', 'connect', '--help'])).stdout).toMatch(/--redirect <kind>/);
    const noSecret = await crewship(['credential', 'create', '--provider', 'github', '--client-id', 'Iv1.x']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/GitHub needs the client secret .*\[credential_secret_required\]/);
    expect((await crewship(['credential', 'create', '--client-id', 'x'])).code).toBe(2);
    const missing = await crewship(['credential', 'show', 'nope', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'credential_not_found' } });
  });

  it('reads a client secret from stdin, seals it, and only ever shows it masked', async () => {
    const secret = 'cs_secret-typed-into-stdin-7a2b';
    const created = await crewship(['credential', 'create', '--provider', 'github', '--client-id', 'Iv1.x', '--client-secret-stdin', '--json'], `${secret}\n`);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ credential: { clientSecretPreview: 'cs_…7a2b' } });
    for (const args of [['credential', 'list'], ['credential', 'list', '--json'], ['credential', 'show', 'GitHub'], ['audit']]) {
      const run = await crewship(args);
      expect(run.stdout).not.toContain(secret);
    }
    expect((await crewship(['credential', 'show', 'GitHub'])).stdout).toContain('cs_…7a2b (sealed)');
  });

  it('connects through the loopback listener with a visible countdown, then tests, refreshes, revokes and deletes', async () => {
    await createLocal();
    const connect = start(['credential', 'connect', 'Local AS']);
    const [, url] = await connect.waitFor(/Open this address in your browser and sign in:\n\n {2}(\S+)\n/);
    await connect.waitFor(/Waiting for the sign-in: (9:5\d|10:00) left/);
    const callback = await server.approve(url as string);
    expect((await fetch(callback)).status).toBe(200);
    expect(await connect.exited).toBe(0);
    expect(connect.output().stdout).toContain('Connected. Granted scopes: openid offline_access mcp:tools.');

    const listed = JSON.parse((await crewship(['credential', 'list', '--json'])).stdout) as Array<{ status: string; hasRefreshToken: boolean }>;
    expect(listed).toMatchObject([{ status: 'connected', hasRefreshToken: true }]);
    expect((await crewship(['credential', 'list'])).stdout).toMatch(/Local AS\s+Local AS\s+connected\s+openid offline_access mcp:tools\s+never/);

    const tested = await crewship(['credential', 'test', 'Local AS']);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^PASS {2}Local AS accepts the client and the access token/);
    expect((await crewship(['credential', 'refresh', 'Local AS'])).stdout).toMatch(/^Refreshed "Local AS"/);
    // The test's client check is a refused grant too; the good ones are the exchange and the refresh.
    expect(server.grants.filter((grant) => grant.ok).map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);

    expect((await crewship(['credential', 'revoke', 'Local AS'])).stdout).toBe('Disconnected "Local AS". Local AS revoked the grant.\n');
    const after = await crewship(['credential', 'test', 'Local AS']);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^FAIL \(never_connected\) {2}"Local AS" was disconnected/);
    expect((await crewship(['credential', 'delete', 'Local AS'])).code).toBe(0);
    expect(JSON.parse((await crewship(['credential', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('connects through a pasted crewship:// link, following the flow as JSON lines', async () => {
    await createLocal();
    const connect = start(['credential', 'connect', 'Local AS', '--redirect', 'deep-link', '--json']);
    const [line] = await connect.waitFor(/^\{"event":"started".*\}$/m);
    const started = JSON.parse(line) as { authorizeUrl: string; flow: { redirectUri: string } };
    expect(started.flow.redirectUri).toBe('crewship://oauth/callback');
    const link = await server.approve(started.authorizeUrl);
    connect.child.stdin.write(`not a link\n${link}\n`);
    expect(await connect.exited).toBe(0);
    const events = connect.output().stdout.trim().split('\n').map((text) => JSON.parse(text) as { event: string; status?: string; flow?: { status: string } });
    expect(events.map((event) => event.status ?? event.event)).toEqual(['started', 'exchanging', 'connected', 'finished']);
    expect(events.at(-1)?.flow?.status).toBe('connected');
    expect(connect.output().stderr).toMatch(/Not a crewship:\/\/oauth\/callback address/);
  });

  it('reports the operator’s refusal and exits 1; Ctrl+C cancels', async () => {
    await createLocal();
    const declined = start(['credential', 'connect', 'Local AS']);
    const [, url] = await declined.waitFor(/sign in:\n\n {2}(\S+)\n/);
    await fetch(await server.approve(url as string, { decline: true }));
    expect(await declined.exited).toBe(1);
    expect(declined.output().stderr).toMatch(/^error: Access was declined at Local AS.*\[oauth_access_denied\]\nhint: /);

    const cancelled = start(['credential', 'connect', 'Local AS']);
    await cancelled.waitFor(/Waiting for the sign-in/);
    cancelled.child.kill('SIGINT');
    expect(await cancelled.exited).toBe(1);
    expect(cancelled.output().stderr).toContain('[oauth_flow_cancelled]');
  });
});
