/** How long requests have kept the operator busy on one call's behalf: the time at least one was open. */
interface WaitClock {
  open: number;
  openedAt: number;
  totalMs: number;
}

/**
 * The time each tool call spent waiting for the operator (elicitation and sampling alike), which
 * its duration and its server's latency leave out. Kept per call, so that a call running beside
 * another is not charged the other's wait; and within a call, overlapping requests count once. A
 * request that cannot be tied to one call (over stdio, with several calls running on the server)
 * is charged to each of them: each did wait while it was open, as far as the console can tell.
 */
export class OperatorWaits {
  private readonly clocks = new Map<string, WaitClock>();

  /** A request opened on behalf of these calls; the answer is the function that closes it. */
  start(callIds: readonly string[]): () => void {
    const now = performance.now();
    const opened = callIds.map((callId) => {
      const clock = this.clocks.get(callId) ?? { open: 0, openedAt: 0, totalMs: 0 };
      if (clock.open === 0) clock.openedAt = now;
      clock.open++;
      this.clocks.set(callId, clock);
      return clock;
    });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const at = performance.now();
      for (const clock of opened) {
        clock.open--;
        if (clock.open === 0) clock.totalMs += at - clock.openedAt;
      }
    };
  }

  /** The call's wait so far, a running clock while a request is open. */
  waitedMs(callId: string): number {
    const clock = this.clocks.get(callId);
    if (!clock) return 0;
    return clock.totalMs + (clock.open > 0 ? performance.now() - clock.openedAt : 0);
  }

  /** The call has ended: its clock goes (a request still open for it then counts for nobody more). */
  forget(callId: string): void {
    this.clocks.delete(callId);
  }
}
