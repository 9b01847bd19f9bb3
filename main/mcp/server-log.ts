import { nowIso } from '../store/ids.ts';
import type { McpLogLevel, McpLogLine, McpLogPage, McpLogSource } from './types.ts';

export const DEFAULT_LOG_LINES = 2000;
const MAX_LINE_CHARS = 8192;

/**
 * One server's log: its stderr, its notifications/message and the gateway's notes about it, in a
 * bounded buffer that survives reconnects. Every line is redacted before it is kept or published.
 */
export class ServerLog {
  private readonly serverId: string;
  private readonly capacity: number;
  private readonly publish: (line: McpLogLine) => void;
  private lines: McpLogLine[] = [];
  private seq = 0;
  private dropped = 0;
  private partialStderr = '';

  constructor(serverId: string, publish: (line: McpLogLine) => void, capacity = DEFAULT_LOG_LINES) {
    this.serverId = serverId;
    this.publish = publish;
    this.capacity = capacity;
  }

  add(source: McpLogSource, text: string, level: McpLogLevel | null = null, logger: string | null = null): void {
    const line: McpLogLine = {
      seq: ++this.seq,
      serverId: this.serverId,
      at: nowIso(),
      source,
      level,
      logger,
      text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… (${text.length - MAX_LINE_CHARS} more characters)` : text,
    };
    this.lines.push(line);
    if (this.lines.length > this.capacity) {
      const excess = this.lines.length - this.capacity;
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
    this.publish(line);
  }

  /** stderr arrives in chunks that split lines anywhere: keep whole lines only. */
  addStderr(chunk: string, redact: (text: string) => string): void {
    const text = this.partialStderr + chunk;
    const parts = text.split(/\r?\n/);
    this.partialStderr = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
    for (const part of parts) if (part.length > 0) this.add('stderr', redact(part));
  }

  flushStderr(redact: (text: string) => string): void {
    if (this.partialStderr) this.add('stderr', redact(this.partialStderr));
    this.partialStderr = '';
  }

  /** The last stderr lines, for a failure's reason. */
  stderrTail(count: number): string[] {
    return this.lines.filter((line) => line.source === 'stderr').slice(-count).map((line) => line.text);
  }

  read(afterSeq: number | undefined, limit: number): McpLogPage {
    // The newest lines on a first read; after that, the lines that follow, in order.
    const lines = afterSeq === undefined ? this.lines.slice(-limit) : this.lines.filter((line) => line.seq > afterSeq).slice(0, limit);
    return { lines, dropped: this.dropped, lastSeq: this.seq };
  }

  clear(): number {
    const cleared = this.lines.length;
    this.dropped += cleared;
    this.lines = [];
    return cleared;
  }
}
