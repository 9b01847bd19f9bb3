import type { Credential } from '../credentials/credential.ts';
import { refreshDueAt } from '../credentials/refresh-due.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';

const RETRY_AFTER_FAILURE_MS = 60 * 1000;
/** setTimeout's ceiling; a later expiry is re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RefreshSchedulerDeps {
  list(): Credential[];
  get(id: string): Credential | undefined;
  refresh(id: string): Promise<unknown>;
  /** Called whenever a credential may have changed; returns the function that unsubscribes. */
  onChange(listener: (credentialId: string) => void): () => void;
  /** Where a timer's fault goes (the store failing to read a credential, say); the others keep their schedule. */
  logInternalError: InternalErrorLog;
}

/**
 * Refreshes every connected credential that has a refresh token shortly before its access token
 * expires. Its timers are unref'd (they never keep a process alive) and all stop with stop().
 */
export class RefreshScheduler {
  private readonly deps: RefreshSchedulerDeps;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;

  constructor(deps: RefreshSchedulerDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.onChange((id) => this.reschedule(id));
    for (const credential of this.deps.list()) this.arm(credential);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private reschedule(id: string): void {
    this.clear(id);
    if (!this.unsubscribe) return;
    const credential = this.deps.get(id);
    if (credential) this.arm(credential);
  }

  private arm(credential: Credential, at = refreshDueAt(credential)): void {
    if (at === null) return;
    const delay = Math.max(0, at - Date.now());
    const fire = failSafe('oauth refresh scheduler', this.deps.logInternalError, () => this.fire(credential.id, delay > MAX_TIMER_MS));
    const timer = setTimeout(fire, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
    this.timers.set(credential.id, timer);
  }

  /** Returns the refresh under way, so that a fault in scheduling its retry reaches the log too. */
  private fire(id: string, rearmOnly: boolean): Promise<void> | void {
    this.timers.delete(id);
    if (rearmOnly) return this.reschedule(id);
    // Success publishes a change, which re-arms the timer; a refused refresh leaves the
    // credential needing re-authorization (nothing to schedule); anything else retries later.
    return this.deps.refresh(id).then(() => undefined, () => {
      const credential = this.deps.get(id);
      if (this.unsubscribe && credential && credential.status === 'connected' && !this.timers.has(id)) {
        this.arm(credential, Date.now() + RETRY_AFTER_FAILURE_MS);
      }
    });
  }

  private clear(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }
}
