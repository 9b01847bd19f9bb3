import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { tablesKeptWithWorkspace, workspaceTables } from '../../main/workspaces/holdings.ts';
import { openTestCore } from '../helpers/core.ts';
import { isAlive } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { expectIsolated, seedWorkspace, type CallIn } from './seed.ts';

const tempDir = useTempDirs('crewship-workspaces-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(dataDir = tempDir(), options: Parameters<typeof openTestCore>[1] = {}): Core {
  const core = openTestCore(dataDir, { mcp: { env: {}, connectTimeoutMs: 10_000 }, ...options });
  cores.push(core);
  return core;
}

/** The IPC door's path: the window's call goes to core.router with the workspace it names. */
const viaRouter =
  (core: Core): CallIn =>
  (method, input, workspace) =>
    core.router.call(method, input, { actor: 'ui', workspace });

async function ok<T>(core: Core, method: string, input: unknown, workspace?: string): Promise<T> {
  const envelope = await core.router.call(method, input, { actor: 'ui', workspace });
  if (!envelope.ok) throw new Error(`${method}: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

async function refused(core: Core, method: string, input: unknown, workspace?: string) {
  const envelope = await core.router.call(method, input, { actor: 'ui', workspace });
  if (envelope.ok) throw new Error(`${method} succeeded`);
  return envelope.error;
}

describe('workspaces', () => {
  it('are created with a slug, listed (the default first), renamed keeping the slug, and named by id or slug', async () => {
    const core = open();
    const night = await ok<{ id: string; slug: string; isDefault: boolean }>(core, 'workspaces.create', { name: 'Night Shift' });
    expect(night).toMatchObject({ slug: 'night-shift', isDefault: false });
    await ok(core, 'workspaces.create', { name: 'Acme', slug: 'acme-prod' });
    const renamed = await ok<{ slug: string; name: string }>(core, 'workspaces.rename', { workspace: night.id, name: 'Late Shift' });
    expect(renamed).toMatchObject({ slug: 'night-shift', name: 'Late Shift' });
    const list = await ok<Array<{ slug: string; holds: Array<{ what: string; count: number }> }>>(core, 'workspaces.list', {});
    expect(list.map((w) => w.slug)).toEqual(['default', 'acme-prod', 'night-shift']);
    expect(list[0]?.holds.map((h) => h.what)).toEqual(['MCP servers', 'credentials', 'agents', 'crews', 'Composio keys']);
    expect(await refused(core, 'workspaces.create', { name: 'Night Shift' })).toMatchObject({ code: 'workspace_slug_taken' });
    expect(await refused(core, 'workspaces.create', { name: '!!!' })).toMatchObject({ code: 'workspace_slug_invalid' });
    expect(await refused(core, 'workspaces.rename', { workspace: 'nope', name: 'X' })).toMatchObject({ code: 'workspace_not_found' });
    // A call naming a workspace that does not exist is refused with the way to find one.
    const unknown = await refused(core, 'crews.list', {}, 'nope');
    expect(unknown.code).toBe('workspace_not_found');
    expect(unknown.hint).toContain('crewship workspace list');
    expect(await ok<{ slug: string }>(core, 'workspaces.current', {}, 'night-shift')).toMatchObject({ slug: 'night-shift' });
    expect(await ok<{ slug: string }>(core, 'workspaces.current', {})).toMatchObject({ slug: 'default' });
  });

  it('keep one workspace from reading or changing another’s rows through the router (the IPC door’s path)', async () => {
    const core = open();
    const call = viaRouter(core);
    const alpha = await seedWorkspace(call, 'Alpha');
    const bravo = await seedWorkspace(call, 'Bravo');
    await expectIsolated(call, alpha, bravo);
    await expectIsolated(call, bravo, alpha);
    // The default workspace sees neither.
    const defaults = JSON.stringify(await ok(core, 'crews.list', {}));
    expect(defaults).not.toContain(alpha.crew.id);
    expect(defaults).not.toContain(bravo.crew.id);
  });

  it('publish each workspace’s events in it: a workspace’s listeners hear only theirs, the root bus all', async () => {
    const core = open();
    const call = viaRouter(core);
    const alpha = await ok<{ id: string }>(core, 'workspaces.create', { name: 'Alpha' });
    await ok(core, 'workspaces.create', { name: 'Bravo' });
    const heardInAlpha: AppEvent[] = [];
    const heardAtRoot: AppEvent[] = [];
    core.bus.forWorkspace(alpha.id).subscribe((event) => heardInAlpha.push(event));
    core.bus.subscribe((event) => heardAtRoot.push(event));

    await call('crews.create', { name: 'Bravo crew' }, 'bravo');
    await call('crews.create', { name: 'Alpha crew' }, 'alpha');
    await call('workspaces.rename', { workspace: 'bravo', name: 'Bravo Two' }, 'bravo');

    expect(heardInAlpha.filter((e) => e.name === 'crews.changed').map((e) => e.workspaceId)).toEqual([alpha.id]);
    // The list of workspaces belongs to none: every workspace hears it changed.
    expect(heardInAlpha.filter((e) => e.name === 'workspaces.changed')).toHaveLength(1);
    expect(heardAtRoot.filter((e) => e.name === 'crews.changed').map((e) => e.workspaceId)).toEqual([expect.stringMatching(/^ws_/), alpha.id]);
  });

  it('refuse to delete one that holds anything (naming it), never delete the default, and delete everything in one with its contents', async () => {
    const core = open();
    const call = viaRouter(core);
    const keep = await seedWorkspace(call, 'Keep');
    const gone = await seedWorkspace(call, 'Gone');
    // Its server runs: deleting the workspace ends it.
    const [status] = await ok<Array<{ pid: number | null; state: string }>>(core, 'mcp.servers.connect', { server: gone.server.id }, gone.slug);
    expect(status?.state).toBe('ready');
    const pid = status?.pid ?? 0;
    expect(isAlive(pid)).toBe(true);

    const notEmpty = await refused(core, 'workspaces.delete', { workspace: gone.slug });
    expect(notEmpty.code).toBe('workspace_not_empty');
    expect(notEmpty.message).toContain('1 MCP server, 1 credential, 1 agent and 2 crews');
    expect(await refused(core, 'workspaces.delete', { workspace: 'default', withContents: true })).toMatchObject({ code: 'workspace_default_kept' });

    const deleted = await ok<{ deleted: Array<{ what: string; count: number }> }>(core, 'workspaces.delete', { workspace: gone.slug, withContents: true });
    expect(deleted.deleted).toEqual([
      { what: 'MCP servers', count: 1 },
      { what: 'credentials', count: 1 },
      { what: 'agents', count: 1 },
      { what: 'crews', count: 2 },
    ]);
    const db = core.store.db;
    for (const { table } of workspaceTables) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE workspace_id = ?`).pluck().get(gone.workspaceId), table).toBe(0);
    }
    expect(db.prepare('SELECT COUNT(*) FROM workspaces WHERE id = ?').pluck().get(gone.workspaceId)).toBe(0);
    expect((await refused(core, 'crews.list', {}, gone.slug)).code).toBe('workspace_not_found');
    // The other workspace keeps everything.
    expect(await ok<unknown[]>(core, 'crews.list', {}, keep.slug)).toHaveLength(2);
    expect(await ok<unknown[]>(core, 'mcp.servers.list', {}, keep.slug)).toHaveLength(1);
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
    // The slug is free again, for a new, empty workspace.
    const again = await ok<{ id: string }>(core, 'workspaces.create', { name: 'Gone' });
    expect(again.id).not.toBe(gone.workspaceId);
    expect(await ok<unknown[]>(core, 'crews.list', {}, 'gone')).toEqual([]);
  });

  it('list every table that keeps rows by workspace, so a new domain’s table cannot be forgotten by a delete', () => {
    const core = open();
    const tables = core.store.db
      .prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'workspace_id') ORDER BY m.name")
      .pluck()
      .all() as string[];
    const known = [...workspaceTables.map((entry) => entry.table), ...tablesKeptWithWorkspace].sort();
    expect(tables).toEqual(known);
  });

  it('open a core in a named workspace (the CLI’s --workspace), and refuse one that does not exist', async () => {
    const dataDir = tempDir();
    const first = open(dataDir);
    await ok(first, 'workspaces.create', { name: 'Night Shift' });
    const inNight = open(dataDir, { workspaceId: 'night-shift' });
    expect(inNight.workspaceId).toMatch(/^ws_/);
    inNight.crews.create({ name: 'Ops' }, 'cli');
    expect(first.crews.list()).toEqual([]);
    expect(() => open(dataDir, { workspaceId: 'nope' })).toThrow(expect.objectContaining({ code: 'workspace_not_found' }));
  });
});
