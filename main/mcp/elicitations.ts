import { AppError } from '../errors/app-error.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import { OperatorDesk } from './operator-desk.ts';
import type { McpElicitation, McpElicitationAction, McpElicitationOutcome } from './types.ts';

type Validate = (content: Record<string, unknown>) => { valid: boolean; errorMessage?: string | undefined };

/** What the connection hands over: a form (checked against its schema) or a URL to open (mode url). */
export interface ElicitationRequest {
  server: { id: string; name: string };
  callId: string | null;
  message: string;
  /** A form's schema; for a URL-mode request, the URL and the server's id for it instead. */
  form: { requestedSchema: Record<string, unknown>; validate: Validate } | { url: string; elicitationId: string };
  /** Aborted when the server withdraws the request (or the connection ends). */
  signal: AbortSignal;
}

export type ElicitationAnswer = { action: 'accept'; content: Record<string, unknown> } | { action: 'accept' } | { action: 'decline' | 'cancel' };

/**
 * Servers' requests for input (elicitation, form and URL mode) at the operator desk. A URL-mode
 * request, once accepted (the URL opened for the operator), is remembered until its server says
 * the flow is complete (`notifications/elicitation/complete`), which is published.
 */
export class ElicitationDesk {
  private readonly desk: OperatorDesk<McpElicitation, ElicitationAnswer, McpElicitationAction, Validate | null>;
  private readonly bus: EventBus;
  /** URL-mode requests accepted and not completed yet: the server's elicitation id to ours. */
  private readonly opened = new Map<string, { id: string; serverId: string; callId: string | null }>();

  constructor(bus: EventBus, timeoutMs: number, logInternalError: InternalErrorLog) {
    this.bus = bus;
    this.desk = new OperatorDesk<McpElicitation, ElicitationAnswer, McpElicitationAction, Validate | null>({
      prefix: 'elicit',
      timeoutMs,
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
      requestedSchema: byUrl ? {} : form.requestedSchema,
      url: byUrl ? form.url : null,
      elicitationId: byUrl ? form.elicitationId : null,
    };
    return this.desk.ask(shown, request.signal, byUrl ? null : form.validate);
  }

  /** The time this server's requests waited for the operator so far (see `OperatorDesk.waitedMs`). */
  waitedMs(serverId: string): number {
    return this.desk.waitedMs(serverId);
  }

  list(): McpElicitation[] {
    return this.desk.list();
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
    const key = `${serverId}\u0000${elicitationId}`;
    const opened = this.opened.get(key);
    if (!opened) return;
    this.opened.delete(key);
    this.bus.publish('mcp.elicitationEnded', { ...opened, outcome: 'completed', at: nowIso() });
  }

  /** Everything still waiting is cancelled for its server (the console is closing). */
  close(): void {
    this.desk.withdraw();
    this.opened.clear();
  }

  private ended(shown: McpElicitation, outcome: McpElicitationOutcome): void {
    if (outcome === 'accept' && shown.elicitationId !== null) {
      this.opened.set(`${shown.serverId}\u0000${shown.elicitationId}`, { id: shown.id, serverId: shown.serverId, callId: shown.callId });
    }
    this.bus.publish('mcp.elicitationEnded', { id: shown.id, serverId: shown.serverId, callId: shown.callId, outcome, at: nowIso() });
  }
}
