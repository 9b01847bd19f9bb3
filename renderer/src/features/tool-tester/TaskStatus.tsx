import { useState } from 'react';
import type { McpCallTask } from '../../../../main/rpc/contract.ts';
import { useMcpEvent } from '../../api/mcp.ts';
import type { RunState } from './results/ResultPanel.tsx';

/**
 * A call run as a task (SEP-1686): the server's task id and its last status, as the core reports
 * them while it polls (`mcp.callTask`), and as the finished call's record keeps it. Cancel on the
 * call cancels the task on the server too.
 */
export function TaskStatus({ run }: { run: RunState }) {
  const callId = run.phase === 'running' ? run.callId : run.phase === 'done' ? run.record.callId : null;
  const [reported, setReported] = useState<{ callId: string; task: McpCallTask } | null>(null);
  useMcpEvent('mcp.callTask', (event) => setReported({ callId: event.callId, task: event.task }));
  const task = run.phase === 'done' ? (run.record.task ?? (reported?.callId === callId ? reported.task : null)) : reported?.callId === callId ? reported.task : null;
  if (!task) return null;
  return (
    <p className="task-status" role="status" aria-label="Task">
      <span className={`task-status__state task-status__state--${task.status}`}>{task.status.replace('_', ' ')}</span>
      <span>
        Task <code>{task.taskId}</code>
        {task.statusMessage ? ` — ${task.statusMessage}` : null}
      </span>
    </p>
  );
}
