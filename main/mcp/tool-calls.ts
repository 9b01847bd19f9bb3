import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/bus.ts';
import { nowIso } from '../store/ids.ts';
import type { CallHistory } from './call-history.ts';
import { newCallId } from './call-id.ts';
import { describeRequestFailure } from './request-errors.ts';
import type { ServerConnection } from './server-connection.ts';
import type { OperatorWaits } from './operator-wait.ts';
import { taskMovedTo } from './task-calls.ts';
import type { McpCallRecord, McpCallSummary, McpServerConfig } from './types.ts';

export interface CallInput {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  agent?: string | undefined;
  callId?: string | undefined;
  timeoutMs?: number | undefined;
  replayOf?: string | undefined;
  /** Run it as a task (SEP-1686); a tool whose taskSupport is required always runs as one. */
  task?: boolean | undefined;
}

interface ToolCallDeps {
  history: CallHistory;
  bus: EventBus;
  /** For a call without its own timeout. */
  callTimeoutMs: number;
  /** The server a call names; throws when there is none, or when the gateway is closing. */
  configOf(server: string): McpServerConfig;
  agentIdOf(agent: string): string;
  connectionOf(config: McpServerConfig): ServerConnection;
  /** Each call's clock of time spent waiting for the operator, which its duration leaves out. */
  operatorWaits: OperatorWaits;
  /** A call on the server ended: what waited for its calls to end may go on. */
  onEnded(serverId: string, callId: string): void;
}

interface RunningCall {
  record: McpCallRecord;
  controller: AbortController;
  done: Promise<McpCallRecord>;
}

const CANCELLED = 'cancelled by the operator';

/**
 * The tool calls in flight, from start to end: each is recorded in the history and published
 * (`mcp.callStarted`), reports its progress, can be cancelled or time out, and is recorded and
 * published again when it ends (`mcp.callFinished`).
 */
export class ToolCalls {
  private readonly deps: ToolCallDeps;
  private readonly running = new Map<string, RunningCall>();

  constructor(deps: ToolCallDeps) {
    this.deps = deps;
  }

