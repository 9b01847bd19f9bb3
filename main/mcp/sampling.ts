import { AppError } from '../errors/app-error.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import { OperatorDesk } from './operator-desk.ts';
import type { OperatorWaits } from './operator-wait.ts';
import type { McpSamplingAction, McpSamplingReply, McpSamplingRequest } from './sampling-types.ts';

/** `unanswered`: it expired or its server took it back. */
export type SamplingAnswer = { action: 'accept'; reply: McpSamplingReply } | { action: 'decline' | 'unanswered' };

export type SamplingRequest = Omit<McpSamplingRequest, 'id' | 'receivedAt' | 'expiresAt'>;

/** Servers' sampling requests at the operator desk: the operator is the model. */
export class SamplingDesk {
  private readonly desk: OperatorDesk<McpSamplingRequest, SamplingAnswer, McpSamplingAction>;

  constructor(bus: EventBus, timeoutMs: number, logInternalError: InternalErrorLog, waits: OperatorWaits) {
    this.desk = new OperatorDesk<McpSamplingRequest, SamplingAnswer, McpSamplingAction>({
      prefix: 'sample',
      timeoutMs,
      waits,
      logInternalError,
      unanswered: { action: 'unanswered' },
      requested: (shown) => bus.publish('mcp.samplingRequested', shown),
      ended: (shown, outcome) => bus.publish('mcp.samplingEnded', { id: shown.id, serverId: shown.serverId, callId: shown.callId, outcome, at: nowIso() }),
      notFound: (id) =>
        new AppError(
          'mcp_sampling_not_found',
          `There is no sampling request ${id} waiting: it was answered, it expired, or its server took it back.`,
          'List what is waiting (`mcp.sampling.list`, or the tester) and answer one of those.',
        ),
    });
  }

  /** `chargedTo`: the calls whose durations leave out the time it waits (see OperatorWaits). */
  ask(request: SamplingRequest, signal: AbortSignal, chargedTo: readonly string[]): Promise<SamplingAnswer> {
    return this.desk.ask(request, signal, undefined, chargedTo);
  }

  list(): McpSamplingRequest[] {
    return this.desk.list();
  }

  answer(id: string, action: McpSamplingAction, reply: McpSamplingReply | undefined): { outcome: McpSamplingAction } {
    const waiting = this.desk.take(id);
    if (action === 'decline') {
      waiting.settle({ action: 'decline' }, 'decline');
      return { outcome: 'decline' };
    }
    if (!reply || reply.text.trim() === '' || reply.model.trim() === '') {
      throw new AppError('mcp_sampling_invalid', 'A reply needs its text and the name of the model it claims to come from.', 'Write the reply and a model name, or decline the request; it is still waiting.');
    }
    waiting.settle({ action: 'accept', reply }, 'accept');
    return { outcome: 'accept' };
  }

  /** Everything still waiting is refused for its server (the console is closing). */
  close(): void {
    this.desk.withdraw();
  }
}
