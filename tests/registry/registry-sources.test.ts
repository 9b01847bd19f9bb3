import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { generateServers } from '../fixtures/registry/generate.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * Registry sources: the registry in use plus one the operator adds (a company's sub-registry),
 * two stand-ins on 127.0.0.1 with overlapping server names, synced into a real SQLite file.
 */
const tempDir = useTempDirs('crewship-registry-sources-');
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

const SHARED = 'io.github.acme/weather';
const weather = (description: string, version: string) => ({
  name: SHARED,
  description,
  version,
  packages: [{ registryType: 'npm', identifier: '@acme/weather', version, transport: { type: 'stdio' } }],
});

async function twoRegistries(): Promise<{ official: RegistryStandIn; company: RegistryStandIn }> {
  // The same seed: both hold the same 120 names, as a sub-registry mirroring the official one does.
  const official = await RegistryStandIn.start(generateServers(120, { seed: 5 }));
  opened.push(official);
  const company = await RegistryStandIn.start(generateServers(120, { seed: 5 }));
  opened.push(company);
  official.publish(weather('Weather, as published', '1.0.0'));
  company.publish(weather('Weather, the company build', '1.0.0-acme'));
  company.publish({ name: 'com.acme.internal/tickets', description: 'The company ticket desk', version: '2.0.0', remotes: [{ type: 'streamable-http', url: 'https://tickets.acme.internal/mcp' }] });
  return { official, company };
}

function core(primary: string): Core {
  const c = openTestCore(tempDir(), { registry: { env: { CREWSHIP_REGISTRY_URL: primary }, client: { retryDelaysMs: [10], timeoutMs: 5000 } } });
  opened.push(c);
  return c;
}

