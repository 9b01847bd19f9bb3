import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { AppError } from '../../main/errors/app-error.ts';
import type { RegistrySyncStatus } from '../../main/registry/types.ts';
import { generateServers, seedServers } from '../fixtures/registry/generate.ts';
import { OFFICIAL, RegistryStandIn, type RegistryListItem } from '../fixtures/registry/stand-in.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * Syncing the registry cache from the stand-in (a real HTTP server on 127.0.0.1 serving the
 * registry's /v0.1/servers shape) into a real SQLite file.
 */
const tempDir = useTempDirs('crewship-registry-');
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

async function standIn(items: RegistryListItem[], options?: Parameters<typeof RegistryStandIn.start>[1]): Promise<RegistryStandIn> {
  const started = await RegistryStandIn.start(items, options);
  opened.push(started);
  return started;
}

function core(dataDir = tempDir()): Core {
  const opened_ = openTestCore(dataDir, { registry: { env: {}, client: { retryDelaysMs: [10, 10], timeoutMs: 5000 } } });
  opened.push(opened_);
  return opened_;
}

const rowsIn = (c: Core) => c.store.db.prepare('SELECT count(*) FROM registry_servers').pluck().get() as number;
const distinctIn = (c: Core) => c.store.db.prepare('SELECT count(DISTINCT name || char(0) || version) FROM registry_servers').pluck().get() as number;

