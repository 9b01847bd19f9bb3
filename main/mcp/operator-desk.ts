import { randomUUID } from 'node:crypto';
import type { AppError } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { OperatorWaits } from './operator-wait.ts';

/** What every request waiting on a person shows: where it came from and until when it waits. */
export interface DeskShown {
  id: string;
  serverId: string;
  serverName: string;
  /** The tool call it arrived during, when exactly one call was running on that server. */
  callId: string | null;
  receivedAt: string;
  /** Unanswered by then, it is settled for the server as `unanswered`. */
  expiresAt: string;
}

/** How a waiting request ended without an answer: the deadline, or the server taking it back. */
type DeskUnanswered = 'expired' | 'withdrawn';

interface DeskOptions<Shown extends DeskShown, Answer, Outcome extends string> {
  /** Prefix of the request ids (`elicit`, `sample`). */
  prefix: string;
  timeoutMs: number;
  logInternalError: InternalErrorLog;
  /** What the server is answered with when nobody does. */
  unanswered: Answer;
  /** The calls' clocks of waiting, which a request open at this desk runs. */
  waits: OperatorWaits;
  requested(shown: Shown): void;
  ended(shown: Shown, outcome: Outcome | DeskUnanswered): void;
  notFound(id: string): AppError;
}

interface Waiting<Shown, Answer, Context, Outcome> {
  shown: Shown;
  context: Context;
  settle: (answer: Answer, outcome: Outcome | DeskUnanswered) => void;
}

/**
 * Where servers' requests that wait on a person (elicitation, sampling) are kept: every open door
 * sees them (an event and a list), one answer settles each, and none waits forever — the deadline
 * answers `unanswered`, and so does the server withdrawing it (its abort, or its connection closing).
 * `Context` is what the answer is checked against, kept beside the request and never shown.
 */
export class OperatorDesk<Shown extends DeskShown, Answer, Outcome extends string, Context = undefined> {
  private readonly waiting = new Map<string, Waiting<Shown, Answer, Context, Outcome>>();
  private readonly options: DeskOptions<Shown, Answer, Outcome>;

  constructor(options: DeskOptions<Shown, Answer, Outcome>) {
    this.options = options;
  }

  /** `chargedTo`: the calls whose durations leave out the time this request waits (see OperatorWaits). */
  ask(fields: Omit<Shown, keyof DeskShown> & Pick<DeskShown, 'serverId' | 'serverName' | 'callId'>, signal: AbortSignal, context: Context, chargedTo: readonly string[]): Promise<Answer> {
    const { timeoutMs, logInternalError, unanswered } = this.options;
    const id = `${this.options.prefix}_${randomUUID().slice(0, 12)}`;
    const receivedAt = Date.now();
    const shown = { ...fields, id, receivedAt: new Date(receivedAt).toISOString(), expiresAt: new Date(receivedAt + timeoutMs).toISOString() } as Shown;
    return new Promise<Answer>((resolve) => {
      const deadline = setTimeout(failSafe(`mcp ${this.options.prefix} deadline`, logInternalError, () => settle(unanswered, 'expired')), timeoutMs);
      deadline.unref();
      const onWithdrawn = () => settle(unanswered, 'withdrawn');
      const settle = (answer: Answer, outcome: Outcome | DeskUnanswered) => {
        if (!this.waiting.delete(id)) return;
        clearTimeout(deadline);
        signal.removeEventListener('abort', onWithdrawn);
        stopWaiting();
        this.options.ended(shown, outcome);
        resolve(answer);
      };
      this.waiting.set(id, { shown, context, settle });
      const stopWaiting = this.options.waits.start(chargedTo);
      if (signal.aborted) return onWithdrawn();
      signal.addEventListener('abort', onWithdrawn, { once: true });
      this.options.requested(shown);
    });
  }

  list(): Shown[] {
    return [...this.waiting.values()].map((waiting) => waiting.shown);
  }

  /** The request still waiting under this id (refused when it was answered, expired or withdrawn). */
  take(id: string): Waiting<Shown, Answer, Context, Outcome> {
    const waiting = this.waiting.get(id);
    if (!waiting) throw this.options.notFound(id);
    return waiting;
  }

  /** Settles the requests the predicate picks (all of them by default) as withdrawn. */
  withdraw(which: (shown: Shown, context: Context) => boolean = () => true): void {
    for (const waiting of [...this.waiting.values()]) {
      if (which(waiting.shown, waiting.context)) waiting.settle(this.options.unanswered, 'withdrawn');
    }
  }
}
