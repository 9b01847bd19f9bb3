/**
 * Removes secret values (an injected token, its basic-auth form, values that placeholders took)
 * from anything that leaves a connection: log lines, error messages, tool results kept in history.
 */
export const REDACTED = '[redacted]';

/** Values shorter than this are not treated as secrets: redacting "1" or "on" would garble every log. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: Iterable<string>) {
    this.add(...secrets);
  }

  /** A secret that arrived later (a refreshed token) is redacted from then on too. */
  add(...secrets: string[]): void {
    const added = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH && !this.secrets.includes(secret));
    if (added.length === 0) return;
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = [...this.secrets, ...added].sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  text(value: string): string {
    let result = value;
    for (const secret of this.secrets) if (result.includes(secret)) result = result.replaceAll(secret, REDACTED);
    return result;
  }

  /** A deep copy of a JSON value with every string redacted (keys too). */
  value<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.text(key), this.walk(item)]));
    }
    return value;
  }
}

export const noSecrets = new Redactor([]);