describe('registry sync', () => {
  it('reads every page of the real seed and of a generated set, following the cursor with limit=100', async () => {
    const items = [...seedServers(), ...generateServers(529, { seed: 7 })];
    const registry = await standIn(items);
    const c = core();
    const events: RegistrySyncStatus[] = [];
    c.bus.on('registry.syncProgress', (status) => events.push(status));
    const status = await c.registry.runSync(registry.url, 'cli');
    // Deleted entries are not listed to a first sync; seven seed entries have no name at all.
    const listed = registry.visible;
    expect(status).toMatchObject({ state: 'finished', pages: Math.ceil(listed / 100), servers: listed - 7, skipped: 7, resumeCursor: null, updatedSince: null });
    expect(rowsIn(c)).toBe(listed - 7);
    expect(registry.requests.every((request) => request.query['limit'] === '100')).toBe(true);
    // Each request after the first carries the previous page's cursor, URL-encoded on the wire and decoded here.
    expect(registry.requests[1]?.query['cursor']).toMatch(/^[^:]+\/[^:]+:.+$/);
    expect(events.at(-1)).toMatchObject({ state: 'finished', servers: listed - 7 });
    expect(status.cached).toBe(listed - 7);
    // Real data is untidy: an entry with an empty description is kept.
    expect(c.store.db.prepare("SELECT count(*) FROM registry_servers WHERE description = ''").pluck().get()).toBeGreaterThan(60);
  });

  it('fills the list while a first sync runs: registry.changed as pages land, the stored rows browsable and searchable before it ends', async () => {
    const registry = await standIn(generateServers(1500, { seed: 21 }), { delayMs: 150 });
    const c = core();
    const seen: Array<{ total: number; matches: number; state: string }> = [];
    c.bus.on('registry.changed', () => {
      const state = c.registry.syncStatus(registry.url).state;
      if (state !== 'running') return;
      const browse = c.registry.search({ latestOnly: true, limit: 10, offset: 0 });
      const stored = browse.rows[0]?.name.split('/')[1] ?? 'none';
      seen.push({ total: browse.total, matches: c.registry.search({ query: stored, latestOnly: true, limit: 10, offset: 0 }).total, state });
      // This thread's commits copy no WAL back while the sync runs (a worker does), then SQLite's default comes back.
      checkpointPages.push(c.store.db.pragma('wal_autocheckpoint', { simple: true }) as number);
    });
    const checkpointPages: number[] = [];
    const status = await c.registry.runSync(registry.url, 'cli');
    expect(new Set(checkpointPages)).toEqual(new Set([0]));
    expect(c.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(status.state).toBe('finished');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.total).toBeGreaterThan(0);
    expect(seen[0]!.total).toBeLessThan(status.cached);
    // A stored entry is found by its name (by substring) while the index waits for the end.
    expect(seen[0]!.matches).toBeGreaterThan(0);
  });

  it('indexes a source synced into a cache that holds entries row by row: its first sync never leaves search without the index', async () => {
    const first = await standIn(generateServers(300, { seed: 22 }));
    const second = await standIn(generateServers(600, { seed: 23 }), { delayMs: 50 });
    second.publish({ name: 'com.example/zebrafish', description: 'Zebrafish tracker', version: '1.0.0', remotes: [{ type: 'sse', url: 'https://zebra.example/sse' }] });
    const c = core();
    await c.registry.runSync(first.url, 'cli');
    const deferred: number[] = [];
    c.bus.on('registry.syncProgress', () => deferred.push(c.store.db.prepare('SELECT count(*) FROM registry_sources WHERE index_deferred = 1').pluck().get() as number));
    await c.registry.runSync(second.url, 'cli');
    expect(deferred.length).toBeGreaterThan(1);
    expect(deferred.every((count) => count === 0)).toBe(true);
    expect(c.registry.search({ query: 'zebrafi', latestOnly: true, limit: 10, offset: 0 }).rows.map((row) => [row.name, row.source])).toEqual([['com.example/zebrafish', second.url]]);
  });

  it('serves everything from the cache with the registry gone: browse, search, show; a sync says the registry cannot be read', async () => {
    const registry = await RegistryStandIn.start(generateServers(250, { seed: 8 }));
    const c = core();
    await c.registry.runSync(registry.url, 'cli');
    const listed = registry.visible;
    const [first] = c.registry.search({ latestOnly: true, limit: 1, offset: 0 }).rows;
    await registry.close();
    expect(c.registry.search({ latestOnly: false, limit: 1000, offset: 0 }).total).toBe(listed);
    expect(c.registry.search({ query: first!.name.split('/')[1]!, latestOnly: true, limit: 10, offset: 0 }).rows.map((row) => row.name)).toContain(first!.name);
    expect(c.registry.show(first!.name, undefined, registry.url)).toMatchObject({ name: first!.name, version: first!.version });
    await expect(c.registry.runSync(registry.url, 'cli')).rejects.toMatchObject({ code: 'registry_unreachable' });
    expect(c.registry.syncStatus(registry.url)).toMatchObject({ state: 'failed', cached: listed });
  });

  it('builds a first sync’s search index and copies its write-ahead log back on a thread of their own, without a fault', async () => {
    const registry = await standIn(generateServers(1500, { seed: 12 }));
    const faults: string[] = [];
    const c = openTestCore(tempDir(), { registry: { env: {} }, logInternalError: (where) => faults.push(where) });
    opened.push(c);
    const file = c.store.db.name;
    const before = statSync(file).size;
    await c.registry.runSync(registry.url, 'cli');
    // The index is there when the sync answers (built by the worker: where it fails, a fault is logged and this thread builds it).
    expect(c.store.db.prepare('SELECT count(*) FROM registry_search_docsize').pluck().get()).toBe(rowsIn(c));
    expect(c.store.db.prepare('SELECT index_deferred FROM registry_sources').pluck().get()).toBe(0);
    // The sync deferred SQLite's own checkpoints; the copy at its end grows the file by what it wrote.
    await expect.poll(() => statSync(file).size, { timeout: 20_000 }).toBeGreaterThan(before + 1024 * 1024);
    expect(c.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(faults).toEqual([]);
  });

  it('tolerates next_cursor from older registries', async () => {
    const registry = await standIn(generateServers(250), { cursorField: 'next_cursor' });
    const c = core();
    await expect(c.registry.runSync(registry.url, 'cli')).resolves.toMatchObject({ state: 'finished', servers: registry.visible });
    expect(registry.requests.length).toBe(Math.ceil(registry.visible / 100));
  });

  it('re-syncs incrementally with updated_since: only what changed comes, deleted ones leave browse, a new version becomes the latest', async () => {
    const items = generateServers(300, { seed: 3 });
    const registry = await standIn(items);
    const c = core();
    const first = await c.registry.runSync(registry.url, 'cli');
    const single = items.find((item) => item._meta[OFFICIAL].isLatest && item._meta[OFFICIAL].status === 'active')!;
    const name = String(single.server['name']);
    const other = items.find((item) => item.server['name'] !== name && item._meta[OFFICIAL].status === 'active')!;
    registry.publish({ ...single.server, version: '9.0.0', description: 'A brand new version for the change test' });
    registry.setStatus(String(other.server['name']), String(other.server['version']), 'deleted', 'spam');
    const second = await c.registry.runSync(registry.url, 'cli');
    // The new version, the old latest (no longer latest), the deleted one: three entries, one page.
    expect(second).toMatchObject({ state: 'finished', pages: 1, servers: 3, updatedSince: first.watermark });
    expect(registry.requests.at(-1)?.query['updated_since']).toBe(first.watermark);
    expect(rowsIn(c)).toBe(registry.visible + 1);
    expect(c.registry.show(name)).toMatchObject({ version: '9.0.0', isLatest: true });
    expect(c.registry.show(name).versions.map((v) => [v.version, v.isLatest])).toContainEqual([String(single.server['version']), false]);
    expect(c.registry.search({ query: String(other.server['name']), latestOnly: false, limit: 50, offset: 0 }).rows.map((row) => row.name)).not.toContain(other.server['name']);
    // Browse (no words, every version) leaves it out too, and counts without it.
    const browse = c.registry.search({ latestOnly: false, limit: 1000, offset: 0 });
    expect(browse.rows.map((row) => row.name)).not.toContain(other.server['name']);
    expect(browse.total).toBe(browse.rows.length);
    expect(browse.total).toBe(c.store.db.prepare("SELECT count(*) FROM registry_servers WHERE status <> 'deleted'").pluck().get());
    // Nothing changed since: an empty page, nothing written.
    await expect(c.registry.runSync(registry.url, 'cli')).resolves.toMatchObject({ pages: 1, servers: 0 });
  });

  it('resumes an interrupted sync from its last stored page: nothing lost, nothing read twice', async () => {
    const items = generateServers(1000, { seed: 11 });
    const registry = await standIn(items);
    const dataDir = tempDir();
    const c = core(dataDir);
    registry.failFrom(4, 'reset');
    const failure = (await c.registry.runSync(registry.url, 'cli').catch((error: unknown) => error)) as AppError;
    expect(failure.code).toBe('registry_unreachable');
    const stopped = c.registry.syncStatus(registry.url);
    expect(stopped).toMatchObject({ state: 'failed', pages: 3, servers: 300, error: { code: 'registry_unreachable' } });
    expect(rowsIn(c)).toBe(300);
    const listed = registry.visible;
    const resumeFrom = stopped.resumeCursor;
    expect(resumeFrom).not.toBeNull();
    await c.close();
    opened.splice(opened.indexOf(c), 1);

    // Another process (a new core on the same file) goes on where the first stopped.
    registry.heal();
    const before = registry.requests.length;
    const again = core(dataDir);
    const resumed = await again.registry.runSync(registry.url, 'cli');
    expect(registry.requests[before]?.query['cursor']).toBe(resumeFrom);
    expect(resumed).toMatchObject({ state: 'finished', pages: Math.ceil(listed / 100), servers: listed, error: null });
    expect(registry.itemsServed).toBe(listed);
    expect(rowsIn(again)).toBe(listed);
    expect(distinctIn(again)).toBe(listed);
  });

  it('a first sync builds the search index once at its end (after a resume too); later syncs index row by row; the index always matches the cache', async () => {
    const items = generateServers(600, { seed: 5 });
    const registry = await standIn(items);
    const c = core();
    // FTS5's integrity-check throws when the index and the cache disagree.
    const indexMatches = () => c.store.db.prepare("INSERT INTO registry_search (registry_search, rank) VALUES ('integrity-check', 1)").run();
    const indexed = () => c.store.db.prepare('SELECT count(*) FROM registry_search_docsize').pluck().get() as number;
    const found = (words: string) => c.registry.search({ query: words, latestOnly: false, limit: 10, offset: 0 }).total;
    registry.failFrom(3, 'reset');
    await expect(c.registry.runSync(registry.url, 'cli')).rejects.toMatchObject({ code: 'registry_unreachable' });
    // Two pages stored and listed, not yet indexed: the index waits for the end of the first sync.
    expect(rowsIn(c)).toBe(200);
    expect(indexed()).toBe(0);
    expect(c.registry.search({ latestOnly: false, limit: 10, offset: 0 }).total).toBe(200);
    registry.heal();
    await c.registry.runSync(registry.url, 'cli');
    expect(indexed()).toBe(rowsIn(c));
    indexMatches();
    const word = String(items[0]!.server['name']).split('/')[1]!.split('-')[0]!;
    expect(found(word)).toBeGreaterThan(0);

    // An incremental sync indexes what it writes as it goes: a new version, an edit, a deletion.
    const single = items.find((item) => item._meta[OFFICIAL].isLatest && item._meta[OFFICIAL].status === 'active')!;
    registry.publish({ ...single.server, version: '9.0.0', description: 'Zeppelin timetables for airships' });
    registry.edit(String(items[1]!.server['name']), String(items[1]!.server['version']), (server) => (server['description'] = 'Quokka sightings near Perth'));
    await c.registry.runSync(registry.url, 'cli');
    indexMatches();
    expect([found('zeppelin'), found('quokka')]).toEqual([1, 1]);

    // A second source's first sync defers again; removing it part-way rebuilds the index without its entries.
    const second = await standIn(generateServers(300, { seed: 6 }));
    c.registry.addSource({ url: second.url, name: 'second' }, 'cli');
    second.failFrom(2, 'reset');
    await expect(c.registry.runSync(second.url, 'cli')).rejects.toMatchObject({ code: 'registry_unreachable' });
    c.registry.removeSource('second', 'cli');
    indexMatches();
    expect(indexed()).toBe(rowsIn(c));
  });

  it('retries a failing page (500, 429, a cut connection, half a body) and goes on', async () => {
    const registry = await standIn(generateServers(150));
    const c = core();
    registry.failNext('status500', 'status429');
    registry.failNext('reset');
    const status = await c.registry.runSync(registry.url, 'cli').catch((error: unknown) => error);
    // Three failures in a row with two retries: the first page fails, nothing is stored.
    expect((status as AppError).code).toBe('registry_unreachable');
    registry.failNext('garbage');
    await expect(c.registry.runSync(registry.url, 'cli')).resolves.toMatchObject({ state: 'finished', servers: registry.visible });
  });

  it('by default waits long for a slow registry and pauses before retrying (the public one has taken 20 s a read)', async () => {
    const registry = await standIn(generateServers(150, { seed: 4 }));
    // The client as the app has it: no timeout or retry schedule given.
    const c = openTestCore(tempDir(), { registry: { env: {} } });
    opened.push(c);
    registry.delayMs = 2500;
    registry.failNext('status500');
    const started = performance.now();
    await expect(c.registry.runSync(registry.url, 'cli')).resolves.toMatchObject({ state: 'finished', pages: 2, servers: registry.visible });
    // Each page waited 2.5 s for its answer (more than many clients' defaults), and the 500 was tried again after a 1 s pause.
    expect(registry.requests.length).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 2500 + 1000 - 50);
  });

  it('skips malformed entries and counts them; the rest of the page is stored', async () => {
    const items = generateServers(120, { seed: 5 });
    const broken: RegistryListItem[] = [
      { server: { name: 'io.github.bad/no-version', description: 'missing its version' }, _meta: { [OFFICIAL]: { status: 'active', publishedAt: '2025-07-01T00:00:00Z', isLatest: true } } },
      { server: { name: 'io.github.bad/pkg', description: 'a package without identifier', version: '1.0.0', packages: [{ registryType: 'npm' }] }, _meta: { [OFFICIAL]: { status: 'active', publishedAt: '2025-07-01T00:00:00Z', isLatest: true } } },
      { server: { name: 42, version: '1' } as unknown as Record<string, unknown>, _meta: { [OFFICIAL]: { status: 'active', publishedAt: 'x', isLatest: true } } },
    ];
    const registry = await standIn([...items, ...broken]);
    const c = core();
    const status = await c.registry.runSync(registry.url, 'cli');
    expect(status).toMatchObject({ state: 'finished', servers: registry.visible - 3, skipped: 3 });
    expect(status.problems.map((problem) => problem.name)).toEqual(expect.arrayContaining(['io.github.bad/no-version', 'io.github.bad/pkg', null]));
    expect(status.problems.find((problem) => problem.name === 'io.github.bad/pkg')?.reason).toMatch(/packages\[0\]\.identifier/);
  });

  it('refuses a URL that is not a registry, and reports the registry refusing a request without retrying', async () => {
    const c = core();
    expect(() => c.registry.url('ftp://example.com')).toThrow(expect.objectContaining({ code: 'registry_url_invalid' }));
    const registry = await standIn([]);
    const status = (await c.registry.runSync(`${registry.url}/nothing-here`, 'cli').catch((error: unknown) => error)) as AppError;
    expect(status.code).toBe('registry_request_refused');
    expect(registry.requests).toHaveLength(1);
  });

  it('takes its URL from the request, then CREWSHIP_REGISTRY_URL, then the setting, else the official registry', () => {
    const dataDir = tempDir();
    const plain = core(dataDir);
    expect(plain.registry.url()).toEqual({ url: 'https://registry.modelcontextprotocol.io', from: 'default' });
    plain.registry.setUrl('https://registry.example.com/', 'ui');
    expect(plain.registry.url()).toEqual({ url: 'https://registry.example.com', from: 'setting' });
    const withEnv = openTestCore(tempDir(), { registry: { env: { CREWSHIP_REGISTRY_URL: 'http://127.0.0.1:9/' } } });
    opened.push(withEnv);
    expect(withEnv.registry.url()).toEqual({ url: 'http://127.0.0.1:9', from: 'environment' });
    expect(withEnv.registry.url('https://sub.example.org')).toEqual({ url: 'https://sub.example.org', from: 'request' });
  });
});
