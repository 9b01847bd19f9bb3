import { afterEach, describe, expect, it } from 'vitest';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import type { AppEvent, AppEventName } from '../../main/rpc/events.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship } from '../helpers/cli.ts';
import { callContract, callOk, openTestCore } from '../helpers/core.ts';
import { isAlive, nextEvent } from '../helpers/mcp.ts';
import { connectThroughLoopback, createLocalCredential, recordEvents } from '../helpers/oauth.ts';
import { startLocalAuthServer, type LocalAuthServer } from '../helpers/oidc-provider.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * A long-running core (the app, `crewship serve`) and another process on the same data directory
 * (the CLI): what the other one changes reaches the running core's bus as the events its own
 * services publish. "Elsewhere" is a second core in this process (its own SQLite connection) or
 * the real `crewship` binary.
 */
const tempDir = useTempDirs('crewship-elsewhere-');
const cores: Core[] = [];
let authServer: LocalAuthServer | undefined;

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
  await authServer?.close();
  authServer = undefined;
});

const FOLLOWING: Partial<CoreOptions> = { followOtherProcesses: { intervalMs: 20 } };
const STORE_EVENTS = new Set<AppEventName>(['crews.changed', 'agents.changed', 'credentials.changed', 'mcp.serversChanged']);

function open(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  const core = openTestCore(dataDir, options);
  cores.push(core);
  return core;
}

/** The events that say the store changed (not a connection's status, not a call's progress). */
const storeChanges = (events: AppEvent[]) => events.filter((event) => STORE_EVENTS.has(event.name));

/** One more change by the writer, awaited on the follower: everything before it has arrived too. Returns its crew id. */
async function settled(writer: Core, follower: Core, name: string): Promise<string> {
  const crew = writer.crews.create({ name }, 'cli');
  await nextEvent(follower, 'crews.changed', (payload) => payload.crewId === crew.id);
  return crew.id;
}

