import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixture } from '../fixtures/mcp/everything.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { rejectionOf } from '../helpers/errors.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * Installing registry entries as MCP server configs: the command derived from the package, the
 * remote's URL variables and headers, every value checked, secret ones sealed in the vault and
 * read as ${NAME} placeholders — never in the config, an export, or the database file in clear.
 */
const tempDir = useTempDirs('crewship-registry-install-');
const API_KEY = 'sk-weather-4f1d9c2b7a6e5d3c';
const TOKEN = 'tok-remote-9a8b7c6d5e4f3a2b';

const weather = (version: string) => ({
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.acme/weather',
  title: 'Weather',
  description: 'Forecasts and weather alerts for any city',
  version,
  repository: { url: 'https://github.com/acme/weather', source: 'github' },
  packages: [
    {
      registryType: 'npm',
      identifier: '@acme/weather-mcp',
      version,
      runtimeHint: 'npx',
      transport: { type: 'stdio' },
      packageArguments: [{ type: 'named', name: '--units', description: 'Units', default: 'metric', choices: ['metric', 'imperial'] }],
      environmentVariables: [
        { name: 'WEATHER_API_KEY', description: 'Your API key', isRequired: true, isSecret: true },
        { name: 'LOG_LEVEL', description: 'How much to log', default: 'info', choices: ['debug', 'info'] },
      ],
    },
    { registryType: 'pypi', identifier: 'acme-weather', version, runtimeHint: 'uvx', transport: { type: 'stdio' } },
    { registryType: 'oci', identifier: 'docker.io/acme/weather', version, transport: { type: 'stdio' }, environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }] },
    { registryType: 'nuget', identifier: 'Acme.Weather', version, transport: { type: 'stdio' } },
    { registryType: 'unknown', identifier: 'weather', version, transport: { type: 'stdio' } },
  ],
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://{tenant}.weather.example.com/mcp',
      variables: { tenant: { description: 'Your tenant', isRequired: true } },
      headers: [{ name: 'Authorization', description: 'Bearer token', isRequired: true, isSecret: true, value: 'Bearer {token}', variables: { token: { isRequired: true, isSecret: true } } }],
    },
  ],
});

