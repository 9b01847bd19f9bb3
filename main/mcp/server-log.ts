import { nowIso } from '../store/ids.ts';
import { noSecrets, type Redactor } from './redact.ts';
import type { McpLogLevel, McpLogLine, McpLogPage, McpLogSource } from './types.ts';

export const DEFAULT_LOG_LINES = 2000;
const MAX_LINE_CHARS = 8192;

/**
 * One server's log: its stderr, its notifications/message and the gateway's notes about it, in a
 * bounded buffer that survives reconnects. Every line (its text and its logger) is redacted here,
 * before it is kept or published, so that no one who adds a line has to remember to.
 */
export class ServerLog {
  private readonly serverId: string;
  private readonly capacity: number;
  private readonly publish: (line: McpLogLine) => void;
  private lines: McpLogLine[] = [];
  private seq = 0;
  private dropped = 0;
  private partialStderr = '';
  private redactor: Redactor = noSecrets;

  constructor(serverId: string, publish: (line: McpLogLine) => void, capacity = DEFAULT_LOG_LINES) {
    this.serverId = serverId;
    this.publish = publish;
    this.capacity = capacity;
  }

  /**
   * The secrets of the server's latest connection, redacted from every line from now on: also from
   * the lines about that connection after it ended (its last stderr, why it failed).
   */
  redactWith(redactor: Redactor): void {
    this.redactor = redactor;
  }

  add(source: McpLogSource, text: string, level: McpLogLevel | null = null, logger: string | null = null): void {
    // Redacted before it is cut short, which could cut a secret in two.
    const redacted = this.redactor.text(text);
    const line: McpLogLine = {
      seq: ++this.seq,
      serverId: this.serverId,
      at: nowIso(),
      source,
      level,
      logger: logger === null ? null : this.redactor.text(logger),
      text: redacted.length > MAX_LINE_CHARS ? `${redacted.slice(0, MAX_LINE_CHARS)}… (${redacted.length - MAX_LINE_CHARS} more characters)` : redacted,
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
  addStderr(chunk: string): void {
    const text = this.partialStderr + chunk;
    const parts = text.split(/\r?\n/);
    this.partialStderr = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
    for (const part of parts) if (part.length > 0) this.add('stderr', part);
  }

  flushStderr(): void {
    if (this.partialStderr) this.add('stderr', this.partialStderr);
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
