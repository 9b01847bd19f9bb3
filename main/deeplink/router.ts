import { parseDeepLink, redactDeepLink, type DeepLink, type DeepLinkKind } from './deep-link.ts';

/** Where a link came from: the first instance's own argv, a second instance, or macOS's open-url. */
export type DeepLinkSource = 'argv' | 'second-instance' | 'open-url';

export type DeepLinkHandler<K extends DeepLinkKind = DeepLinkKind> = (
  link: Extract<DeepLink, { kind: K }>,
  source: DeepLinkSource,
) => void | Promise<void>;

/** What became of one dispatched link; the Electron shell ignores it, tests read it. */
export type DeepLinkOutcome = 'queued' | 'handled' | 'unhandled' | 'rejected' | 'dropped';

/** One line per event; a line never contains a link's query string. */
export type DeepLinkLog = (level: 'info' | 'warn', line: string) => void;

export interface DeepLinkRouterOptions {
  log?: DeepLinkLog;
  /** Links kept while the app starts; more than this are dropped (logged, redacted). */
  maxPending?: number;
}

const defaultLog: DeepLinkLog = (level, line) => {
  process.stderr.write(`crewship: ${level === 'warn' ? 'warning: ' : ''}${line}\n`);
};

/**
 * The one place every crewship:// link goes: cold-start argv, second-instance argv and macOS
 * open-url alike. Links that arrive before start() (while the core opens) wait in a short queue.
 * A kind without a handler is logged and ignored; so is anything parseDeepLink rejects.
 */
export class DeepLinkRouter {
  private readonly handlers = new Map<DeepLinkKind, DeepLinkHandler>();
  private readonly pending: Array<{ raw: unknown; source: DeepLinkSource }> = [];
  private readonly log: DeepLinkLog;
  private readonly maxPending: number;
  private started = false;

  constructor(options: DeepLinkRouterOptions = {}) {
    this.log = options.log ?? defaultLog;
    this.maxPending = options.maxPending ?? 8;
  }

  /** One handler per kind; returns the function that removes it. */
  register<K extends DeepLinkKind>(kind: K, handler: DeepLinkHandler<K>): () => void {
    if (this.handlers.has(kind)) throw new Error(`A deep-link handler for "${kind}" is already registered.`);
    const stored = handler as unknown as DeepLinkHandler;
    this.handlers.set(kind, stored);
    return () => {
      if (this.handlers.get(kind) === stored) this.handlers.delete(kind);
    };
  }

  /** Handles the links that arrived before the app was ready, then every later one at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const { raw, source } of this.pending.splice(0)) this.route(raw, source);
  }

  /** Never throws: a deep link is outside input and must not be able to crash the app. */
  dispatch(raw: unknown, source: DeepLinkSource): DeepLinkOutcome {
    if (raw === undefined || raw === null) return 'dropped';
    if (!this.started) {
      if (this.pending.length >= this.maxPending) {
        this.log('warn', `deep link from ${source} dropped (too many while starting): ${redactDeepLink(raw)}`);
        return 'dropped';
      }
      this.pending.push({ raw, source });
      return 'queued';
    }
    return this.route(raw, source);
  }

  private route(raw: unknown, source: DeepLinkSource): DeepLinkOutcome {
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      this.log('warn', `deep link from ${source} rejected (${parsed.reason}: ${parsed.detail}): ${redactDeepLink(raw)}`);
      return 'rejected';
    }
    const handler = this.handlers.get(parsed.link.kind);
    if (!handler) {
      this.log('info', `deep link from ${source} ignored (nothing handles ${parsed.link.kind} yet): ${redactDeepLink(raw)}`);
      return 'unhandled';
    }
    try {
      const result = handler(parsed.link, source);
      if (result && typeof result.then === 'function') {
        result.then(undefined, (error: unknown) => this.reportFailure(parsed.link.kind, source, error));
      }
    } catch (error) {
      this.reportFailure(parsed.link.kind, source, error);
    }
    return 'handled';
  }

  /** Only the error's name: its message could quote the link. */
  private reportFailure(kind: DeepLinkKind, source: DeepLinkSource, error: unknown): void {
    const name = error instanceof Error ? error.name : typeof error;
    this.log('warn', `deep link handler for ${kind} (from ${source}) failed with ${name}`);
  }
}
