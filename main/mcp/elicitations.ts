import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import type { McpElicitation, McpElicitationAction, McpElicitationOutcome } from './types.ts';

/** What the connection hands over: the request and a check of an answer against its schema. */
export interface ElicitationRequest {
  server: { id: string; name: string };
  callId: string | null;
  message: string;
  requestedSchema: Record<string, unknown>;
  /** Aborted when the server withdraws the request (or the connection ends). */
  signal: AbortSignal;
  validate: (content: Record<string, unknown>) => { valid: boolean; errorMessage?: string | undefined };
}

export type ElicitationAnswer = { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' | 'cancel' };

/** How long a server's requests have kept the operator busy: the time at least one was open. */
interface WaitClock {
  open: number;
  openedAt: number;
  totalMs: number;
}

interface Waiting {
  request: McpElicitation;
  validate: ElicitationRequest['validate'];
  settle: (answer: ElicitationAnswer, outcome: McpElicitationOutcome) => void;
}

/**
 * Where servers' requests for input wait for the operator: every open door sees them (an event and
 * a list), one answer settles each, and none waits forever — the deadline cancels it for the server.
 */
export class ElicitationDesk {
  private readonly waiting = new Map<string, Waiting>();
  private readonly clocks = new Map<string, WaitClock>();
  private readonly bus: EventBus;
  private readonly timeoutMs: number;
  private readonly logInternalError: InternalErrorLog;

  constructor(bus: EventBus, timeoutMs: number, logInternalError: InternalErrorLog) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
    this.logInternalError = logInternalError;
  }

  ask(request: ElicitationRequest): Promise<ElicitationAnswer> {
    const id = `elicit_${randomUUID().slice(0, 12)}`;
    const receivedAt = Date.now();
    const shown: McpElicitation = {
      id,
      serverId: request.server.id,
      serverName: request.server.name,
      callId: request.callId,
      message: request.message,
      requestedSchema: request.requestedSchema,
      receivedAt: new Date(receivedAt).toISOString(),
      expiresAt: new Date(receivedAt + this.timeoutMs).toISOString(),
    };
    return new Promise<ElicitationAnswer>((resolve) => {
      const deadline = setTimeout(
        failSafe('mcp elicitation deadline', this.logInternalError, () => settle({ action: 'cancel' }, 'expired')),
        this.timeoutMs,
      );
      deadline.unref();
      const onWithdrawn = () => settle({ action: 'cancel' }, 'withdrawn');
      const settle = (answer: ElicitationAnswer, outcome: McpElicitationOutcome) => {
        if (!this.waiting.delete(id)) return;
        this.stopWaiting(request.server.id);
        clearTimeout(deadline);
        request.signal.removeEventListener('abort', onWithdrawn);
        this.bus.publish('mcp.elicitationEnded', { id, serverId: shown.serverId, callId: shown.callId, outcome, at: nowIso() });
        resolve(answer);
      };
      this.waiting.set(id, { request: shown, validate: request.validate, settle });
      this.startWaiting(request.server.id);
      if (request.signal.aborted) return onWithdrawn();
      request.signal.addEventListener('abort', onWithdrawn, { once: true });
      this.bus.publish('mcp.elicitationRequested', shown);
    });
  }

  /**
   * The time a server's requests have waited for the operator so far (overlapping requests counted
   * once), a running clock: a call's duration and latency subtract what it grew by while they ran,
   * so that one answered request does not read as a slow server.
   */
  waitedMs(serverId: string): number {
    const clock = this.clocks.get(serverId);
    if (!clock) return 0;
    return clock.totalMs + (clock.open > 0 ? performance.now() - clock.openedAt : 0);
  }

  private startWaiting(serverId: string): void {
    const clock = this.clocks.get(serverId) ?? { open: 0, openedAt: 0, totalMs: 0 };
    if (clock.open === 0) clock.openedAt = performance.now();
    clock.open++;
    this.clocks.set(serverId, clock);
  }

  private stopWaiting(serverId: string): void {
    const clock = this.clocks.get(serverId);
    if (!clock || clock.open === 0) return;
    clock.open--;
    if (clock.open === 0) clock.totalMs += performance.now() - clock.openedAt;
  }

  list(): McpElicitation[] {
    return [...this.waiting.values()].map((waiting) => waiting.request);
  }

  /** Content that does not fit the requested schema is refused, and the request keeps waiting. */
  answer(id: string, action: McpElicitationAction, content: Record<string, unknown> | undefined): { outcome: McpElicitationAction } {
    const waiting = this.waiting.get(id);
    if (!waiting) {
      throw new AppError(
        'mcp_elicitation_not_found',
        `There is no request for input ${id} waiting: it was answered, it expired, or its server took it back.`,
        'List what is waiting (`mcp.elicitations.list`, or the tester) and answer one of those.',
      );
    }
    if (action !== 'accept') {
      waiting.settle({ action }, action);
      return { outcome: action };
    }
    const checked = waiting.validate(content ?? {});
    if (!checked.valid) {
      throw new AppError(
        'mcp_elicitation_invalid',
        `The answer does not fit what ${waiting.request.serverName} asked for: ${checked.errorMessage ?? 'it does not match the schema'}.`,
        'Correct the fields named and answer again; the request is still waiting.',
      );
    }
    waiting.settle({ action: 'accept', content: content ?? {} }, 'accept');
    return { outcome: 'accept' };
  }

  /** Everything still waiting is cancelled for its server (the console is closing). */
  close(): void {
    for (const waiting of [...this.waiting.values()]) waiting.settle({ action: 'cancel' }, 'withdrawn');
  }
}
