import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { categoryOf, classify } from '../../main/registry/category.ts';
import { parseServerJson, PUBLISHER_META, type ParsedServer } from '../../main/registry/server-json.ts';
import { verificationOf } from '../../main/registry/verification.ts';
import type { SearchQuery } from '../../main/registry/registry-catalog.ts';
import { generateServers, seedServers } from '../fixtures/registry/generate.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/** Search over a synced cache (the real seed, a generated set, a few hand-made entries): FTS5 ranking and the filters. */
const tempDir = useTempDirs('crewship-registry-search-');

const entry = (name: string, title: string, description: string, extra: Record<string, unknown> = {}) => ({
  name,
  title,
  description,
  version: '1.0.0',
  packages: [{ registryType: 'npm', identifier: name.split('/')[1], version: '1.0.0', transport: { type: 'stdio' } }],
  ...extra,
});

describe('registry search', () => {
  let registry: RegistryStandIn;
  let core: Core;
  const search = (query: Partial<SearchQuery>) => core.registry.search({ latestOnly: true, limit: 50, offset: 0, ...query });

  beforeAll(async () => {
    registry = await RegistryStandIn.start([...seedServers(), ...generateServers(2000, { seed: 9 })]);
    registry.publish(entry('io.github.zeta/postgres', 'Postgres', 'A database server'));
    registry.publish(entry('com.example/pg-tools', 'Toolbox', 'Run queries against postgres from an agent'));
    registry.publish(entry('com.example/notes', 'Postgres notes', 'Notes kept in a table'));
    registry.publish({ ...entry('com.example/remote-only', 'Remote only', 'A hosted wiki'), packages: [], remotes: [{ type: 'sse', url: 'https://wiki.example.com/sse' }] });
    registry.publish(entry('com.example/tagged', 'Tagged', 'Something', { _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { category: 'Finance' } } }));
    const old = registry.publish({ ...entry('com.example/versions', 'Versions', 'Has two versions'), version: '1.0.0' });
    registry.publish({ ...old.server, version: '2.0.0' });
    registry.publish(entry('com.example/gone', 'Gone postgres', 'Removed by moderation'));
    core = openTestCore(tempDir(), { registry: { env: {}, client: { retryDelaysMs: [] } } });
    await core.registry.runSync(registry.url, 'cli');
    // Deleted after the first sync: the incremental sync brings the change.
    registry.setStatus('com.example/gone', '1.0.0', 'deleted');
    await core.registry.runSync(registry.url, 'cli');
  });

  afterAll(async () => {
    await core.close();
    await registry.close();
  });

  it('ranks a word in the name above the title above the description, never shows deleted entries', () => {
    const names = search({ query: 'postgres' }).rows.map((row) => row.name);
    expect(names.indexOf('io.github.zeta/postgres')).toBeLessThan(names.indexOf('com.example/notes'));
    expect(names.indexOf('com.example/notes')).toBeLessThan(names.indexOf('com.example/pg-tools'));
    expect(names).not.toContain('com.example/gone');
  });

  it('reads a GitHub namespace as its owner: "git" finds servers about git, not every io.github one', () => {
    const names = (query: string) => search({ query, limit: 1000 }).rows.map((row) => row.name);
    expect(names('git')).not.toContain('io.github.zeta/postgres');
    expect(names('github')).not.toContain('io.github.zeta/postgres');
    expect(names('git').length).toBeGreaterThan(0);
    expect(names('git').every((name) => /git/i.test(`${name.replace(/^io\.github\./, '')} ${core.registry.show(name).title ?? ''} ${core.registry.show(name).description}`))).toBe(true);
    // The owner and the server's own name are still words of its name.
    expect(names('zeta')[0]).toBe('io.github.zeta/postgres');
    expect(names('zeta postgres')).toEqual(['io.github.zeta/postgres']);
  });

  it('takes every word as a prefix, as one types', () => {
    expect(search({ query: 'postg' }).rows[0]?.name).toBe('io.github.zeta/postgres');
    expect(search({ query: 'run quer postgr' }).rows.map((row) => row.name)).toEqual(['com.example/pg-tools']);
    expect(search({ query: '"); DROP TABLE registry_servers; --' }).total).toBe(0);
  });

  it('filters by transport, package registry, remote or local, category and latest only', () => {
    const remote = search({ kind: 'remote', limit: 1000 });
    expect(remote.rows.every((row) => row.hasRemotes)).toBe(true);
    expect(remote.rows.map((row) => row.name)).toContain('com.example/remote-only');
    expect(search({ kind: 'local', limit: 1000 }).rows.every((row) => row.hasPackages)).toBe(true);
    expect(search({ transport: 'sse', limit: 1000 }).rows.every((row) => row.transports.includes('sse'))).toBe(true);
    const pypi = search({ packageType: 'pypi', limit: 1000 });
    expect(pypi.total).toBeGreaterThan(50);
    expect(pypi.rows.every((row) => row.packageTypes.includes('pypi'))).toBe(true);
    const databases = search({ category: 'databases', query: 'postgres' });
    expect(databases.rows.every((row) => row.category === 'databases')).toBe(true);
    expect(search({ query: 'tagged' }).rows[0]).toMatchObject({ category: 'finance', categorySource: 'publisher' });
    expect(search({ query: 'versions' }).rows.map((row) => row.version)).toEqual(['2.0.0']);
    expect(search({ query: 'versions', latestOnly: false }).rows.map((row) => row.version)).toEqual(['2.0.0', '1.0.0']);
  });

  it('pages through everything with a total', () => {
    const all = search({ limit: 1000 });
    const second = search({ limit: 1000, offset: 1000 });
    expect(all.total).toBe(second.total);
    expect(all.rows.length + second.rows.length).toBe(Math.min(2000, all.total));
    expect(new Set([...all.rows, ...second.rows].map((row) => row.name)).size).toBe(all.rows.length + second.rows.length);
  });

  it('reads the list in windows through the contract: consecutive windows are the one list, in order, at most 1000 rows a read', async () => {
    for (const query of [undefined, 'data']) {
      const whole = await callOk(core, 'registry.search', { query, limit: 1000 });
      const windows = await Promise.all([0, 1, 2, 3, 4].map((index) => callOk(core, 'registry.search', { query, limit: 200, offset: index * 200 })));
      expect(windows.every((window) => window.total === whole.total)).toBe(true);
      expect(windows.flatMap((window) => window.rows.map((row) => `${row.name} ${row.version}`))).toEqual(whole.rows.map((row) => `${row.name} ${row.version}`));
      expect(whole.total).toBeGreaterThan(query ? 20 : 1000);
    }
    expect(await callRefused(core, 'registry.search', { limit: 1001 })).toMatchObject({ code: 'invalid_input' });
  });

  it('shows an entry with its verification as the registry states it, and its versions', () => {
    const github = core.registry.show('io.github.zeta/postgres');
    expect(github.verification.namespace).toEqual({ kind: 'github', owner: 'zeta' });
    expect(github.verification.statement).toMatch(/signed in to GitHub as zeta/);
    expect(github.verification.statement).toMatch(/not a review of the server’s code/);
    // The stand-in is not the official registry: what it checked is not claimed, only what the name would mean there.
    expect(github.verification).toMatchObject({ official: false, packageRegistries: ['npm'] });
    expect(github.verification.statement).toMatch(/^This entry comes from a registry other than the official one/);
    expect(github.verification.statement).toContain('what this registry checked, the console cannot tell');
    expect(github.verification.statement).not.toMatch(/official MCP registry lists|checks that a/);
    // From the official registry, its rules: the namespace proved, the package checked at publishing.
    const official = verificationOf('io.github.zeta/postgres', 'active', null, ['npm'], true);
    expect(official.statement).toBe(
      'The official MCP registry lists this entry as published by someone signed in to GitHub as zeta (the io.github.zeta namespace); at publishing, the registry checks that a npm package names the server. This is not a review of the server’s code.',
    );
    expect(verificationOf('com.example/notes', 'deprecated', 'Use notes-2', ['unknown'], true).statement).toBe(
      'The official MCP registry lists this entry as published by someone who proved control of example.com (DNS or HTTP). This is not a review of the server’s code. It is marked deprecated: Use notes-2.',
    );
    expect(core.registry.show('com.example/notes').verification.namespace).toEqual({ kind: 'domain', domain: 'example.com' });
    expect(core.registry.show('com.example/versions').versions.map((v) => [v.version, v.isLatest])).toEqual([
      ['2.0.0', true],
      ['1.0.0', false],
    ]);
    expect(core.registry.show('com.example/gone')).toMatchObject({ status: 'deleted' });
  });

  it('classifies by keywords when the publisher gives no category', () => {
    expect(classify('Query your Postgres database')).toBe('databases');
    expect(classify('Review pull requests on GitHub')).toBe('developer tools');
    expect(classify('Search the web with Brave')).toBe('search');
    expect(classify('Post to a Slack channel')).toBe('communication');
    expect(classify('Manage Kubernetes clusters')).toBe('cloud and infrastructure');
    expect(classify('Stripe invoices')).toBe('finance');
    expect(classify('Read PDF documents from Google Drive')).toBe('files and documents');
    expect(classify('Google Calendar events')).toBe('productivity');
    expect(classify('Google search results')).toBe('search');
    expect(classify('Embeddings from Hugging Face models')).toBe('ai and models');
    expect(classify('Your calendar and todo list')).toBe('productivity');
    expect(classify('A teapot')).toBe('other');
    // The first category whose words appear wins, in the order listed.
    expect(classify('Search your Postgres database')).toBe('databases');
  });

  it('takes the publisher’s category from _meta first, else classifies the name, title, description and repository path', () => {
    const server = (name: string, extra: Partial<ParsedServer> = {}): ParsedServer => ({ ...(parseServerJson({ ...entry(name, 'T', 'A teapot'), ...extra }) as { server: ParsedServer }).server });
    const publisher = (meta: Record<string, unknown>) => categoryOf(server('com.example/x', { _meta: { [PUBLISHER_META]: meta } }));
    expect(publisher({ category: 'Finance' })).toEqual({ category: 'finance', source: 'publisher' });
    expect(publisher({ categories: ['Databases', 'Search'] })).toEqual({ category: 'databases', source: 'publisher' });
    expect(publisher({ tags: ['weather'] })).toEqual({ category: 'weather', source: 'publisher' });
    expect(publisher({ category: '  ' })).toEqual({ category: 'other', source: 'classifier' });
    // The namespace and the repository's host are left out (io.github.… and github.com would make nearly everything developer tools).
    expect(categoryOf(server('io.github.acme/teapot', { repository: { url: 'https://github.com/acme/teapot', source: 'github', subfolder: null } }))).toEqual({ category: 'other', source: 'classifier' });
    expect(categoryOf(server('io.github.acme/teapot', { repository: { url: 'https://github.com/acme/slack-bridge', source: 'github', subfolder: null } }))).toEqual({ category: 'communication', source: 'classifier' });
    expect(categoryOf(server('com.example/redis-tools'))).toEqual({ category: 'databases', source: 'classifier' });
  });
});
