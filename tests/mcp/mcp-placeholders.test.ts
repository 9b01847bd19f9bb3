import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { openStore } from '../../main/store/database.ts';
import { migrations } from '../../main/store/migrations/index.ts';
import { fixture } from '../fixtures/mcp/everything.ts';
import { startHeaderRecorder, type HeaderRecorder } from '../fixtures/mcp/header-recorder.ts';
import { crewshipWithEnv, runCrewship } from '../helpers/cli.ts';
import { openTestCore, TEST_MASTER_KEY } from '../helpers/core.ts';
import { thrownBy } from '../helpers/errors.ts';
import { addServer, insertCredential } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-placeholders-');
const AWS_SECRET = 'aws-secret-wJalrXUtnFEMI-K7MDENG';
/** The console's environment: the master key the CLI runs with, and a cloud secret beside it. */
const consoleEnv = { AWS_SECRET_ACCESS_KEY: AWS_SECRET };
const CLI_TEST_TIMEOUT_MS = 120_000;

let recorder: HeaderRecorder | undefined;
let core: Core | undefined;
afterEach(async () => {
  await recorder?.close();
  await core?.close();
  recorder = undefined;
  core = undefined;
});

const cli = (home: string, ...args: string[]) => crewshipWithEnv(home, consoleEnv, ...args);

/** A launch recorder's entry: it writes how it was started to `record`, if it is started at all. */
function launchEntry(record: string, args: string[], env: Record<string, string>) {
  return { command: process.execPath, args: [fixture('launch-recorder.mjs'), record, ...args], env };
}

function writeMcpJson(home: string, servers: Record<string, unknown>): string {
  const file = join(home, 'import.mcp.json');
  writeFileSync(file, JSON.stringify({ mcpServers: servers }));
  return file;
}

function launches(record: string): Array<{ argv: string[]; env: Record<string, string> }> {
  if (!existsSync(record)) return [];
  return readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, string> });
}

function storedServers(home: string): unknown[] {
  return JSON.parse(cli(home, 'mcp', 'list', '--json').stdout) as unknown[];
}

/** The error a `--json` command printed. */
function errorOf(run: { stdout: string }): { code: string; message: string; hint: string } {
  return (JSON.parse(run.stdout) as { error: { code: string; message: string; hint: string } }).error;
}

