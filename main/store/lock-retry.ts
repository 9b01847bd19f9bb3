import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors/app-error.ts';
import { BUSY_TIMEOUT_MS, type Db } from './database.ts';
import { isBusy } from './store-errors.ts';

/** How long one attempt blocks the event loop waiting for another process's lock. */
const ATTEMPT_BUSY_TIMEOUT_MS = 20;
const RETRY_DELAYS_MS = [20, 40, 80, 160, 250] as const;

type Call = (...args: never[]) => unknown;
type Retrying<Calls extends Record<string, Call>> = {
  [Name in keyof Calls]: (...args: Parameters<Calls[Name]>) => Promise<Awaited<ReturnType<Calls[Name]>>>;
};

/**
 * better-sqlite3 is synchronous: a write waiting out another process's lock with a long busy
 * timeout stalls every request of a long-running door. Each call here waits only briefly; when
 * its write finds the lock taken, the call is run again after a pause in which the loop serves
 * others, for as long as the busy timeout would have waited, then fails with store_busy.
 *
 * Run again only what is safe to: a call that failed before it ever waited on anything (so it did
 * no network or other I/O) and committed nothing (its transaction was rolled back). A write after
 * a call's first await keeps the long busy timeout, as before.
 */
export function retryingWhenLocked<Calls extends Record<string, Call>>(db: Db, calls: Calls): Retrying<Calls> {
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const run = async (call: () => unknown): Promise<unknown> => {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let tries = 0; ; tries++) {
      const changesBefore = totalChanges.get();
      let outcome: unknown;
      try {
        outcome = waitingBriefly(db, call);
      } catch (error) {
        outcome = Promise.reject(error);
      }
      const committedNothing = totalChanges.get() === changesBefore;
      const busy = await busyBeforeAwaiting(outcome);
      if (busy === undefined || !committedNothing) return outcome;
      if (Date.now() >= deadline) throw storeBusy(busy);
      await sleep(RETRY_DELAYS_MS[Math.min(tries, RETRY_DELAYS_MS.length - 1)]);
    }
  };
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, call] of Object.entries(calls) as Array<[string, (...args: unknown[]) => unknown]>) {
    wrapped[name] = (...args) => run(() => call(...args));
  }
  // Each entry takes its call's arguments and resolves to what the call returned.
  return wrapped as Retrying<Calls>;
}

/** Runs `work` with a busy timeout of a few milliseconds, so that it never holds the event loop while another process writes. */
export function waitingBriefly<T>(db: Db, work: () => T): T {
  db.pragma(`busy_timeout = ${ATTEMPT_BUSY_TIMEOUT_MS}`);
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * The busy error of a call that had already failed when it returned: it ran to the failing write
 * without awaiting anything. A call still pending has waited on something, so it is never run
 * again; undefined for it, and for one that succeeded or failed otherwise.
 */
async function busyBeforeAwaiting(outcome: unknown): Promise<unknown> {
  if (!(outcome instanceof Promise)) return undefined;
  // Subscribed first, a promise already settled wins the race against one resolved after it.
  const pending = Promise.resolve();
  try {
    await Promise.race([outcome, pending]);
    return undefined;
  } catch (error) {
    return isBusy(error) ? error : undefined;
  }
}

function storeBusy(cause: unknown): AppError {
  return new AppError(
    'store_busy',
    `Another process held the database's write lock for more than ${BUSY_TIMEOUT_MS / 1000} s, so the change was not made.`,
    'Try again; if it repeats, look for a crewship command or another program writing to the data directory.',
    { cause },
  );
}
