import type { IncomingMessage, ServerResponse } from 'node:http';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';

const PING_INTERVAL_MS = 15_000;
/**
 * How much may wait in memory for one client that reads slower than events come (a flood of a
 * server's log lines: 8 KiB each). Past it the client is dropped rather than followed: a page
 * reconnects and re-reads what it shows, and the console's memory stays its own. 4 MiB (some 500
 * log lines) lets a page that reads, on a busy machine, fall behind a burst without being dropped.
 */
const MAX_QUEUED_EVENT_BYTES = 4 * 1024 * 1024;

/** Server-Sent Events: every bus event as one `data:` line of JSON, and a comment now and then to keep proxies awake. */
export function streamEvents(req: IncomingMessage, res: ServerResponse, bus: EventBus, logInternalError: InternalErrorLog): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (text: string) => {
    // write() answers false once the socket's buffer is full; what it takes beyond that is held in memory.
    if (!res.write(text) && res.writableLength > MAX_QUEUED_EVENT_BYTES) stop();
  };
  const unsubscribe = bus.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
  const ping = setInterval(failSafe('event stream ping', logInternalError, () => send(': ping\n\n')), PING_INTERVAL_MS);
  const stop = () => {
    clearInterval(ping);
    unsubscribe();
    res.destroy();
  };
  req.on('close', stop);
  send(': connected\n\n');
}
