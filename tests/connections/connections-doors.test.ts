import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { runCrewship, spawnCrewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { rawRequest } from '../helpers/http.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { ok } from './connection-fixtures.ts';

/**
 * The three doors on one data directory: the REST paths of the local host, the `crewship` CLI
 * (another process) and the contract as the UI calls it say the same things.
 */
const tempDir = useTempDirs('crewship-connections-doors-');
let opened: { core: Core; host: RunningHost } | undefined;
afterEach(async () => {
  await opened?.host.close();
  await opened?.core.close();
  opened = undefined;
});

async function setUp() {
  const dataDir = tempDir();
  const core = openTestCore(dataDir, { followOtherProcesses: { intervalMs: 100 } });
  const host = await startHost({ core });
  opened = { core, host };
  await ok(core, 'crews.create', { name: 'Night Ops' });
  await ok(core, 'crews.create', { name: 'Day Desk' });
  const rest = async (method: 'GET' | 'POST', path: string, body?: unknown, type = 'application/json') => {
    const response = await rawRequest({
      port: host.port,
      path,
      method,
      headers: { authorization: `Bearer ${host.token}`, 'content-type': type },
      ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: JSON.parse(response.body) as { ok: boolean; value?: unknown; error?: { code: string } } };
  };
  const cli = async (...args: string[]) => {
    const run = await runCrewship(dataDir, args);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    return run.stdout;
  };
  return { dataDir, core, host, rest, cli };
}

describe('crew connections at every door', () => {
  it('REST, the CLI and the contract agree on connections, messages and files', { timeout: 30_000 }, async () => {
    const { dataDir, core, rest, cli } = await setUp();
    const created = await rest('POST', '/crew-connections', { from: 'night-ops', to: 'day-desk', purpose: 'handover' });
    expect(created).toMatchObject({ status: 200, body: { ok: true, value: { status: 'active', purpose: 'handover' } } });
    const id = (created.body.value as { id: string }).id;

    await cli('crew', 'send', id, 'from the terminal', '--from', 'day-desk', '--payload', '{"step":1}');
    expect(await rest('POST', `/connections/${id}/message`, { from: 'night-ops', text: 'over REST' })).toMatchObject({ status: 200, body: { value: { seq: 2 } } });

    const restMessages = await rest('GET', `/connections/${id}/messages?limit=10`);
    expect((restMessages.body.value as { messages: Array<{ text: string; payload: unknown }> }).messages).toEqual([
      expect.objectContaining({ text: 'from the terminal', payload: { step: 1 }, senderCrewSlug: 'day-desk' }),
      expect.objectContaining({ text: 'over REST', payload: null }),
    ]);
    expect(JSON.parse(await cli('crew', 'messages', id, '--json'))).toEqual(restMessages.body.value);
    expect(await ok(core, 'connections.messages.list', { connection: id })).toEqual(restMessages.body.value);

    const active = await rest('GET', '/connections');
    expect(JSON.parse(await cli('crew', 'connections', '--active', '--json'))).toEqual(active.body.value);
    expect((await rest('GET', '/crew-connections')).body.value).toEqual(await ok(core, 'connections.list', {}));

    // A file over the host's 1 MiB body limit travels as the raw body of the files path…
    const blob = Buffer.alloc(2 * 1024 * 1024 + 3, 7);
    expect(await rest('POST', `/connections/${id}/files?path=data/blob.bin`, blob, 'application/octet-stream')).toMatchObject({
      status: 200,
      body: { value: { path: 'data/blob.bin', size: blob.length } },
    });
    // …or in base64 in JSON, to the files path or to /rpc.
    const text = { path: 'notes.md', content: Buffer.from('# Notes\n').toString('base64') };
    expect(await rest('POST', `/connections/${id}/files`, text)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await rest('POST', '/rpc/connections.files.write', { connection: id, path: 'big.bin', content: blob.toString('base64') })).toMatchObject({ status: 200 });

    const listed = await rest('GET', `/connections/${id}/files`);
    expect(JSON.parse(await cli('crew', 'files', id, '--json'))).toEqual(listed.body.value);
    expect((listed.body.value as Array<{ path: string }>).map((file) => file.path)).toEqual(['big.bin', 'data/blob.bin', 'notes.md']);
    const out = join(dataDir, 'downloaded.bin');
    await cli('crew', 'get', id, 'data/blob.bin', '--out', out);
    expect(readFileSync(out).equals(blob)).toBe(true);
    const read = await rest('GET', `/connections/${id}/files?path=notes.md`);
    expect(read.body.value).toMatchObject({ path: 'notes.md', mediaType: 'text/markdown', content: text.content });
    expect(await cli('crew', 'get', id, 'notes.md')).toBe('# Notes\n');
  });

  it('refuses bad input at the REST paths with the coded error and its status', async () => {
    const { rest } = await setUp();
    const created = await rest('POST', '/crew-connections', { from: 'night-ops', to: 'day-desk' });
    const id = (created.body.value as { id: string }).id;
    expect(await rest('POST', '/crew-connections', { from: 'night-ops', to: 'night-ops' })).toMatchObject({ status: 400, body: { error: { code: 'connection_self' } } });
    expect(await rest('POST', '/connections/conn_none/message', { from: 'night-ops', text: 'x' })).toMatchObject({ status: 404, body: { error: { code: 'connection_not_found' } } });
    expect(await rest('GET', `/connections/${id}/files?path=../etc/passwd`)).toMatchObject({ status: 400, body: { error: { code: 'connection_path_invalid' } } });
    expect(await rest('GET', `/connections/${id}/files?path=missing.txt`)).toMatchObject({ status: 404, body: { error: { code: 'connection_file_not_found' } } });
    const overLimit = Buffer.alloc(10 * 1024 * 1024 + 1);
    expect(await rest('POST', `/connections/${id}/files?path=huge.bin`, overLimit, 'application/octet-stream')).toMatchObject({ status: 413, body: { error: { code: 'connection_file_too_large' } } });
    // Other methods keep the host's 1 MiB body limit.
    expect(await rest('POST', `/connections/${id}/message`, { from: 'night-ops', text: 'x'.repeat(1024 * 1024 + 1) })).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    expect(await rest('GET', `/connections/${id}/files`)).toMatchObject({ status: 200, body: { value: [] } });
    expect((await rawRequest({ port: opened?.host.port ?? 0, path: '/connections', method: 'GET' })).status).toBe(401);
  });

  it('brings a message the CLI sends to a running console as an event, and `messages --follow` prints one sent elsewhere', { timeout: 30_000 }, async () => {
    const { dataDir, core, rest, cli } = await setUp();
    const id = (await ok(core, 'connections.create', { from: 'night-ops', to: 'day-desk' })).id;
    const heard = new Promise<AppEvent>((resolve) => core.bus.on('connections.message', (payload) => resolve({ name: 'connections.message', payload })));
    const sent = JSON.parse(await cli('crew', 'send', id, 'hello from the CLI', '--from', 'night-ops', '--json')) as { id: string };
    expect(await heard).toEqual({ name: 'connections.message', payload: expect.objectContaining({ connectionId: id, messageId: sent.id, seq: 1 }) });

    const follow = spawnCrewship(dataDir, 'crew', 'messages', id, '--follow', '--as', 'day-desk');
    try {
      await follow.waitFor(/hello from the CLI/);
      await rest('POST', `/connections/${id}/message`, { from: 'night-ops', text: 'arrives while following' });
      await follow.waitFor(/#2 \S+ night-ops \(msg_\w+\)\n {2}arrives while following/);
      // Read as day-desk, both are marked read for it.
      expect((await ok(core, 'connections.get', { connection: id })).crews[1].unread).toBe(0);
    } finally {
      follow.child.kill('SIGTERM');
      expect(await follow.exited).toBe(0);
    }
  });
});
