import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, Progress, Task } from '@modelcontextprotocol/sdk/types.js';
import { nowIso } from '../store/ids.ts';
import type { LiveClient } from './live-client.ts';
import type { CallOptions } from './server-connection.ts';
import type { McpCallTask } from './types.ts';

function taskOf(task: Task): McpCallTask {
  return { taskId: task.taskId, status: task.status, statusMessage: task.statusMessage ?? null, pollIntervalMs: task.pollInterval ?? null, updatedAt: nowIso() };
}

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
        last = taskOf(message.task);
        ontask(last);
      } else if (message.type === 'result') {
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
