import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, Progress, Task } from '@modelcontextprotocol/sdk/types.js';
import { nowIso } from '../store/ids.ts';
import type { LiveClient } from './live-client.ts';
import type { CallOptions } from './server-connection.ts';
import type { McpCallTask, McpTaskTransition } from './types.ts';

/** The task as the server reported it now, its transitions carried on from what was known of it. */
function taskOf(task: Task, before: McpCallTask | null): McpCallTask {
  const updatedAt = nowIso();
  const statusMessage = task.statusMessage ?? null;
  const known = before?.taskId === task.taskId ? before.transitions : [];
  return {
    taskId: task.taskId,
    status: task.status,
    statusMessage,
    pollIntervalMs: task.pollInterval ?? null,
    updatedAt,
    transitions: withTransition(known, { status: task.status, statusMessage, at: updatedAt }),
  };
}

/**
 * The task moved on by what the console saw rather than by a status the server sent: its result
 * arrived (`tasks/result` answers only a task that is done, so one that last said input_required
 * completed), or the call was cancelled (`tasks/cancel` sent). A task already ended stays as it is.
 */
export function taskMovedTo(task: McpCallTask | null, status: 'completed' | 'cancelled', statusMessage: string | null): McpCallTask | null {
  if (task === null || ['completed', 'failed', 'cancelled'].includes(task.status)) return task;
  const at = nowIso();
  return { ...task, status, statusMessage, updatedAt: at, transitions: withTransition(task.transitions, { status, statusMessage, at }) };
}

/** Each change of status is kept once (a poll that finds the task as it was adds nothing), the first and the latest always. */
function withTransition(transitions: McpTaskTransition[], next: McpTaskTransition): McpTaskTransition[] {
  if (transitions.at(-1)?.status === next.status) return transitions;
  const kept = transitions.length < MAX_TRANSITIONS ? transitions : [transitions[0]!, ...transitions.slice(-(MAX_TRANSITIONS - 2))];
  return [...kept, next];
}

/** A task that flips between working and input_required for long is kept to its first and latest changes. */
const MAX_TRANSITIONS = 32;

/** A call that runs far longer than its timeout while still reporting progress is stopped here. */
const MAX_TOTAL_CALL_MS = 60 * 60 * 1000;

/** Sends `tools/call`, as a plain request or as a task; progress restarts the timeout either way. */
export async function sendToolCall(live: LiveClient, params: { name: string; arguments: Record<string, unknown> }, options: CallOptions, asTask: boolean): Promise<CallToolResult> {
  const requestOptions = {
    signal: options.signal,
    onprogress: (progress: Progress) => options.onprogress(live.redactor.value(progress)),
    timeout: options.timeoutMs,
    resetTimeoutOnProgress: true,
    maxTotalTimeout: Math.max(options.timeoutMs, MAX_TOTAL_CALL_MS),
  };
  if (asTask) return callAsTask(live, params, requestOptions, (task) => options.ontask?.(live.redactor.value(task)));
  return (await live.client.request({ method: 'tools/call', params }, live.sdk.types.CallToolResultSchema, requestOptions)) as CallToolResult;
}

/** How long the server keeps a task's result for us (it may keep it shorter). */
const TASK_TTL_MS = 10 * 60_000;

/**
 * A tool call run as a task (SEP-1686): the server answers `tools/call` with a task, which the
 * SDK polls (`tasks/get`) until it ends and then fetches its result (`tasks/result`). Each status
 * is reported. Cancelling the call also cancels the task on the server (`tasks/cancel`), since
 * the server would otherwise carry on with work nobody waits for.
 */
async function callAsTask(
  live: LiveClient,
  params: { name: string; arguments: Record<string, unknown> },
  options: RequestOptions & { signal: AbortSignal },
  ontask: (task: McpCallTask) => void,
): Promise<CallToolResult> {
  let last: McpCallTask | null = null;
  const cancelOnServer = () => {
    if (last === null || ['completed', 'failed', 'cancelled'].includes(last.status)) return;
    // Best effort, without the aborted signal: the server may have finished or forgotten it.
    live.client.experimental.tasks.cancelTask(last.taskId).catch(() => undefined);
  };
  options.signal.addEventListener('abort', cancelOnServer, { once: true });
  try {
    const stream = live.client.experimental.tasks.callToolStream(params, live.sdk.types.CallToolResultSchema, { ...options, task: { ttl: TASK_TTL_MS } });
    for await (const message of stream) {
      if (message.type === 'taskCreated' || message.type === 'taskStatus') {
        last = taskOf(message.task, last);
        ontask(last);
      } else if (message.type === 'result') {
        const completed = taskMovedTo(last, 'completed', null);
        if (completed !== last && completed !== null) ontask(completed);
        return message.result as CallToolResult;
      } else {
        // The SDK's own "Task … failed" says nothing of why; the task's status message does.
        const reason = last?.statusMessage ? `${message.error.message}: ${last.statusMessage}` : message.error.message;
        throw Object.assign(new Error(reason), { code: message.error.code });
      }
    }
    throw new Error('The task ended without a result.');
  } finally {
    options.signal.removeEventListener('abort', cancelOnServer);
  }
}