  /** Calls a tool and waits for the end; a failure of the call is in the record, not thrown. */
  call(input: CallInput, actor: Actor): Promise<McpCallRecord> {
    // Not async: an async function returning a promise would cost every call two more turns.
    try {
      return this.begin(input, actor).done;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Starts a tool call and answers at once; `mcp.callFinished` reports its end. */
  start(input: CallInput, actor: Actor): McpCallRecord {
    const running = this.begin(input, actor);
    return { ...running.record };
  }

  cancel(callId: string): { cancelled: boolean } {
    const running = this.running.get(callId);
    if (!running) return { cancelled: false };
    running.controller.abort(CANCELLED);
    return { cancelled: true };
  }

  /** A running call as it stands now, or one in the history. */
  get(callId: string): McpCallRecord {
    const running = this.running.get(callId);
    if (running) return structuredClone(running.record);
    const stored = this.deps.history.get(callId);
    if (stored) return stored;
    throw new AppError('mcp_call_not_found', `There is no tool call ${callId}.`, 'List the history (`crewship mcp history`, or the tester’s History tab).');
  }

  isRunningOn(serverId: string): boolean {
    return [...this.running.values()].some((running) => running.record.serverId === serverId);
  }

  /**
   * The call a server's request (elicitation, sampling) belongs to, and the calls it is charged
   * to. Over stdio a request cannot name its call: with one call running on the server, it is that
   * one; with several, none is named and each of them is charged the wait.
   */
  askingFor(serverId: string): { callId: string | null; chargedTo: string[] } {
    const chargedTo: string[] = [];
    for (const running of this.running.values()) if (running.record.serverId === serverId) chargedTo.push(running.record.callId);
    return { callId: chargedTo.length === 1 ? chargedTo[0]! : null, chargedTo };
  }

  /** Cancels every running call at once, and waits until each has ended. */
  async cancelAll(reason: string): Promise<void> {
    const running = [...this.running.values()];
    for (const call of running) call.controller.abort(reason);
    await Promise.allSettled(running.map((call) => call.done));
  }

  private begin(input: CallInput, actor: Actor): RunningCall {
    const config = this.deps.configOf(input.server);
    const agentId = input.agent ? this.deps.agentIdOf(input.agent) : null;
    const callId = input.callId ?? newCallId();
    // Only an id the caller chose can be taken already.
    if (input.callId !== undefined && (this.running.has(callId) || this.deps.history.exists(callId))) {
      throw new AppError('mcp_call_id_taken', `A tool call with the id ${callId} exists already.`, 'Use a fresh call id for every call.');
    }
    const record: McpCallRecord = {
      callId,
      serverId: config.id,
      serverName: config.name,
      tool: input.tool,
      agentId,
      actor,
      status: 'running',
      startedAt: nowIso(),
      finishedAt: null,
      durationMs: null,
      replayOf: input.replayOf ?? null,
      task: null,
      arguments: input.arguments,
      result: null,
      error: null,
      lastProgress: null,
    };
    const controller = new AbortController();
    const running: RunningCall = { record, controller, done: Promise.resolve(record) };
    this.running.set(callId, running);
    this.deps.history.record(record);
    this.deps.bus.publish('mcp.callStarted', summaryOf(record));
    running.done = this.run(running, this.deps.connectionOf(config), input.timeoutMs ?? this.deps.callTimeoutMs, input.task ?? false);
    return running;
  }

  private async run(running: RunningCall, connection: ServerConnection, timeoutMs: number, asTask: boolean): Promise<McpCallRecord> {
    const { record, controller } = running;
    let sentAt: number | undefined;
    try {
      // A call connects the one server it needs, and only that one.
      if (connection.currentState !== 'ready') await untilAborted(connection.connectNow(), controller.signal);
      controller.signal.throwIfAborted();
      sentAt = performance.now();
      const result = await connection.callTool(record.tool, record.arguments, {
        signal: controller.signal,
        operatorWaitMs: () => this.deps.operatorWaits.waitedMs(record.callId),
        timeoutMs,
        asTask,
        ontask: (task) => {
          record.task = task;
          // Each status goes to the history as it comes, so a restart keeps how far the task got.
          this.deps.history.record(record);
          this.deps.bus.publish('mcp.callTask', { callId: record.callId, serverId: record.serverId, task });
        },
        onprogress: ({ progress, total, message }) => {
          record.lastProgress = { progress, total: total ?? null, message: message ?? null };
          this.deps.bus.publish('mcp.callProgress', { callId: record.callId, serverId: record.serverId, ...record.lastProgress });
        },
      });
      record.result = result;
      record.status = result.isError ? 'tool_error' : 'succeeded';
    } catch (error) {
      if (controller.signal.aborted) {
        record.status = 'cancelled';
        record.task = taskMovedTo(record.task, 'cancelled', 'Cancelled by the console (tasks/cancel sent)');
        record.error = {
          code: 'mcp_call_cancelled',
          message: `The call to ${record.tool} was ${String(controller.signal.reason)}.`,
          hint: 'Run it again when you need it.',
        };
      } else {
        record.status = 'failed';
        record.error = describeRequestFailure(error, connection, { tool: record.tool }).toBody();
      }
    }
    const waited = this.deps.operatorWaits.waitedMs(record.callId);
    this.deps.operatorWaits.forget(record.callId);
    record.durationMs = sentAt === undefined ? null : Math.round(Math.max(0, performance.now() - sentAt - waited) * 100) / 100;
    record.finishedAt = nowIso();
    this.running.delete(record.callId);
    this.deps.history.record(record);
    this.deps.bus.publish('mcp.callFinished', summaryOf(record));
    this.deps.onEnded(record.serverId, record.callId);
    return record;
  }
}

/** Spelled out rather than a rest pattern, which costs a runtime call on every tool call. */
function summaryOf(record: McpCallRecord): McpCallSummary {
  return {
    callId: record.callId,
    serverId: record.serverId,
    serverName: record.serverName,
    tool: record.tool,
    agentId: record.agentId,
    actor: record.actor,
    status: record.status,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    replayOf: record.replayOf,
    taskStatus: record.task?.status ?? null,
  };
}

/** Waits for work, but gives up as soon as the signal aborts (the work itself carries on). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

