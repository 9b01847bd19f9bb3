import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import type { Envelope } from '../../main/rpc/contract.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { crewship, crewshipWithEnv } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { expectIsolated, markersOf, seedWorkspace, type CallIn } from './seed.ts';

const tempDir = useTempDirs('crewship-workspace-doors-');
const cores: Core[] = [];
let host: RunningHost | undefined;

afterEach(async () => {
  await host?.close();
  host = undefined;
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(dataDir: string, options: Parameters<typeof openTestCore>[1] = {}): Core {
  const core = openTestCore(dataDir, { mcp: { env: {}, connectTimeoutMs: 10_000 }, ...options });
  cores.push(core);
  return core;
}

const viaRouter =
  (core: Core): CallIn =>
  (method, input, workspace) =>
    core.router.call(method, input, { actor: 'cli', workspace });

async function startedHost(core: Core) {
  host = await startHost({ core });
  const running = host;
  const headers = (workspace?: string) => ({
    authorization: `Bearer ${running.token}`,
    'content-type': 'application/json',
    ...(workspace ? { 'x-crewship-workspace': workspace } : {}),
  });
  const viaHttp: CallIn = async (method, input, workspace) =>
    (await (await fetch(`${running.url}/rpc/${method}`, { method: 'POST', headers: headers(workspace), body: JSON.stringify(input) })).json()) as Envelope<unknown>;
  const rest = async (path: string, workspace: string, body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, body === undefined ? { headers: headers(workspace) } : { method: 'POST', headers: headers(workspace), body: JSON.stringify(body) });
    return { status: response.status, envelope: (await response.json()) as Envelope<unknown> };
  };
  return { url: running.url, headers, viaHttp, rest };
}

/** Reads the host's event stream for a workspace until `until` has arrived; returns every event read. */
async function readStream(url: string, headers: Record<string, string>, until: (event: AppEvent) => boolean, started: () => Promise<unknown>): Promise<AppEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${url}/events`, { headers, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: AppEvent[] = [];
  let buffered = '';
  const first = await reader.read(); // ": connected"
  buffered += first.value ?? '';
  await started();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as AppEvent);
    if (events.some(until)) break;
  }
  controller.abort();
  return events;
}

describe('the local host, for two workspaces', () => {
  it('answers /rpc and the REST paths in the workspace X-Crewship-Workspace names, never with another’s rows', async () => {
    const core = open(tempDir());
    const { viaHttp, rest } = await startedHost(core);
    const alpha = await seedWorkspace(viaHttp, 'Alpha');
    const bravo = await seedWorkspace(viaHttp, 'Bravo');
    await expectIsolated(viaHttp, alpha, bravo);
    await expectIsolated(viaHttp, bravo, alpha);

    // GET /mcp/tools connects the workspace's servers only, and lists their tools only.
    const tools = await rest('/mcp/tools', alpha.slug);
    expect(tools.status).toBe(200);
    const listed = tools.envelope.ok ? (tools.envelope.value as { tools: Array<{ serverId: string }> }).tools : [];
    expect(listed.map((tool) => tool.serverId)).toEqual([alpha.server.id]);
    const status = await rest('/mcp/status', alpha.slug);
    expect(JSON.stringify(status.envelope)).toContain(alpha.server.id);
    for (const marker of markersOf(bravo)) expect(JSON.stringify(status.envelope)).not.toContain(marker);
    // A tool call reaches this workspace's server; the other's, by id or name, is not found from here.
    const own = await rest('/mcp/call', alpha.slug, { server: alpha.server.name, tool: 'echo', arguments: { message: 'hi' } });
    expect(own.envelope).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    for (const server of [bravo.server.id, bravo.server.name]) {
      const theirs = await rest('/mcp/call', alpha.slug, { server, tool: 'echo', arguments: { message: 'hi' } });
      expect(theirs.status).toBe(404);
      expect(theirs.envelope).toMatchObject({ ok: false, error: { code: 'mcp_server_not_found' } });
    }
    // Bravo's history holds none of Alpha's call.
    const history = await rest('/rpc/mcp.calls.list', bravo.slug, {});
    expect(history.envelope).toMatchObject({ ok: true, value: [] });
    // A workspace that does not exist is refused at every path.
    for (const path of ['/mcp/tools', '/mcp/status', '/rpc/crews.list']) {
      const unknown = path.startsWith('/rpc') ? await rest(path, 'nope', {}) : await rest(path, 'nope');
      expect(unknown.status).toBe(404);
      expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'workspace_not_found' } });
    }
  });

  it('streams a workspace’s events (and those of none) to a page of it, never another workspace’s', async () => {
    const core = open(tempDir());
    const { url, headers, viaHttp } = await startedHost(core);
    const alpha = await seedWorkspace(viaHttp, 'Alpha');
    const bravo = await seedWorkspace(viaHttp, 'Bravo');
    const events = await readStream(
      url,
      headers(alpha.slug),
      (event) => event.name === 'crews.changed' && event.workspaceId === alpha.workspaceId,
      async () => {
        await viaHttp('crews.create', { name: 'Bravo Night' }, bravo.slug);
        await viaHttp('workspaces.rename', { workspace: bravo.slug, name: 'Bravo Renamed' }, bravo.slug);
        await viaHttp('crews.create', { name: 'Alpha Night' }, alpha.slug);
      },
    );
    expect(events.map((event) => event.name)).toEqual(['workspaces.changed', 'crews.changed']);
    expect(events.every((event) => event.workspaceId === undefined || event.workspaceId === alpha.workspaceId)).toBe(true);
    // The list of workspaces changed (it belongs to none); Bravo's crew did not reach Alpha's page.
    expect(events[0]).toMatchObject({ payload: { workspaceId: bravo.workspaceId, change: 'updated' } });
    expect(events.filter((event) => event.name === 'crews.changed')).toEqual([expect.objectContaining({ workspaceId: alpha.workspaceId })]);
  });
});

describe('a console following other processes, for two workspaces', () => {
  it('publishes what another process changes in the workspace it changed, and opens a workspace created elsewhere', async () => {
    const dataDir = tempDir();
    const follower = open(dataDir, { followOtherProcesses: { intervalMs: 20 }, everyWorkspace: true });
    const writer = open(dataDir);
    const created = nextEvent(follower, 'workspaces.changed', (payload) => payload.change === 'created');
    const bravo = writer.workspaces.create({ name: 'Bravo' }, 'cli');
    await created;
    const heardInDefault: AppEvent[] = [];
    follower.bus.forWorkspace('default').subscribe((event) => heardInDefault.push(event));
    const heardInBravo = nextEvent(follower, 'crews.changed');
    writer.forWorkspace(bravo.slug).crews.create({ name: 'Ops' }, 'cli');
    await heardInBravo;
    writer.crews.create({ name: 'Default Ops' }, 'cli');
    await nextEvent(follower, 'crews.changed', () => heardInDefault.some((event) => event.name === 'crews.changed'));
    expect(heardInDefault.filter((event) => event.name === 'crews.changed').map((event) => event.workspaceId)).toEqual(['default']);
    // The follower opened Bravo when it was created elsewhere: its services answer there.
    expect(follower.forWorkspace(bravo.id).crews.list().map((crew) => crew.slug)).toEqual(['ops']);
  });
});

describe('the CLI, for two workspaces', () => {
  it('works in the workspace --workspace or CREWSHIP_WORKSPACE names, and refuses one that does not exist', async () => {
    const home = tempDir();
    const core = open(home);
    const alpha = await seedWorkspace(viaRouter(core), 'Alpha');
    const bravo = await seedWorkspace(viaRouter(core), 'Bravo');
    await core.close();
    cores.splice(0);

    const crews = crewship(home, 'crew', 'list', '--json', '--workspace', alpha.slug);
    expect(crews.code).toBe(0);
    expect(crews.stdout).toContain(alpha.crew.id);
    for (const marker of markersOf(bravo)) expect(crews.stdout).not.toContain(marker);

    const servers = crewshipWithEnv(home, { CREWSHIP_WORKSPACE: bravo.slug }, 'mcp', 'list', '--json');
    expect(servers.code).toBe(0);
    expect(servers.stdout).toContain(bravo.server.id);
    expect(servers.stdout).not.toContain(alpha.server.id);

    // --workspace wins over the environment; another workspace's crew is not found from here.
    const rename = crewshipWithEnv(home, { CREWSHIP_WORKSPACE: bravo.slug }, '--workspace', alpha.slug, 'crew', 'rename', bravo.crew.slug, 'Taken over');
    expect(rename.code).toBe(1);
    expect(rename.stderr).toContain('[crew_not_found]');

    const unknown = crewship(home, '--workspace', 'nope', 'credential', 'list');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no workspace "nope". [workspace_not_found]');
    expect(unknown.stderr).toContain('hint: Run `crewship workspace list`');

    // The list of workspaces belongs to none: it answers even when the environment names one that is gone.
    const list = crewshipWithEnv(home, { CREWSHIP_WORKSPACE: 'gone' }, 'workspace', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ slug: string }>).map((w) => w.slug)).toEqual(['default', 'alpha', 'bravo']);

    const refused = crewship(home, 'workspace', 'delete', alpha.slug);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('still holds 1 MCP server, 1 credential, 1 agent and 2 crews. [workspace_not_empty]');
    const deleted = crewship(home, 'workspace', 'delete', alpha.slug, '--with-contents');
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted workspace alpha with 1 MCP server, 1 credential, 1 agent and 2 crews.\n' });
    const shown = crewship(home, '--workspace', bravo.slug, 'workspace', 'show');
    expect(shown.stdout).toContain('Bravo (bravo)');
    expect(shown.stdout).toContain('holds: 1 MCP server, 1 credential, 1 agent and 2 crews');
  });
});
