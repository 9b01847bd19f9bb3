import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../main/system/app-version.ts';
import { generateServers } from '../fixtures/registry/generate.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/** `crewship registry …`, the real binary, against the stand-in on 127.0.0.1 (async: the stand-in runs in this process). */
const tempDir = useTempDirs('crewship-registry-cli-');
const SECRET = 'sk-cli-secret-0f9e8d7c6b5a';

describe('crewship registry', () => {
  let registry: RegistryStandIn;
  beforeAll(async () => {
    registry = await RegistryStandIn.start(generateServers(230, { seed: 21 }));
    registry.publish({
      name: 'io.github.acme/notes',
      description: 'Keep notes for an agent',
      version: '0.3.0',
      packages: [{ registryType: 'npm', identifier: '@acme/notes', version: '0.3.0', transport: { type: 'stdio' }, environmentVariables: [{ name: 'NOTES_TOKEN', isRequired: true, isSecret: true, description: 'API token' }] }],
    });
    registry.publish({
      name: 'io.github.acme/notes',
      description: 'Keep notes for an agent',
      version: '0.4.0',
      packages: [
        { registryType: 'npm', identifier: '@acme/notes', version: '0.4.0', transport: { type: 'stdio' } },
        { registryType: 'pypi', identifier: 'acme-notes', version: '0.4.0', transport: { type: 'stdio' } },
      ],
      remotes: [{ type: 'streamable-http', url: 'https://{region}.notes.example.com/mcp', variables: { region: { description: 'Where', choices: ['eu', 'us'], isRequired: true } } }],
    });
  });
  afterAll(() => registry.close());

  it('syncs with progress, searches, shows and installs; secrets are sealed and refusals say what to do', async () => {
    const home = tempDir();
    const cli = (...args: string[]) => runCrewship(home, args, '', { CREWSHIP_REGISTRY_URL: registry.url });

    const synced = await cli('registry', 'sync');
    expect(synced.code, synced.stderr).toBe(0);
    // Pages, servers and the rate, as they go.
    expect(synced.stdout).toMatch(/Syncing http:\/\/127\.0\.0\.1:\d+: page 3, \d+ servers, [1-9]\d*\/s/);
    expect(synced.stdout).toMatch(new RegExp(`cache: ${registry.visible} entries`));

    const found = await cli('registry', 'search', 'notes', 'agent', '--json');
    expect(JSON.parse(found.stdout)).toMatchObject({ total: 1, rows: [{ name: 'io.github.acme/notes', version: '0.4.0' }] });
    // --version after a command is the command's (the entry's version), the program's only as its first argument.
    expect((await runCrewship(home, ['--version'])).stdout).toBe(`${APP_VERSION}\n`);
    const shownJson = JSON.parse((await cli('registry', 'show', 'io.github.acme/notes', '--version', '0.3.0', '--json')).stdout) as { version: string; versions: unknown[] };
    expect(shownJson).toMatchObject({ version: '0.3.0', isLatest: false, packages: [{ identifier: '@acme/notes' }] });
    expect(shownJson.versions).toHaveLength(2);
    const table = await cli('registry', 'search', 'notes');
    expect(table.stdout).toMatch(/^NAME\s+VERSION\s+CATEGORY\s+RUNS\s+DESCRIPTION\n/);

    const shown = await cli('registry', 'show', 'io.github.acme/notes', '--version', '0.3.0');
    expect(shown.stdout).toContain('package 0: npm @acme/notes 0.3.0 (stdio)');
    expect(shown.stdout).toContain('NOTES_TOKEN (required, secret): API token');
    expect(shown.stdout).toContain('signed in to GitHub as acme');

    const missing = await cli('registry', 'install', 'io.github.acme/notes', '--version', '0.3.0');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[registry_install_input_missing]');
    expect(missing.stderr).toContain('hint: Give it with --env NOTES_TOKEN=<value>');

    const installed = await cli('registry', 'install', 'io.github.acme/notes', '--version', '0.3.0', '--env', `NOTES_TOKEN=${SECRET}`);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('runs: npx -y @acme/notes@0.3.0');
    expect(installed.stdout).toContain('sealed in the vault: NOTES_TOKEN');
    const listed = await runCrewship(home, ['mcp', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'notes', sealedVariables: ['NOTES_TOKEN'], transport: { env: { NOTES_TOKEN: '${NOTES_TOKEN}' } } }]);
    expect(listed.stdout + installed.stdout).not.toContain(SECRET);
    // The latest version's second package, and its remote with a URL variable.
    const pypi = await cli('registry', 'install', 'io.github.acme/notes', '--package', '1', '--name', 'notes-py');
    expect(pypi.stdout, pypi.stderr).toContain('runs: uvx acme-notes==0.4.0');
    const badRegion = await cli('registry', 'install', 'io.github.acme/notes', '--remote', '0', '--env', 'region=mars', '--name', 'notes-remote');
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toContain('[registry_install_input_invalid]');
    const remote = await cli('registry', 'install', 'io.github.acme/notes', '--remote', '0', '--env', 'region=eu', '--name', 'notes-remote', '--json');
    expect(JSON.parse(remote.stdout)).toMatchObject({ server: { name: 'notes-remote', transport: { type: 'streamable-http', url: 'https://eu.notes.example.com/mcp' } } });

    const file = join(home, 'server.json');
    writeFileSync(file, JSON.stringify({ name: 'io.github.acme/bad', description: '', version: 'latest', packages: [] }));
    const bad = await cli('registry', 'install', '--file', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\[registry_server_json_invalid\]/);
    expect(bad.stderr).toContain('description: required');
  });

  it('says so when the URL is not a registry, and the status keeps the error', async () => {
    const home = tempDir();
    const notRegistry = `${registry.url}/elsewhere`;
    const refused = await runCrewship(home, ['registry', 'sync', '--registry', notRegistry]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[registry_request_refused]');
    const status = await runCrewship(home, ['registry', 'status', '--registry', notRegistry, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'failed', error: { code: 'registry_request_refused' } });
    const bad = await runCrewship(home, ['registry', 'sync', '--registry', 'ftp://x']);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('[registry_url_invalid]') });
  });
});
