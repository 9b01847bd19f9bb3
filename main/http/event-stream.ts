import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../events/bus.ts';

const PING_INTERVAL_MS = 15_000;

/** Server-Sent Events: every bus event as one `data:` line of JSON, and a comment now and then to keep proxies awake. */
export function streamEvents(req: IncomingMessage, res: ServerResponse, bus: EventBus): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), PING_INTERVAL_MS);
  req.on('close', () => {
    clearInterval(ping);
    unsubscribe();
  });
}
