export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Automatic retries after this many failures in a row stop; an explicit connect starts again. */
  maxAttempts: number;
}

/** Retries after failures in a row, each delay double the last (from `initialMs`, capped at `maxMs`). */
export class Backoff {
  /** Failures in a row. */
  attempts = 0;
  nextRetryAt: string | null = null;
  private readonly policy: BackoffPolicy;
  private readonly retry: () => void;
  private timer: NodeJS.Timeout | undefined;

  /** `retry` runs when a scheduled retry is due; it must contain its own faults (see failSafe). */
  constructor(policy: BackoffPolicy, retry: () => void) {
    this.policy = policy;
    this.retry = retry;
  }

  /** Counts a failure, and schedules a retry if one may help and tries are left. */
  failed(retryable: boolean): void {
    this.attempts++;
    if (retryable && this.attempts < this.policy.maxAttempts) this.schedule();
  }

  /** A success, or a disconnect: the next failure counts as the first again. */
  reset(): void {
    this.attempts = 0;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextRetryAt = null;
  }

  private schedule(): void {
    const { initialMs, maxMs } = this.policy;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.attempts - 1));
    this.nextRetryAt = new Date(Date.now() + delay).toISOString();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextRetryAt = null;
      this.retry();
    }, delay);
    // A pending retry must not keep a CLI process alive.
    this.timer.unref();
  }
}
