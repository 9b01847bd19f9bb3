import { isAppEvent, type AppEvent } from '../../../main/rpc/events.ts';
import { createSseParser } from './sse-parser.ts';
import type { StreamStatus } from './transport.ts';

export interface EventStreamOptions {
  url: string;
  token: string;
  onEvent(event: AppEvent): void;
  onStatus(status: StreamStatus): void;
  /** The host refused the token: stop retrying, the app shows the token screen. */
  onUnauthorized(): void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Reads the host's `/events` stream with fetch (EventSource cannot send an Authorization header),
 * and reconnects with exponential backoff whenever it drops. Returns the function that stops it.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController();
  let retryMs = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let everConnected = false;

  async function connectOnce(): Promise<'dropped' | 'unauthorized'> {
    const response = await fetch(options.url, {
      headers: { Authorization: `Bearer ${options.token}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.status === 401) return 'unauthorized';
    if (!response.ok || !response.body) return 'dropped';
    everConnected = true;
    retryMs = FIRST_RETRY_MS;
    options.onStatus('live');
    const parser = createSseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'dropped';
      for (const data of parser.push(value)) {
        const event = parseEvent(data);
        if (event) options.onEvent(event);
      }
    }
  }

  async function run(): Promise<void> {
    options.onStatus(everConnected ? 'reconnecting' : 'connecting');
    let outcome: 'dropped' | 'unauthorized';
    try {
      outcome = await connectOnce();
    } catch {
      outcome = 'dropped';
    }
    if (controller.signal.aborted) return;
    if (outcome === 'unauthorized') {
      options.onUnauthorized();
      return;
    }
    options.onStatus(everConnected ? 'reconnecting' : 'connecting');
    timer = setTimeout(() => void run(), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  void run();
  return () => {
    controller.abort();
    if (timer !== undefined) clearTimeout(timer);
  };
}

function parseEvent(data: string): AppEvent | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (isAppEvent(value)) return value;
  } catch {
    // A malformed message is skipped; the next one may be fine.
  }
  return undefined;
}