describe('changes made by another connection', () => {
  it('are published as the same events the services publish for their own changes', async () => {
    const dataDir = tempDir();
    const follower = open(dataDir, FOLLOWING);
    const writer = open(dataDir);
    const published = recordEvents(writer);
    const replayed = recordEvents(follower);

    const crew = await callOk(writer, 'crews.create', { name: 'Night Ops' }, 'cli');
    await callOk(writer, 'crews.rename', { crew: crew.id, name: 'Night Operations' }, 'cli');
    const agent = await callOk(writer, 'agents.create', { crew: crew.id, name: 'Scout' }, 'cli');
    await callOk(writer, 'agents.rename', { agent: agent.id, name: 'Scout Two' }, 'cli');
    await callOk(writer, 'agents.create', { crew: crew.id, name: 'Sorter' }, 'cli');
    await callOk(writer, 'agents.delete', { agent: agent.id }, 'cli');
    await callOk(writer, 'crews.delete', { crew: crew.id, withAgents: true }, 'cli');

    const { credential } = await callOk(writer, 'credentials.create', {
      provider: 'custom',
      label: 'Acme',
      clientId: 'acme-client',
      custom: { name: 'Acme SSO', authorizeUrl: 'https://id.acme.test/authorize', tokenUrl: 'https://id.acme.test/token' },
    }, 'cli');
    await callOk(writer, 'credentials.update', { credential: credential.id, label: 'Acme SSO' }, 'cli');
    await callOk(writer, 'credentials.delete', { credential: credential.id }, 'cli');

    const server = await callOk(writer, 'mcp.servers.create', { name: 'mini', transport: fixtureStdio('minimal-server.mjs'), enabled: false }, 'cli');
    await callOk(writer, 'mcp.servers.update', { server: server.id, connectTimeoutMs: 5000 }, 'cli');
    await callOk(writer, 'mcp.servers.setEnabled', { server: server.id, enabled: true }, 'cli');
    await callOk(writer, 'mcp.servers.duplicate', { server: server.id }, 'cli');
    await callOk(writer, 'mcp.servers.delete', { server: server.id }, 'cli');

    await settled(writer, follower, 'Sentinel');
    expect(storeChanges(published).length).toBeGreaterThan(15);
    expect(storeChanges(replayed)).toEqual(storeChanges(published));
  });

  it('name each server an import wrote, besides the import itself', async () => {
    const dataDir = tempDir();
    const follower = open(dataDir, FOLLOWING);
    const writer = open(dataDir);
    const published = recordEvents(writer);
    const replayed = recordEvents(follower);

    const text = JSON.stringify({ mcpServers: { one: { command: 'node', args: ['one.js'] }, two: { command: 'node', args: ['two.js'] } } });
    await callOk(writer, 'mcp.config.import', { text }, 'cli');
    await settled(writer, follower, 'Sentinel');

    const [one, two] = ['one', 'two'].map((name) => writer.mcp.servers.get(name).id);
    const imported = { name: 'mcp.serversChanged', payload: { serverId: null, change: 'updated' }, workspaceId: 'default' };
    expect(storeChanges(published).slice(0, 1)).toEqual([imported]);
    expect(storeChanges(replayed).slice(0, 3)).toEqual([
      { name: 'mcp.serversChanged', payload: { serverId: one, change: 'created' }, workspaceId: 'default' },
      { name: 'mcp.serversChanged', payload: { serverId: two, change: 'created' }, workspaceId: 'default' },
      imported,
    ]);
  });

  it("are told from the core's own changes, which publish once", async () => {
    const dataDir = tempDir();
    const follower = open(dataDir, FOLLOWING);
    const writer = open(dataDir);
    const replayed = recordEvents(follower);

    // In one turn of the event loop, so that no tick falls between them.
    const ownFirst = follower.crews.create({ name: 'Own First' }, 'ui');
    const theirs = writer.crews.create({ name: 'Theirs' }, 'cli');
    const ownSecond = follower.crews.create({ name: 'Own Second' }, 'ui');
    await nextEvent(follower, 'crews.changed', (payload) => payload.crewId === theirs.id);
    const sentinel = await settled(writer, follower, 'Sentinel');

    expect(storeChanges(replayed).map((event) => event.name === 'crews.changed' && event.payload.crewId)).toEqual([ownFirst.id, ownSecond.id, theirs.id, sentinel]);
  });

  it('are read as theirs when they take a sequence number a rolled-back change of this core gave up', async () => {
    const dataDir = tempDir();
    const follower = open(dataDir, FOLLOWING);
    const writer = open(dataDir);
    const newestSeq = () => follower.audit.recent(1)[0]?.seq ?? 0;
    const before = newestSeq();

    // In one turn of the event loop: the follower has not read past its rolled-back entry yet.
    expect(() =>
      follower.store.db.transaction(() => {
        follower.audit.append('ui', 'crew.create', 'crew_rolled_back', {});
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    const theirs = writer.crews.create({ name: 'Theirs' }, 'cli');
    expect(newestSeq()).toBe(before + 1);

    await expect(nextEvent(follower, 'crews.changed', (payload) => payload.crewId === theirs.id, 5000)).resolves.toEqual({ crewId: theirs.id, change: 'created' });
  });

  it('re-arm the refresh scheduler: a credential another process connects is refreshed here before it expires', async () => {
    authServer = await startLocalAuthServer({ accessTokenTtl: 3 });
    const dataDir = tempDir();
    const follower = open(dataDir, { ...FOLLOWING, oauth: { refreshInBackground: true } });
    const writer = open(dataDir);
    const credential = await createLocalCredential(writer, authServer, { label: 'Short lived' });
    const refreshedHere = nextEvent(follower, 'credentials.changed', () => follower.credentials.get(credential.id).refreshedAt !== null, 10_000);

    const connected = await connectThroughLoopback(writer, authServer, credential.id);
    expect(connected.status).toBe('connected');
    const expiresAt = Date.parse(follower.credentials.get(credential.id).expiresAt ?? '');

    await refreshedHere;
    expect(Date.now()).toBeLessThan(expiresAt);
    expect(authServer.grants.filter((grant) => grant.grantType === 'refresh_token')).toEqual([{ grantType: 'refresh_token', ok: true }]);
    expect(follower.audit.recent(5).find((entry) => entry.action === 'credential.refresh')?.actor).toBe('system');
  });

  it('stop when the core closes', async () => {
    const dataDir = tempDir();
    const closed = open(dataDir, FOLLOWING);
    const running = open(dataDir, FOLLOWING);
    const writer = open(dataDir);
    const replayedByClosed = recordEvents(closed);
    await closed.close();
    await settled(writer, running, 'After Close');
    expect(storeChanges(replayedByClosed)).toEqual([]);
  });
});

describe('the MCP gateway of a running core, changed by the real CLI', () => {
  it('connects a server the CLI adds, ends it when the CLI disables it, and forgets it when the CLI removes it', { timeout: 60_000 }, async () => {
    const home = tempDir();
    const core = open(home, { followOtherProcesses: { intervalMs: 50 } });
    expect(await core.mcp.gateway.connectAll()).toEqual([]);

    const ready = nextEvent(core, 'mcp.status', (status) => status.name === 'mini' && status.state === 'ready');
    const { command, args } = fixtureStdio('minimal-server.mjs');
    const added = await runCrewship(home, ['mcp', 'add', 'mini', '--command', command, ...args.flatMap((arg) => ['--arg', arg])]);
    expect(added).toMatchObject({ code: 0 });
    const connected = await ready;
    expect(connected.toolCount).toBe(1);
    const pid = connected.pid as number;
    expect(isAlive(pid)).toBe(true);

    const disabled = nextEvent(core, 'mcp.status', (status) => status.name === 'mini' && status.state === 'disabled');
    expect(await runCrewship(home, ['mcp', 'disable', 'mini'])).toMatchObject({ code: 0 });
    expect(await disabled).toMatchObject({ pid: null, toolCount: 0 });
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);

    const removed = nextEvent(core, 'mcp.serversChanged', (payload) => payload.serverId === connected.serverId && payload.change === 'deleted');
    expect(await runCrewship(home, ['mcp', 'remove', 'mini'])).toMatchObject({ code: 0 });
    await removed;
    expect(core.mcp.gateway.status()).toEqual([]);

    const crewCreated = nextEvent(core, 'crews.changed', (payload) => payload.change === 'created');
    const created = await runCrewship(home, ['crew', 'create', 'Night Ops', '--json']);
    expect(created).toMatchObject({ code: 0 });
    expect(await crewCreated).toEqual({ crewId: (JSON.parse(created.stdout) as { id: string }).id, change: 'created' });
  });

  it('publishes the tool calls the CLI runs, once, so that the history and the figures follow them', { timeout: 60_000 }, async () => {
    const home = tempDir();
    const core = open(home, { followOtherProcesses: { intervalMs: 50 } });
    const { command, args } = fixtureStdio('minimal-server.mjs');
    const added = nextEvent(core, 'mcp.serversChanged', (payload) => payload.change === 'created');
    expect(await runCrewship(home, ['mcp', 'add', 'mini', '--command', command, ...args.flatMap((arg) => ['--arg', arg])])).toMatchObject({ code: 0 });
    await added;
    const events = recordEvents(core);

    const own = await core.mcp.gateway.call({ server: 'mini', tool: 'echo', arguments: { message: 'here' } }, 'ui');
    const arrived = nextEvent(core, 'mcp.callFinished', (summary) => summary.actor === 'cli');
    const ran = await runCrewship(home, ['mcp', 'call', 'mini', 'echo', '--args', '{"message":"there"}', '--json']);
    expect(ran).toMatchObject({ code: 0 });
    const theirs = JSON.parse(ran.stdout) as { callId: string };
    expect(await arrived).toMatchObject({ callId: theirs.callId, serverName: 'mini', tool: 'echo', status: 'succeeded', actor: 'cli' });

    // One more change by the CLI, awaited: whatever the follower had to publish before it is out.
    const crewCreated = nextEvent(core, 'crews.changed', (payload) => payload.change === 'created');
    expect(await runCrewship(home, ['crew', 'create', 'Late Shift'])).toMatchObject({ code: 0 });
    await crewCreated;
    const finished = events.filter((event) => event.name === 'mcp.callFinished').map((event) => event.payload.callId);
    expect(finished).toEqual([own.callId, theirs.callId]);
    expect(await callContract(core, 'mcp.calls.stats', {})).toMatchObject({ ok: true, value: { calls: 2, failed: 0, running: 0 } });
  });
});

