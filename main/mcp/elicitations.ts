import { AppError } from '../errors/app-error.ts';
import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import { OperatorDesk } from './operator-desk.ts';
import type { OperatorWaits } from './operator-wait.ts';
import type { McpElicitation, McpElicitationAction, McpElicitationOutcome } from './types.ts';

type Validate = (content: Record<string, unknown>) => { valid: boolean; errorMessage?: string | undefined };

/** What the connection hands over: a form (checked against its schema) or a URL to open (mode url). */
export interface ElicitationRequest {
  server: { id: string; name: string };
  callId: string | null;
  /** The calls whose durations leave out the time it waits (see OperatorWaits). */
  chargedTo: readonly string[];
  message: string;
  /** A form's schema; for a URL-mode request, the URL and the server's id for it instead. */
  form: { requestedSchema: Record<string, unknown>; validate: Validate } | { url: string; elicitationId: string };
  /** Aborted when the server withdraws the request (or the connection ends). */
  signal: AbortSignal;
}

export type ElicitationAnswer = { action: 'accept'; content: Record<string, unknown> } | { action: 'accept' } | { action: 'decline' | 'cancel' };

/**
 * Servers' requests for input (elicitation, form and URL mode) at the operator desk. A URL-mode
 * request, once accepted (the URL opened for the operator), stays listed as `opened` until its
 * server says the flow is complete (`notifications/elicitation/complete`, published as the outcome
 * `completed`) or the desk's deadline passes again. A completion that arrives while the request
 * still waits (the operator finished the flow without opening it from here) ends it as accepted.
 */
export class ElicitationDesk {
  private readonly desk: OperatorDesk<McpElicitation, ElicitationAnswer, McpElicitationAction | 'completed', Validate | null>;
  private readonly bus: EventBus;
  private readonly timeoutMs: number;
  private readonly logInternalError: InternalErrorLog;
  /** URL-mode requests accepted and not completed yet, by server and the server's elicitation id. */
  private readonly opened = new Map<string, { shown: McpElicitation; deadline: NodeJS.Timeout }>();

  constructor(bus: EventBus, timeoutMs: number, logInternalError: InternalErrorLog, waits: OperatorWaits) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
    this.logInternalError = logInternalError;
    this.desk = new OperatorDesk<McpElicitation, ElicitationAnswer, McpElicitationAction | 'completed', Validate | null>({
      prefix: 'elicit',
      timeoutMs,
      waits,
      logInternalError,
      unanswered: { action: 'cancel' },
      requested: (shown) => bus.publish('mcp.elicitationRequested', shown),
      ended: (shown, outcome) => this.ended(shown, outcome),
      notFound: (id) =>
        new AppError(
          'mcp_elicitation_not_found',
          `There is no request for input ${id} waiting: it was answered, it expired, or its server took it back.`,
          'List what is waiting (`mcp.elicitations.list`, or the tester) and answer one of those.',
        ),
    });
  }

  ask(request: ElicitationRequest): Promise<ElicitationAnswer> {
    const { form } = request;
    const byUrl = 'url' in form;
    const shown = {
      serverId: request.server.id,
      serverName: request.server.name,
      callId: request.callId,
      message: request.message,
      mode: byUrl ? ('url' as const) : ('form' as const),
      state: 'waiting' as const,
      requestedSchema: byUrl ? {} : form.requestedSchema,
      url: byUrl ? form.url : null,
      elicitationId: byUrl ? form.elicitationId : null,
    };
    return this.desk.ask(shown, request.signal, byUrl ? null : form.validate, request.chargedTo);
  }

  /** What waits for an answer, then the URL-mode flows opened and not completed yet. */
  list(): McpElicitation[] {
    return [...this.desk.list(), ...[...this.opened.values()].map((flow) => flow.shown)];
  }

  /**
   * Content that does not fit a form's schema is refused, and the request keeps waiting. A URL-mode
   * request is accepted without content: the door opens its URL for the operator.
   */
  answer(id: string, action: McpElicitationAction, content: Record<string, unknown> | undefined): { outcome: McpElicitationAction; url: string | null } {
    const waiting = this.desk.take(id);
    const url = waiting.shown.url;
    if (action !== 'accept') {
      waiting.settle({ action }, action);
      return { outcome: action, url: null };
    }
    if (url !== null) {
      waiting.settle({ action: 'accept' }, 'accept');
      return { outcome: 'accept', url };
    }
    const checked = waiting.context?.(content ?? {}) ?? { valid: true };
    if (!checked.valid) {
      throw new AppError(
        'mcp_elicitation_invalid',
        `The answer does not fit what ${waiting.shown.serverName} asked for: ${checked.errorMessage ?? 'it does not match the schema'}.`,
        'Correct the fields named and answer again; the request is still waiting.',
      );
    }
    waiting.settle({ action: 'accept', content: content ?? {} }, 'accept');
    return { outcome: 'accept', url: null };
  }

  /** The server's `notifications/elicitation/complete`: the out-of-band flow of an opened URL ended. */
  completed(serverId: string, elicitationId: string): void {
    const waiting = this.desk.list().find((shown) => shown.serverId === serverId && shown.elicitationId === elicitationId);
    if (waiting) return this.desk.take(waiting.id).settle({ action: 'accept' }, 'completed');
    this.forget(flowKey(serverId, elicitationId), 'completed');
  }

  /**
   * The call a flow was opened during has ended: its server went on without saying the flow is
   * complete (server-everything's answers at once), so nobody waits for it any more.
   */
  callEnded(callId: string): void {
    for (const [key, flow] of this.opened) if (flow.shown.callId === callId) this.forget(key, 'withdrawn');
  }

  /** Everything still waiting is cancelled for its server (the console is closing). */
  close(): void {
    this.desk.withdraw();
    for (const flow of this.opened.values()) clearTimeout(flow.deadline);
    this.opened.clear();
  }

  private ended(shown: McpElicitation, outcome: McpElicitationOutcome): void {
    if (outcome === 'accept' && shown.elicitationId !== null) this.remember(shown, shown.elicitationId);
    this.bus.publish('mcp.elicitationEnded', { id: shown.id, serverId: shown.serverId, callId: shown.callId, outcome, at: nowIso() });
  }

  /** An opened flow is listed until it completes; a server that never says so is given the desk's deadline once more. */
  private remember(shown: McpElicitation, elicitationId: string): void {
    const key = flowKey(shown.serverId, elicitationId);
    const deadline = setTimeout(failSafe('mcp elicitation flow deadline', this.logInternalError, () => this.forget(key, 'expired')), this.timeoutMs);
    deadline.unref();
    this.opened.set(key, { shown: { ...shown, state: 'opened', expiresAt: new Date(Date.now() + this.timeoutMs).toISOString() }, deadline });
  }

  private forget(key: string, outcome: 'completed' | 'expired' | 'withdrawn'): void {
    const flow = this.opened.get(key);
    if (!flow) return;
    clearTimeout(flow.deadline);
    this.opened.delete(key);
    const { id, serverId, callId } = flow.shown;
    this.bus.publish('mcp.elicitationEnded', { id, serverId, callId, outcome, at: nowIso() });
  }
}

const flowKey = (serverId: string, elicitationId: string) => `${serverId}\u0000${elicitationId}`;
