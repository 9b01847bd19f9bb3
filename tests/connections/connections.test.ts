import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectedCrews, ok, refused } from './connection-fixtures.ts';

const tempDir = useTempDirs('crewship-connections-');
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(dataDir = tempDir(), workspaceId?: string): Core {
  const core = openTestCore(dataDir, workspaceId ? { workspaceId } : {});
  cores.push(core);
  return core;
}

describe('crew connections', () => {
  it('connects two crews, lists them by status and crew, and closes one', async () => {
    const core = open();
    const { night, day, connection } = await connectedCrews(core);
    const third = await ok(core, 'crews.create', { name: 'Third' });
    expect(connection).toMatchObject({ status: 'active', purpose: 'handover', messageCount: 0, closedAt: null });
    expect(connection.crews.map((crew) => crew.slug)).toEqual(['night-ops', 'day-desk']);

    const other = await ok(core, 'connections.create', { from: third.id, to: night.id });
    expect(other.purpose).toBeNull();
    expect((await ok(core, 'connections.list', { crew: 'day-desk' })).map((c) => c.id)).toEqual([connection.id]);

    const closed = await ok(core, 'connections.close', { connection: connection.id });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect((await ok(core, 'connections.list', { status: 'active' })).map((c) => c.id)).toEqual([other.id]);
    expect((await ok(core, 'connections.list', { status: 'closed' })).map((c) => c.id)).toEqual([connection.id]);
    expect(await refused(core, 'connections.close', { connection: connection.id })).toMatchObject({ code: 'connection_closed' });
    // Closed, the two crews may connect again.
    expect((await ok(core, 'connections.create', { from: day.slug, to: night.slug })).status).toBe('active');
  });

  it('refuses a crew connecting to itself, a second active connection and an unknown crew, creating nothing', async () => {
    const core = open();
    const { night, day } = await connectedCrews(core);
    const self = await refused(core, 'connections.create', { from: night.slug, to: night.id });
    expect(self).toMatchObject({ code: 'connection_self', message: 'Crew "Night Ops" cannot connect to itself.' });
    expect(self.hint).not.toBe('');
    expect(await refused(core, 'connections.create', { from: day.slug, to: night.slug })).toMatchObject({ code: 'connection_exists' });
    expect(await refused(core, 'connections.create', { from: 'nobody', to: night.slug })).toMatchObject({ code: 'crew_not_found' });
    expect(await ok(core, 'connections.list', {})).toHaveLength(1);
  });

  it('keeps messages in order with their payload, pages them after a message id, and counts what each crew has not read', async () => {
    const core = open();
    const { connection } = await connectedCrews(core);
    const events: AppEvent[] = [];
    core.bus.subscribe((event) => events.push(event));
    const first = await ok(core, 'connections.messages.send', { connection: connection.id, from: 'night-ops', text: 'Shift starts', payload: { ticket: 42, tags: ['a'] } });
    for (const text of ['one', 'two', 'three']) await ok(core, 'connections.messages.send', { connection: connection.id, from: 'day-desk', text });
    expect(first).toMatchObject({ seq: 1, senderCrewSlug: 'night-ops', payload: { ticket: 42, tags: ['a'] } });
    expect(events.filter((event) => event.name === 'connections.message').map((event) => event.payload)).toEqual([
      expect.objectContaining({ connectionId: connection.id, messageId: first.id, seq: 1 }),
      expect.objectContaining({ seq: 2 }),
      expect.objectContaining({ seq: 3 }),
      expect.objectContaining({ seq: 4 }),
    ]);

    const unread = async () => (await ok(core, 'connections.get', { connection: connection.id })).crews.map((crew) => crew.unread);
    expect(await unread()).toEqual([3, 1]);

    const page = await ok(core, 'connections.messages.list', { connection: connection.id, limit: 2, as: 'night-ops' });
    expect(page.messages.map((message) => message.text)).toEqual(['Shift starts', 'one']);
    expect(page.hasMore).toBe(true);
    expect(await unread()).toEqual([2, 1]);
    const rest = await ok(core, 'connections.messages.list', { connection: connection.id, since: page.messages[1]?.id, as: 'night-ops' });
    expect(rest).toEqual({ messages: [expect.objectContaining({ text: 'two', seq: 3 }), expect.objectContaining({ text: 'three', seq: 4 })], hasMore: false });
    expect(await unread()).toEqual([0, 1]);
    // Read without a crew, nothing is marked.
    await ok(core, 'connections.messages.list', { connection: connection.id });
    expect(await unread()).toEqual([0, 1]);
    expect((await ok(core, 'connections.get', { connection: connection.id })).messageCount).toBe(4);
  });

  it('refuses a message to an unknown or closed connection, from a crew not on it, or too large, sending nothing', async () => {
    const core = open();
    const { connection } = await connectedCrews(core);
    const third = await ok(core, 'crews.create', { name: 'Third' });
    const send = (input: { connection?: string; from?: string; text?: string }) =>
      refused(core, 'connections.messages.send', { connection: connection.id, from: 'night-ops', text: 'hello', ...input });
    expect(await send({ connection: 'conn_nothing' })).toMatchObject({ code: 'connection_not_found' });
    expect(await send({ from: third.slug })).toMatchObject({ code: 'connection_crew_not_member', hint: 'Send and read as night-ops or day-desk.' });
    expect(await send({ text: 'x'.repeat(64 * 1024 + 1) })).toMatchObject({ code: 'connection_message_too_large' });
    expect(await send({ text: '' })).toMatchObject({ code: 'invalid_input' });
    expect(await refused(core, 'connections.messages.list', { connection: connection.id, since: 'msg_unknown' })).toMatchObject({ code: 'connection_message_not_found' });
    await ok(core, 'connections.close', { connection: connection.id });
    expect(await send({})).toMatchObject({ code: 'connection_closed' });
    expect((await ok(core, 'connections.messages.list', { connection: connection.id })).messages).toEqual([]);
  });

  it('stays in its workspace: another workspace sees none of its connections', async () => {
    const dataDir = tempDir();
    const core = open(dataDir);
    const { connection } = await connectedCrews(core);
    core.store.db.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws2', 'Second', 'now')").run();
    const other = open(dataDir, 'ws2');
    expect(await ok(other, 'connections.list', {})).toEqual([]);
    expect(await refused(other, 'connections.get', { connection: connection.id })).toMatchObject({ code: 'connection_not_found' });
    expect(await refused(other, 'connections.files.list', { connection: connection.id })).toMatchObject({ code: 'connection_not_found' });
  });
});
