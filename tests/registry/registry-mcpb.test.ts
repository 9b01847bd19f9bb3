import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { helloBundle, helloManifest, sha256, writeZip } from '../fixtures/registry/mcpb.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * mcpb bundles installed from the registry: downloaded from the stand-in, checked against their
 * fileSha256, unpacked into the data directory and run as the manifest says — a real stdio MCP
 * server that connects and lists its tools. Every refusal (a wrong or missing hash, plain http, a
 * path out of the folder, a bundle too large, a missing value) leaves nothing behind.
 */
const tempDir = useTempDirs('crewship-registry-mcpb-');
const TOKEN = 'hello-token-5b4a3c2d1e0f';
const MAX_BYTES = 256 * 1024;

const entry = (name: string, identifier: string, fileSha256: string | undefined) => ({
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name,
  description: 'Greets people, from a bundle',
  version: '1.0.0',
  packages: [{ registryType: 'mcpb', identifier, ...(fileSha256 ? { fileSha256 } : {}), transport: { type: 'stdio' } }],
});

describe('registry install of mcpb bundles', () => {
  let registry: RegistryStandIn;
  let core: Core;
  let dataDir: string;
  const bundlesDir = () => join(dataDir, 'mcp-bundles');
  const install = (name: string, values: Record<string, string> = { token: TOKEN }) => callOk(core, 'registry.install', { name, values }).catch((error: unknown) => error);
  /** Publishes `bundle` at /bundles/<file> under `name`, with `hash` as its fileSha256 (default: the bundle's own). */
  const publish = (name: string, bundle: Buffer, hash: string | null = sha256(bundle)) => {
    const url = registry.serveFile(`/bundles/${name.split('/')[1]}.mcpb`, bundle);
    registry.publish(entry(name, url, hash ?? undefined));
  };

  beforeEach(async () => {
    registry = await RegistryStandIn.start([]);
    dataDir = tempDir();
    core = openTestCore(dataDir, {
      registry: { env: { CREWSHIP_REGISTRY_URL: registry.url }, client: { retryDelaysMs: [] }, bundles: { allowLoopbackHttp: true, maxBytes: MAX_BYTES } },
      mcp: { env: {} },
    });
  });

  afterEach(async () => {
    await core.close();
    await registry.close();
  });

  it('downloads, checks and unpacks a bundle, runs what its manifest names, and the server lists its tools', async () => {
    const bundle = helloBundle();
    publish('io.github.acme/hello', bundle);
    await core.registry.runSync(undefined, 'cli');
    const folder = join(bundlesDir(), sha256(bundle));

    const plan = await callOk(core, 'registry.install.plan', { name: 'io.github.acme/hello' });
    expect(plan.unsupported).toBeNull();
    expect(plan.summary).toBe(`node ${folder}/server/index.mjs --greeting <value>`);
    expect(plan.fields.map((field) => [field.key, field.kind, field.label, field.isRequired, field.isSecret, field.default])).toEqual([
      ['greeting', 'setting', 'Greeting', false, false, 'Hello'],
      ['token', 'setting', 'API token', true, true, null],
    ]);
    // The plan read the manifest from the checked download; nothing is unpacked until an install.
    expect(existsSync(folder)).toBe(false);

    const installed = await callOk(core, 'registry.install', { name: 'io.github.acme/hello', values: { token: TOKEN } });
    expect(installed).toMatchObject({ registryName: 'io.github.acme/hello', sealed: ['TOKEN'] });
    expect(installed.server.transport).toEqual({
      type: 'stdio',
      command: 'node',
      args: [`${folder}/server/index.mjs`, '--greeting', 'Hello'],
      env: { HELLO_TOKEN: '${TOKEN}' },
      cwd: folder,
    });
    expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'server']);
    expect(readFileSync(join(folder, 'server', 'index.mjs'), 'utf8')).toContain("name: 'hello-bundle'");
    expect(statSync(join(folder, 'manifest.json')).mode & 0o077).toBe(0);
    // The token is sealed, never in the unpacked files or the config.
    expect(JSON.stringify(await callOk(core, 'mcp.servers.list', {}))).not.toContain(TOKEN);

    const tools = await callOk(core, 'mcp.tools.list', { server: installed.server.id });
    expect(JSON.stringify(tools)).toContain('"greet"');
    const call = await callOk(core, 'mcp.tools.call', { server: installed.server.id, tool: 'greet', arguments: { name: 'Ada' } });
    expect(JSON.stringify(call)).toContain(`Hello, Ada! (a token of ${TOKEN.length} characters)`);

    // A second install of the same bundle finds it unpacked (one download for the plan, one for the first install).
    const downloads = () => registry.requests.filter((request) => request.path.startsWith('/bundles/')).length;
    expect(downloads()).toBe(2);
    await callOk(core, 'registry.install', { name: 'io.github.acme/hello', values: { token: TOKEN, greeting: 'Ahoy' }, serverName: 'hello-2' });
    expect(downloads()).toBe(2);
  });

  it('refuses a bundle whose hash does not match, or that has no hash, keeping nothing', async () => {
    const bundle = helloBundle();
    publish('io.github.acme/tampered', bundle, sha256(Buffer.from('another file')));
    publish('io.github.acme/unhashed', bundle, null);
    await core.registry.runSync(undefined, 'cli');
    expect(await install('io.github.acme/tampered')).toMatchObject({ code: 'registry_bundle_hash_mismatch', message: expect.stringContaining(`hashes to ${sha256(bundle)}`) });
    expect(await install('io.github.acme/unhashed')).toMatchObject({ code: 'registry_bundle_unverified', message: expect.stringContaining('no fileSha256') });
    expect((await callOk(core, 'registry.install.plan', { name: 'io.github.acme/unhashed' })).unsupported).toMatch(/no fileSha256/);
    expect(existsSync(bundlesDir())).toBe(false);
    expect(await callOk(core, 'mcp.servers.list', {})).toEqual([]);
  });

  it('downloads over https only, and not past the size limit', async () => {
    registry.publish(entry('io.github.acme/plain', 'http://bundles.example.com/hello.mcpb', sha256(helloBundle())));
    const large = writeZip([{ path: 'manifest.json', data: JSON.stringify(helloManifest()) }, { path: 'blob.bin', data: Buffer.alloc(MAX_BYTES + 1, 7) }], 'store');
    publish('io.github.acme/large', large);
    await core.registry.runSync(undefined, 'cli');
    expect(await install('io.github.acme/plain')).toMatchObject({ code: 'registry_bundle_url_refused', message: expect.stringContaining('not https') });
    expect(await install('io.github.acme/large')).toMatchObject({ code: 'registry_bundle_too_large' });
    expect(existsSync(bundlesDir())).toBe(false);
  });

  it('refuses a bundle with a path out of its folder, a command reaching out of it, or no manifest, keeping nothing', async () => {
    publish('io.github.acme/slip', helloBundle(helloManifest(), [{ path: '../escaped.txt', data: 'out' }]));
    const reaching = helloManifest();
    (reaching['server'] as { mcp_config: { args: string[] } }).mcp_config.args = ['${__dirname}/../../escaped.mjs'];
    publish('io.github.acme/reaching', helloBundle(reaching));
    publish('io.github.acme/bare', writeZip([{ path: 'server/index.mjs', data: '' }]));
    publish('io.github.acme/notzip', Buffer.from('this is not a zip archive at all'));
    await core.registry.runSync(undefined, 'cli');
    expect(await install('io.github.acme/slip')).toMatchObject({ code: 'registry_bundle_invalid', message: expect.stringContaining('points outside the bundle') });
    expect(await install('io.github.acme/reaching')).toMatchObject({ code: 'registry_bundle_invalid', message: expect.stringContaining('reaches outside the bundle’s folder') });
    expect(await install('io.github.acme/bare')).toMatchObject({ code: 'registry_bundle_invalid', message: expect.stringContaining('no manifest.json') });
    expect(await install('io.github.acme/notzip')).toMatchObject({ code: 'registry_bundle_invalid', message: expect.stringContaining('not a zip archive') });
    expect(existsSync(join(dataDir, 'escaped.txt'))).toBe(false);
    expect(existsSync(bundlesDir()) ? readdirSync(bundlesDir()) : []).toEqual([]);
    expect(await callOk(core, 'mcp.servers.list', {})).toEqual([]);
  });

  it('asks for the manifest’s required options: an install without them removes the folder it unpacked', async () => {
    publish('io.github.acme/hello', helloBundle());
    await core.registry.runSync(undefined, 'cli');
    expect(await install('io.github.acme/hello', {})).toMatchObject({ code: 'registry_install_input_missing', message: expect.stringContaining('token (Your Hello API token)') });
    expect(await install('io.github.acme/hello', { token: TOKEN, colour: 'red' })).toMatchObject({ code: 'registry_install_input_invalid', message: expect.stringContaining('colour') });
    expect(readdirSync(bundlesDir())).toEqual([]);
    expect(await callOk(core, 'mcp.servers.list', {})).toEqual([]);
  });
});