describe('registry sources', () => {
  it('syncs every enabled source with its own cursor, lists overlapping names with their source, and removes one with its entries only', async () => {
    const { official, company } = await twoRegistries();
    const c = core(official.url);

    expect(await callOk(c, 'registry.sources.list', {})).toMatchObject([{ url: official.url, origin: 'primary', enabled: true, entries: 0, sync: { state: 'never' } }]);
    const added = await callOk(c, 'registry.sources.add', { url: `${company.url}/`, name: 'acme' });
    expect(added).toMatchObject({ url: company.url, name: 'acme', origin: 'added', enabled: true, entries: 0 });

    const synced = await callOk(c, 'registry.sources.sync', { wait: true });
    expect(synced.map((source) => [source.url, source.sync.state, source.entries])).toEqual([
      [official.url, 'finished', official.visible],
      [company.url, 'finished', company.visible],
    ]);

    // The shared name is listed twice, once per source, and each detail is its own source's.
    const both = await callOk(c, 'registry.search', { query: 'weather' });
    expect(both.rows.filter((row) => row.name === SHARED).map((row) => [row.source, row.version]).sort()).toEqual(
      [
        [company.url, '1.0.0-acme'],
        [official.url, '1.0.0'],
      ].sort(),
    );
    expect(await callOk(c, 'registry.show', { name: SHARED, source: company.url })).toMatchObject({ source: company.url, description: 'Weather, the company build' });
    expect((await callOk(c, 'registry.search', { source: company.url, query: 'tickets' })).rows).toMatchObject([{ name: 'com.acme.internal/tickets', source: company.url }]);

    // A second sync asks each registry only for what changed since its own watermark.
    const watermarks = Object.fromEntries(synced.map((source) => [source.url, source.sync.watermark]));
    const before = { official: official.requests.length, company: company.requests.length };
    await callOk(c, 'registry.sources.sync', { wait: true });
    expect(official.requests.slice(before.official).map((request) => request.query['updated_since'])).toEqual([watermarks[official.url]]);
    expect(company.requests.slice(before.company).map((request) => request.query['updated_since'])).toEqual([watermarks[company.url]]);
    expect(watermarks[official.url]).not.toBe(watermarks[company.url]);

    // A disabled source is not synced; its entries stay.
    expect(await callOk(c, 'registry.sources.update', { source: 'acme', enabled: false })).toMatchObject({ enabled: false, entries: company.visible });
    const requestsThen = company.requests.length;
    await callOk(c, 'registry.sources.sync', { wait: true });
    expect(company.requests.length).toBe(requestsThen);
    await callOk(c, 'registry.sources.update', { source: company.url, enabled: true });

    // Renamed, the source is found by its new name (search, show, plan, install), not by the old one; its URL still works.
    expect(await callOk(c, 'registry.sources.update', { source: 'acme', name: 'company' })).toMatchObject({ url: company.url, name: 'company' });
    const fromCompany = (await callOk(c, 'registry.search', { source: 'company', query: 'weather' })).rows;
    expect(fromCompany.every((row) => row.source === company.url)).toBe(true);
    expect(fromCompany.filter((row) => row.name === SHARED).map((row) => row.version)).toEqual(['1.0.0-acme']);
    expect(await callOk(c, 'registry.show', { name: SHARED, source: 'company' })).toMatchObject({ source: company.url, version: '1.0.0-acme' });
    expect(await callOk(c, 'registry.install.plan', { name: SHARED, source: 'company' })).toMatchObject({ version: '1.0.0-acme' });
    expect(await callRefused(c, 'registry.search', { source: 'acme' })).toMatchObject({ code: 'registry_source_not_found', hint: expect.stringContaining('source list') });
    expect(await callRefused(c, 'registry.sources.update', { source: 'company', name: new URL(official.url).host })).toMatchObject({ code: 'registry_source_exists' });
    await callOk(c, 'registry.sources.update', { source: company.url, name: 'acme' });

    // An install from the company source (named by its name) outlives the source.
    const installed = await callOk(c, 'registry.install', { name: SHARED, source: 'acme', serverName: 'weather-acme' });
    const removed = await callOk(c, 'registry.sources.remove', { source: 'acme' });
    expect(removed).toEqual({ url: company.url, name: 'acme', entriesRemoved: company.visible });
    expect(c.store.db.prepare('SELECT count(*) FROM registry_servers WHERE source = ?').pluck().get(company.url)).toBe(0);
    expect(c.store.db.prepare('SELECT count(*) FROM registry_servers WHERE source = ?').pluck().get(official.url)).toBe(official.visible);
    expect((await callOk(c, 'registry.search', { query: 'weather' })).rows.filter((row) => row.name === SHARED)).toMatchObject([{ source: official.url }]);
    expect(await callOk(c, 'registry.installs.list', {})).toMatchObject([{ serverId: installed.server.id, source: company.url, version: '1.0.0-acme' }]);
    expect((await callOk(c, 'mcp.servers.list', {})).map((server) => server.name)).toEqual(['weather-acme']);
    expect((await callOk(c, 'registry.sources.list', {})).map((source) => source.url)).toEqual([official.url]);
  });

  it('refuses a bad URL, a duplicate, an unknown source and removing the registry in use, each with a coded error and a hint', async () => {
    const { official, company } = await twoRegistries();
    const c = core(official.url);
    await expect(callOk(c, 'registry.sources.add', { url: 'ftp://registry.acme.internal' })).rejects.toMatchObject({ code: 'registry_url_invalid', hint: expect.stringContaining('base URL') });
    await expect(callOk(c, 'registry.sources.add', { url: 'not a url' })).rejects.toMatchObject({ code: 'registry_url_invalid' });
    await expect(callOk(c, 'registry.sources.add', { url: official.url })).rejects.toMatchObject({ code: 'registry_source_exists' });
    await callOk(c, 'registry.sources.add', { url: company.url, name: 'acme' });
    await expect(callOk(c, 'registry.sources.add', { url: 'https://other.example', name: 'acme' })).rejects.toMatchObject({ code: 'registry_source_exists', hint: expect.stringContaining('--name') });
    await expect(callOk(c, 'registry.sources.remove', { source: 'nope' })).rejects.toMatchObject({ code: 'registry_source_not_found', hint: expect.stringContaining('source list') });
    await expect(callOk(c, 'registry.sources.remove', { source: official.url })).rejects.toMatchObject({ code: 'registry_source_primary', hint: expect.stringContaining('disable') });
    // Nothing was lost: the sources are as they were.
    expect((await callOk(c, 'registry.sources.list', {})).map((source) => source.name)).toEqual([new URL(official.url).host, 'acme']);
  });

  it('crewship registry source add | list | remove and sync --all, through the real binary', async () => {
    const { official, company } = await twoRegistries();
    const home = tempDir();
    const cli = (...args: string[]) => runCrewship(home, args, '', { CREWSHIP_REGISTRY_URL: official.url });
    const added = await cli('registry', 'source', 'add', company.url, '--name', 'acme');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`Added registry source acme (${company.url}).`);
    const synced = await cli('registry', 'sync', '--all');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toContain(`acme (${company.url}): finished, ${company.visible} servers read; ${company.visible} cached entries.`);
    const listed = await cli('registry', 'source', 'list');
    expect(listed.stdout).toMatch(/^NAME\s+URL\s+STATE\s+ENTRIES\s+LAST SYNC\n/);
    expect(listed.stdout).toMatch(new RegExp(`acme\\s+${company.url.replace(/\./g, '\\.')}\\s+enabled\\s+${company.visible}\\s+finished`));
    const bad = await cli('registry', 'source', 'add', 'registry.acme.internal');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[registry_url_invalid]');
    const renamed = await cli('registry', 'source', 'rename', 'acme', 'company');
    expect(renamed.stdout).toContain(`Registry source ${company.url} is now named company.`);
    const shown = await cli('registry', 'show', SHARED, '--source', 'company', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ source: company.url, version: '1.0.0-acme' });
    const found = await cli('registry', 'search', 'weather', '--source', 'company', '--json');
    const foundRows = (JSON.parse(found.stdout) as { rows: Array<{ source: string; name: string }> }).rows;
    expect(foundRows.map((row) => row.name)).toContain(SHARED);
    expect(foundRows.every((row) => row.source === company.url)).toBe(true);
    const removed = await cli('registry', 'source', 'remove', 'company');
    expect(removed.stdout).toContain(`Removed registry source company (${company.url}) and its ${company.visible} cached entries.`);
  });
});
