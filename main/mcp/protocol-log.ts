import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { exceedsJsonDepth } from '../errors/json-depth.ts';
import { nowIso } from '../store/ids.ts';
import type { Redactor } from './redact.ts';
import type { McpProtocolDirection, McpProtocolFilter, McpProtocolKind, McpProtocolMessage, McpProtocolNotice, McpProtocolPage } from './protocol-types.ts';

/** Messages kept per server: enough for a session's handshake, lists and a few hundred calls. */
const PROTOCOL_CAPACITY = 2000;
/** A body larger than this (a big blob) is counted and timed but not kept: the buffer stays bounded in bytes too. */
const MAX_KEPT_BODY_BYTES = 256 * 1024;
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

interface Pending {
  method: string;
  startedAt: number;
}

/**
 * One server's JSON-RPC traffic, both ways, as a ring buffer (the protocol view). Each message is
 * redacted with the connection's secrets before it is kept or published, so an injected token that
 * a server echoes back shows as `[redacted]`. Requests are matched to their responses by direction
 * and id, which gives each response its method and its round trip.
 */
export class ProtocolLog {
  private messages: McpProtocolMessage[] = [];
  private keptBytes = 0;
  private seq = 0;
  private dropped = 0;
  /** Requests waiting for their response, by `<direction>:<id>` of the request. */
  private readonly pending = new Map<string, Pending>();

  private readonly serverId: string;
  private readonly publish: (notice: McpProtocolNotice) => void;
  private readonly capacity: number;

  constructor(serverId: string, publish: (notice: McpProtocolNotice) => void, capacity = PROTOCOL_CAPACITY) {
    this.serverId = serverId;
    this.publish = publish;
    this.capacity = capacity;
  }

  /** Taps a transport before the client connects it: what it sends, and what arrives (the client chains its handler after ours). */
  observe(transport: Transport, redactor: Redactor): void {
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      this.record('out', message, redactor);
      return send(message, options);
    };
    const received = transport.onmessage;
    transport.onmessage = (message, extra) => {
      this.record('in', message, redactor);
      received?.(message, extra);
    };
  }

  /** A new connection: its requests are not the previous one's (ids start again). */
  newSession(): void {
    this.pending.clear();
  }

  read(filter: McpProtocolFilter): McpProtocolPage {
    const text = filter.text?.toLowerCase();
    const matching = this.messages.filter(
      (message) =>
        (filter.afterSeq === undefined || message.seq > filter.afterSeq) &&
        (filter.direction === undefined || message.direction === filter.direction) &&
        (filter.kind === undefined || message.kind === filter.kind) &&
        (filter.method === undefined || (message.method ?? '').startsWith(filter.method)) &&
        (text === undefined || JSON.stringify(message.body ?? '').toLowerCase().includes(text)),
    );
    // The newest `limit` of them when reading from the start; the next ones after a seq otherwise.
    const page = filter.afterSeq === undefined ? matching.slice(-filter.limit) : matching.slice(0, filter.limit);
    return { messages: page, dropped: this.dropped, capacity: this.capacity };
  }

  clear(): number {
    const cleared = this.messages.length;
    this.messages = [];
    this.keptBytes = 0;
    return cleared;
  }

  private record(direction: McpProtocolDirection, message: object, redactor: Redactor): void {
    const json = jsonOf(message);
    const size = json === null ? 0 : Buffer.byteLength(json);
    const { kind, method, id } = describe(message as RawMessage);
    const key = `${direction}:${String(id)}`;
    let durationMs: number | null = null;
    let shownMethod = method;
    if (kind === 'request') this.pending.set(key, { method: method ?? '', startedAt: performance.now() });
    if (kind === 'response' || kind === 'error') {
      // A response travels the other way from its request.
      const requestKey = `${direction === 'in' ? 'out' : 'in'}:${String(id)}`;
      const request = this.pending.get(requestKey);
      if (request) {
        this.pending.delete(requestKey);
        shownMethod = request.method;
        durationMs = Math.round((performance.now() - request.startedAt) * 100) / 100;
      }
    }
    // A body too large, or nested too deep to walk and show safely (a hostile server's), is counted but not kept.
    const parsed = json !== null && size <= MAX_KEPT_BODY_BYTES ? (JSON.parse(json) as unknown) : null;
    const body = parsed === null || exceedsJsonDepth(parsed) ? null : redactor.value(parsed);
    const entry: McpProtocolMessage = { seq: ++this.seq, serverId: this.serverId, at: nowIso(), direction, kind, method: shownMethod, id, size, durationMs, body };
    this.keep(entry, body === null ? 0 : size);
    this.publish({ seq: entry.seq, serverId: this.serverId, at: entry.at, direction, kind, method: shownMethod, id, size, durationMs });
  }

  private keep(entry: McpProtocolMessage, bytes: number): void {
    this.messages.push(entry);
    this.keptBytes += bytes;
    while (this.messages.length > this.capacity || (this.keptBytes > MAX_KEPT_BYTES && this.messages.length > 1)) {
      const oldest = this.messages.shift();
      if (oldest?.body !== null) this.keptBytes -= oldest?.size ?? 0;
      this.dropped++;
    }
  }
}

/** The message as JSON; null for one that cannot be written (deeper than the engine's stack): the view must never break the connection. */
function jsonOf(message: object): string | null {
  try {
    return JSON.stringify(message);
  } catch {
    return null;
  }
}

interface RawMessage {
  id?: string | number;
  method?: string;
  error?: unknown;
}

function describe(message: RawMessage): { kind: McpProtocolKind; method: string | null; id: string | number | null } {
  const id = message.id ?? null;
  if (typeof message.method === 'string') return { kind: id === null ? 'notification' : 'request', method: message.method, id };
  return { kind: message.error !== undefined ? 'error' : 'response', method: null, id };
}

/** The export format: one message per line, oldest first. */
export function toJsonLines(messages: McpProtocolMessage[]): string {
  return messages.map((message) => `${JSON.stringify(message)}\n`).join('');
}