describe('${VAR} placeholders read only what the server is allowed', () => {
  it('refuses an imported .mcp.json that reads the master key and a cloud secret: nothing stored, the child never starts', () => {
    const home = tempDir();
    const record = join(home, 'launches.jsonl');
    const file = writeMcpJson(home, {
      leaky: launchEntry(record, ['--key', '${CREWSHIP_MASTER_KEY}'], { AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY}' }),
    });

    const refused = cli(home, 'mcp', 'import', file, '--json');
    expect(refused.code).toBe(2);
    const error = errorOf(refused);
    expect(error.code).toBe('mcp_placeholder_not_allowed');
    expect(error.message).toContain('${CREWSHIP_MASTER_KEY} in args[3] of MCP server "leaky"');
    expect(error.message).toContain('${AWS_SECRET_ACCESS_KEY} in env.AWS_SECRET_ACCESS_KEY of MCP server "leaky"');
    expect(error.hint).toContain('crewship mcp import <file> --allow-env VAR');
    expect(error.hint).toContain('CREWSHIP_* variables are the console’s own and can never be allowed');
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(AWS_SECRET);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(TEST_MASTER_KEY);

    // Allowing the cloud secret is not enough while the master key is named; allowing the master key is refused.
    const stillRefused = errorOf(cli(home, 'mcp', 'import', file, '--allow-env', 'AWS_SECRET_ACCESS_KEY', '--json'));
    expect(stillRefused.code).toBe('mcp_placeholder_not_allowed');
    expect(stillRefused.message).toContain('${CREWSHIP_MASTER_KEY}');
    expect(stillRefused.message).not.toContain('${AWS_SECRET_ACCESS_KEY}');
    const reserved = cli(home, 'mcp', 'import', file, '--allow-env', 'AWS_SECRET_ACCESS_KEY', '--allow-env', 'CREWSHIP_MASTER_KEY', '--json');
    expect(reserved.code).toBe(2);
    expect(errorOf(reserved)).toMatchObject({ code: 'mcp_placeholder_reserved', message: expect.stringContaining('CREWSHIP_MASTER_KEY cannot be allowed') });

    expect(storedServers(home)).toEqual([]);
    expect(cli(home, 'mcp', 'status', 'leaky').code).toBe(1);
    expect(existsSync(record)).toBe(false);
    expect(cli(home, 'audit', '--json').stdout).not.toContain('mcp.config.import');
  }, CLI_TEST_TIMEOUT_MS);

  it('an import that allows the variable stores the allow-list for that server, and the child receives the value', () => {
    const home = tempDir();
    const record = join(home, 'launches.jsonl');
    const file = writeMcpJson(home, {
      aws: launchEntry(record, [], { AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY}' }),
      // The default is a literal the operator wrote: without the variable allowed, it is all this entry gets.
      defaulted: launchEntry(record, ['${AWS_SECRET_ACCESS_KEY:-no-secret}'], {}),
    });
    const imported = cli(home, 'mcp', 'import', file, '--allow-env', 'AWS_SECRET_ACCESS_KEY', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ created: ['aws', 'defaulted'], updated: [], unchanged: [] });
    expect(JSON.parse(cli(home, 'mcp', 'show', 'aws', '--json').stdout)).toMatchObject({ allowedEnv: ['AWS_SECRET_ACCESS_KEY'] });
    // Only the entries that name a variable allowed at import are allowed it.
    expect(JSON.parse(cli(home, 'mcp', 'show', 'defaulted', '--json').stdout)).toMatchObject({ allowedEnv: [] });

    const call = cli(home, 'mcp', 'call', 'aws', 'launch');
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).not.toContain(AWS_SECRET);
    expect(cli(home, 'mcp', 'call', 'defaulted', 'launch').code).toBe(0);
    const [aws, defaulted] = launches(record);
    expect(aws?.env['AWS_SECRET_ACCESS_KEY']).toBe(AWS_SECRET);
    expect(defaulted?.argv).toEqual(['no-secret']);
    expect(JSON.stringify(defaulted)).not.toContain(AWS_SECRET);
    expect(JSON.stringify(launches(record))).not.toContain(TEST_MASTER_KEY);
  }, CLI_TEST_TIMEOUT_MS);

  it('add and edit refuse a remote URL or header that reads a variable not allowed, and --allow-env makes it resolve', async () => {
    const home = tempDir();
    recorder = await startHeaderRecorder();
    const url = cli(home, 'mcp', 'add', 'remote', '--url', 'https://${AWS_SECRET_ACCESS_KEY}.example/mcp', '--json');
    expect(url.code).toBe(2);
    expect(errorOf(url)).toMatchObject({ code: 'mcp_placeholder_not_allowed', message: expect.stringContaining('${AWS_SECRET_ACCESS_KEY} in url of MCP server "remote"') });
    expect(errorOf(url).hint).toContain('crewship mcp edit remote --allow-env VAR');
    const header = cli(home, 'mcp', 'add', 'remote', '--url', `${recorder.url}/mcp`, '--header', 'X-Key: ${AWS_SECRET_ACCESS_KEY}', '--json');
    expect(errorOf(header)).toMatchObject({ code: 'mcp_placeholder_not_allowed', message: expect.stringContaining('headers.X-Key') });
    const remoteImport = writeMcpJson(home, { remote: { type: 'http', url: `${recorder.url}/mcp`, headers: { 'X-Key': '${AWS_SECRET_ACCESS_KEY}' } } });
    expect(errorOf(cli(home, 'mcp', 'import', remoteImport, '--json')).code).toBe('mcp_placeholder_not_allowed');
    expect(storedServers(home)).toEqual([]);
    expect(recorder.requests).toEqual([]);

    const reserved = cli(home, 'mcp', 'add', 'remote', '--url', `${recorder.url}/mcp`, '--allow-env', 'CREWSHIP_MASTER_KEY', '--json');
    expect(errorOf(reserved).code).toBe('mcp_placeholder_reserved');

    const added = cli(home, 'mcp', 'add', 'remote', '--url', `${recorder.url}/mcp`, '--header', 'X-Key: ${AWS_SECRET_ACCESS_KEY}', '--allow-env', 'AWS_SECRET_ACCESS_KEY');
    expect(added.code, added.stderr).toBe(0);
    expect(cli(home, 'mcp', 'show', 'remote').stdout).toContain('allowed env: AWS_SECRET_ACCESS_KEY');
    const status = await runCrewship(home, ['mcp', 'status', 'remote', '--json'], '', consoleEnv);
    expect(status.code, status.stderr).toBe(0);
    expect(recorder.requests.find((request) => request.method === 'POST')?.headers['x-key']).toBe(AWS_SECRET);

    // Taking the allowance away while the header still reads the variable is refused; so is allowing CREWSHIP_*.
    const unallowed = cli(home, 'mcp', 'edit', 'remote', '--no-allow-env', '--json');
    expect(errorOf(unallowed).code).toBe('mcp_placeholder_not_allowed');
    expect(errorOf(cli(home, 'mcp', 'edit', 'remote', '--allow-env', 'AWS_SECRET_ACCESS_KEY', '--allow-env', 'crewship_master_key', '--json')).code).toBe('mcp_placeholder_reserved');
    expect(JSON.parse(cli(home, 'mcp', 'show', 'remote', '--json').stdout)).toMatchObject({ allowedEnv: ['AWS_SECRET_ACCESS_KEY'] });
    expect(cli(home, 'mcp', 'edit', 'remote', '--header', 'X-Key: fixed', '--no-allow-env').code).toBe(0);
    expect(JSON.parse(cli(home, 'mcp', 'show', 'remote', '--json').stdout)).toMatchObject({ allowedEnv: [], transport: { headers: { 'X-Key': 'fixed' } } });
  }, CLI_TEST_TIMEOUT_MS);

  it('the credential’s own variable resolves without being listed, from the credential and never the environment', async () => {
    core = openTestCore(tempDir(), { mcp: { env: { GITHUB_TOKEN: 'from-the-environment', CREWSHIP_MASTER_KEY: TEST_MASTER_KEY } } });
    const record = join(core.dataDir, 'launches.jsonl');
    const credentialId = insertCredential(core, 'gho_credential_token_1234567890');
    addServer(
      core,
      'github',
      { type: 'stdio', command: process.execPath, args: [fixture('launch-recorder.mjs'), record, '--token', '${GITHUB_TOKEN}'], env: {}, cwd: null },
      { credential: { credentialId, injection: { kind: 'env', variable: 'GITHUB_TOKEN' } } },
    );
    expect((await core.mcp.gateway.connect({ server: 'github' }))[0]?.state).toBe('ready');
    const [launch] = launches(record);
    expect(launch?.argv).toEqual(['--token', 'gho_credential_token_1234567890']);
    expect(launch?.env['GITHUB_TOKEN']).toBe('gho_credential_token_1234567890');

    // Without the credential, the placeholder would read the environment: that needs allowing.
    const unbound = thrownBy(() => core!.mcp.servers.update({ server: 'github', credential: null }, 'cli'));
    expect(unbound).toMatchObject({ code: 'mcp_placeholder_not_allowed', message: expect.stringContaining('${GITHUB_TOKEN} in args[3] of MCP server "github"') });
    expect(core.mcp.servers.get('github').credential?.credentialId).toBe(credentialId);

    // The import panel asks first: what a file would need allowed, by server, CREWSHIP_* marked.
    const text = JSON.stringify({
      mcpServers: {
        github: { command: 'node', args: ['${GITHUB_TOKEN}', '${CREWSHIP_MASTER_KEY}'] },
        other: { command: 'node', env: { A: '${GITHUB_TOKEN}', B: '${REGION:-eu}' } },
      },
    });
    expect(core.mcp.files.importVariables({ scope: { kind: 'workspace' }, text })).toEqual([
      { name: 'CREWSHIP_MASTER_KEY', servers: ['github'], reserved: true },
      { name: 'GITHUB_TOKEN', servers: ['other'], reserved: false },
    ]);
  });
});