describe('registry install', () => {
  let registry: RegistryStandIn;
  let core: Core;
  let dataDir: string;

  beforeEach(async () => {
    registry = await RegistryStandIn.start([]);
    registry.publish(weather('1.2.0'));
    dataDir = tempDir();
    core = openTestCore(dataDir, { registry: { env: { CREWSHIP_REGISTRY_URL: registry.url }, client: { retryDelaysMs: [] } }, mcp: { env: {} } });
    await core.registry.runSync(undefined, 'cli');
  });

  afterEach(async () => {
    await core.close();
    await registry.close();
  });

  it('installs an npm package: npx -y <pkg>@<version> with its arguments, the secret sealed and read as ${NAME}', async () => {
    const installed = await callOk(core, 'registry.install', { name: 'io.github.acme/weather', values: { WEATHER_API_KEY: API_KEY, LOG_LEVEL: 'debug' } });
    expect(installed).toMatchObject({ registryName: 'io.github.acme/weather', version: '1.2.0', sealed: ['WEATHER_API_KEY'], summary: 'npx -y @acme/weather-mcp@1.2.0 --units <value>' });
    expect(installed.server).toMatchObject({
      name: 'weather',
      enabled: true,
      sealedVariables: ['WEATHER_API_KEY'],
      transport: { type: 'stdio', command: 'npx', args: ['-y', '@acme/weather-mcp@1.2.0', '--units', 'metric'], env: { WEATHER_API_KEY: '${WEATHER_API_KEY}', LOG_LEVEL: 'debug' } },
    });
    // Sealed in the vault; in clear nowhere on disk, in the config or its export.
    const sealed = core.store.db.prepare('SELECT value FROM mcp_server_secrets WHERE server_id = ?').pluck().get(installed.server.id) as Buffer;
    expect(sealed.subarray(0, 4).toString()).toBe('CWSV');
    core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dataDir, 'crewship.db')).includes(API_KEY)).toBe(false);
    const exported = await callOk(core, 'mcp.config.export', {});
    expect(JSON.stringify(exported)).toContain('${WEATHER_API_KEY}');
    expect(JSON.stringify(exported)).not.toContain(API_KEY);
    expect(JSON.stringify(await callOk(core, 'mcp.servers.list', {}))).not.toContain(API_KEY);
    const audit = core.store.db.prepare('SELECT detail FROM audit_log').pluck().all().join('\n');
    expect(audit).not.toContain(API_KEY);
    expect(await callOk(core, 'registry.installs.list', {})).toEqual([expect.objectContaining({ serverId: installed.server.id, version: '1.2.0', updateAvailable: false })]);
  });

  it('the child started from an installed config receives the sealed value, and the gateway redacts it', async () => {
    const record = join(dataDir, 'launch.jsonl');
    // The same entry, its runner pointed at a real local server that records how it was started.
    const local = weather('1.2.0');
    local.name = 'io.github.acme/weather-local';
    Object.assign(local.packages[0]!, { runtimeHint: process.execPath, runtimeArguments: [{ type: 'positional', value: fixture('launch-recorder.mjs') }, { type: 'positional', value: record }] });
    const text = JSON.stringify({ ...local, packages: [local.packages[0]], remotes: [] });
    const installed = await callOk(core, 'registry.install', { file: text, values: { WEATHER_API_KEY: API_KEY } });
    expect(installed.server.transport).toMatchObject({ command: process.execPath, args: [fixture('launch-recorder.mjs'), record, '@acme/weather-mcp@1.2.0', '--units', 'metric'] });
    const result = await callOk(core, 'mcp.tools.call', { server: installed.server.id, tool: 'launch', arguments: {} });
    const launched = JSON.parse(readFileSync(record, 'utf8').trim()) as { env: Record<string, string> };
    expect(launched.env['WEATHER_API_KEY']).toBe(API_KEY);
    expect(launched.env['LOG_LEVEL']).toBe('info');
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });

  it('installs a remote: URL variables filled, the secret header variable sealed', async () => {
    const installed = await callOk(core, 'registry.install', {
      name: 'io.github.acme/weather',
      target: { kind: 'remote', index: 0 },
      values: { tenant: 'acme', token: TOKEN },
      serverName: 'weather-remote',
    });
    expect(installed.server).toMatchObject({
      name: 'weather-remote',
      sealedVariables: ['TOKEN'],
      transport: { type: 'streamable-http', url: 'https://acme.weather.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
    });
    expect(core.mcp.secrets.values(installed.server.id)).toEqual({ TOKEN });
    expect(JSON.stringify(await callOk(core, 'mcp.config.export', {}))).not.toContain(TOKEN);
  });

  it('derives uvx, docker run -i --rm and dnx commands from pypi, oci and nuget packages', async () => {
    const plan = (index: number) => callOk(core, 'registry.install.plan', { name: 'io.github.acme/weather', target: { kind: 'package', index } });
    expect((await plan(1)).summary).toBe('uvx acme-weather==1.2.0');
    expect((await plan(2)).summary).toBe('docker run -i --rm -e WEATHER_API_KEY docker.io/acme/weather:1.2.0');
    expect((await plan(3)).summary).toBe('dnx Acme.Weather@1.2.0 --yes');
    expect((await plan(4)).unsupported).toMatch(/"unknown"/);
    const fields = (await plan(0)).fields.map((field) => [field.key, field.kind, field.isRequired, field.isSecret]);
    expect(fields).toEqual([
      ['WEATHER_API_KEY', 'env', true, true],
      ['LOG_LEVEL', 'env', false, false],
      ['--units', 'argument', false, false],
    ]);
  });

  it('refuses missing, unknown and invalid values, and an unsupported package, creating nothing', async () => {
    const install = (input: Parameters<typeof callOk<'registry.install'>>[2]) => callOk(core, 'registry.install', input).catch((error: unknown) => error);
    expect(await install({ name: 'io.github.acme/weather', values: {} })).toMatchObject({ code: 'registry_install_input_missing', message: expect.stringContaining('WEATHER_API_KEY (Your API key)') });
    expect(await install({ name: 'io.github.acme/weather', values: { WEATHER_API_KEY: 'k', LOG_LEVEL: 'loud' } })).toMatchObject({ code: 'registry_install_input_invalid', message: expect.stringContaining('LOG_LEVEL: one of debug, info') });
    expect(await install({ name: 'io.github.acme/weather', values: { WEATHER_API_KEY: 'k', NOPE: '1' } })).toMatchObject({ code: 'registry_install_input_invalid', message: expect.stringContaining('NOPE') });
    expect(await install({ name: 'io.github.acme/weather', values: { WEATHER_API_KEY: '${CREWSHIP_MASTER_KEY}' } })).toMatchObject({ code: 'registry_install_input_invalid' });
    expect(await install({ name: 'io.github.acme/weather', target: { kind: 'package', index: 4 } })).toMatchObject({ code: 'registry_package_unsupported' });
    expect(await install({ name: 'io.github.acme/weather', target: { kind: 'remote', index: 3 } })).toMatchObject({ code: 'registry_install_target_missing' });
    expect(await install({ name: 'io.github.nobody/none' })).toMatchObject({ code: 'registry_server_not_found' });
    expect(await callOk(core, 'mcp.servers.list', {})).toEqual([]);
  });

  it('names each problem of a server.json that does not fit the schema', async () => {
    const error = await rejectionOf(
      core.registry.install({ file: JSON.stringify({ name: 'bad name', description: 'x'.repeat(120), version: '^1.0.0', packages: [{ registryType: 'cargo', identifier: 'x', transport: { type: 'stdio' } }] }), values: {}, scope: { kind: 'workspace' } }, 'cli'),
    );
    expect(error.code).toBe('registry_server_json_invalid');
    expect(error.message).toMatch(/4 problems/);
    for (const part of ['name:', 'description: at most 100', 'version: "^1.0.0" is a range', 'packages[0].registryType: "cargo"']) expect(error.message).toContain(part);
    expect((await rejectionOf(core.registry.install({ file: '{"name": ', values: {}, scope: { kind: 'workspace' } }, 'cli'))).message).toMatch(/^The server.json is not valid JSON: Line 1, column 10: .*file\.$/);
  });

  it('shows a newer version in the registry, and an update keeps the operator’s values and sealed secrets', async () => {
    const installed = await callOk(core, 'registry.install', { name: 'io.github.acme/weather', values: { WEATHER_API_KEY: API_KEY, LOG_LEVEL: 'debug' } });
    registry.publish(weather('1.3.0'));
    await core.registry.runSync(undefined, 'cli');
    expect(await callOk(core, 'registry.installs.list', {})).toEqual([expect.objectContaining({ version: '1.2.0', latestVersion: '1.3.0', updateAvailable: true })]);
    const updated = await callOk(core, 'registry.installs.update', { server: installed.server.id });
    expect(updated.server.transport).toMatchObject({ args: ['-y', '@acme/weather-mcp@1.3.0', '--units', 'metric'], env: { WEATHER_API_KEY: '${WEATHER_API_KEY}', LOG_LEVEL: 'debug' } });
    expect(core.mcp.secrets.values(installed.server.id)).toEqual({ WEATHER_API_KEY: API_KEY });
    expect(await callOk(core, 'registry.installs.list', {})).toEqual([expect.objectContaining({ version: '1.3.0', updateAvailable: false })]);
    // Deleting the server takes its install record and sealed values with it.
    await callOk(core, 'mcp.servers.delete', { server: installed.server.id });
    expect(core.store.db.prepare('SELECT count(*) FROM mcp_server_secrets').pluck().get()).toBe(0);
    expect(await callOk(core, 'registry.installs.list', {})).toEqual([]);
  });
});
