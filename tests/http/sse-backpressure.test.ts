import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-sse-');
let serve: ServeChild | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await serve?.stop();
  serve = undefined;
});

const STALLED_CLIENTS = 8;
/** Log notifications of ~8 KB (the log's line limit): ~40 MB of events for every client. */
const FLOOD = { count: 5000, size: 8000 };

/** A raw `GET /events` that reads nothing after the response head: its socket is paused. */
function stalledClient(serve: ServeChild): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(serve.port, '127.0.0.1', () => {
      socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nAuthorization: Bearer ${serve.token}\r\n\r\n`);
    });
    sockets.push(socket);
    socket.once('error', reject);
    socket.once('data', (head: Buffer) => {
      socket.pause();
      if (head.toString('latin1').startsWith('HTTP/1.1 200')) resolve(socket);
      else reject(new Error(`no event stream: ${head.toString('latin1').slice(0, 200)}`));
    });
  });
}

/** Resumes a stalled client and reads what is left: resolves with the bytes read and whether the host had closed it. */
function drain(socket: Socket, withinMs: number): Promise<{ bytes: number; closed: boolean }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      resolve({ bytes, closed });
    };
    const timer = setTimeout(() => done(false), withinMs);
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.once('close', () => done(true));
    socket.resume();
  });
}

/** A client that reads everything, as the console's pages do. */
async function readingClient(serve: ServeChild) {
  const response = await fetch(`${serve.url}/events`, { headers: { authorization: `Bearer ${serve.token}` } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      // Only the tail is kept: what it must find arrives last.
      text = (text + decoder.decode(value, { stream: true })).slice(-64 * 1024);
    }
    ended = true;
  })();
  return {
    ended: () => ended,
    until: async (pattern: RegExp, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      while (!pattern.test(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return pattern.test(text);
    },
    stop: () => reader.cancel(),
  };
}

describe('the /events stream under a flood', () => {
  it('drops clients that do not read, keeps serve small, and still serves a client that reads', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'hostile', fixtureStdio('hostile-server.mjs'));
    await core.close();
    serve = await startServe(home);
    const reader = await readingClient(serve);
    const post = (path: string, body: unknown) => fetch(`${serve?.url}${path}`, { method: 'POST', headers: serve?.headers, body: JSON.stringify(body) });
    const flood = async (tag: string) => {
      const answer = (await (await post('/mcp/call', { server: 'hostile', tool: 'flood', arguments: { ...FLOOD, tag } })).json()) as unknown;
      expect(answer).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    };
    // A first flood with only the reader: the heap grows to hold the flood's garbage (its JSON,
    // its log lines) once, so that what the second flood adds is what the stalled clients keep.
    await flood('warm-up');
    expect(await reader.until(new RegExp(`"text":"warm-up ${FLOOD.count} x`), 30_000)).toBe(true);
    const stalled = await Promise.all(Array.from({ length: STALLED_CLIENTS }, () => stalledClient(serve as ServeChild)));
    const before = serve.rssMiB();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, serve?.rssMiB() ?? 0)), 25);
    await flood('attack').finally(() => clearInterval(sampler));
    expect(serve.running()).toBe(true);
    // Unbounded, the stalled clients hold ~320 MB of events (measured here: +309 MiB); bounded,
    // each at most 4 MiB (32 MiB for the eight), and the flood's own garbage stays about where the
    // first flood left it (+55 MiB; up to +100 measured on a busy machine).
    expect(peak - before, `RSS ${before.toFixed(0)} MiB → peak ${peak.toFixed(0)} MiB`).toBeLessThan(160);

    // The reading client got the whole second flood, and what comes after it.
    const gotTheFlood = await reader.until(new RegExp(`"text":"attack ${FLOOD.count} x`), 30_000);
    expect(gotTheFlood, reader.ended() ? 'the host dropped the reading client' : 'the reading client is still waiting for the end of the flood').toBe(true);
    expect(await (await post('/rpc/crews.create', { name: 'After the flood' })).json()).toMatchObject({ ok: true });
    expect(await reader.until(/"name":"crews\.changed"/, 10_000)).toBe(true);
    expect(reader.ended()).toBe(false);

    // The stalled clients were closed by the host: read now, each ends after far less than the flood.
    for (const socket of stalled) {
      const { bytes, closed } = await drain(socket, 10_000);
      expect(closed).toBe(true);
      expect(bytes).toBeLessThan((FLOOD.count * FLOOD.size) / 4);
    }
    await reader.stop();
  });
});