describe('upgrading a database whose servers read the environment', () => {
  it('allows each existing server exactly the variables it names, except CREWSHIP_*', () => {
    const home = tempDir();
    const record = join(home, 'launches.jsonl');
    const old = openStore({ dataDir: home, migrations: migrations.slice(0, 3) });
    const insert = old.db.prepare(
      `INSERT INTO mcp_servers (id, workspace_id, name, scope_kind, scope_key, transport_type, transport, created_at, updated_at)
       VALUES (?, 'default', ?, 'workspace', 'workspace', 'stdio', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const transport = (args: string[], env: Record<string, string>) => JSON.stringify({ type: 'stdio', command: process.execPath, args: [fixture('launch-recorder.mjs'), record, ...args], env, cwd: null });
    insert.run('mcp_kept', 'kept', transport(['${REGION:-eu}'], { AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY}' }));
    insert.run('mcp_master', 'master', transport(['${CREWSHIP_MASTER_KEY}'], {}));
    insert.run('mcp_plain', 'plain', transport([], {}));
    old.close();

    const listed = storedServers(home) as Array<{ name: string; allowedEnv: string[] }>;
    expect(listed.map((server) => [server.name, server.allowedEnv])).toEqual([
      ['kept', ['AWS_SECRET_ACCESS_KEY', 'REGION']],
      ['master', []],
      ['plain', []],
    ]);
    const kept = crewshipWithEnv(home, { ...consoleEnv, REGION: 'us-east-1' }, 'mcp', 'call', 'kept', 'launch');
    expect(kept.code, kept.stderr).toBe(0);
    const [launch] = launches(record);
    expect(launch).toMatchObject({ argv: ['us-east-1'], env: { AWS_SECRET_ACCESS_KEY: AWS_SECRET } });

    // A row that names the master key fails its connect before the child starts.
    const master = JSON.parse(cli(home, 'mcp', 'status', 'master', '--json').stdout) as Array<{ state: string; error: { code: string; message: string } }>;
    expect(master[0]).toMatchObject({ state: 'failed', error: { code: 'mcp_placeholder_not_allowed', message: expect.stringContaining('${CREWSHIP_MASTER_KEY} in args[2] of MCP server "master"') } });
    expect(launches(record)).toHaveLength(1);
  }, CLI_TEST_TIMEOUT_MS);
});
