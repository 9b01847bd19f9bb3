import { useState } from 'react';
import type { McpCallTask, McpTaskTransition } from '../../../../main/rpc/contract.ts';
import { DateTime } from '../../components/DateTime.tsx';
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
    <>
      <p className="task-status" role="status" aria-label="Task">
        <span className={`task-status__state task-status__state--${task.status}`}>{statusLabel(task.status)}</span>
        <span>
          Task <code>{task.taskId}</code>
          {task.statusMessage ? ` — ${task.statusMessage}` : null}
        </span>
      </p>
      {task.transitions.length > 1 ? <TaskTransitions transitions={task.transitions} /> : null}
    </>
  );
}

const statusLabel = (status: McpTaskTransition['status']) => status.replace('_', ' ');

/** Each status the task moved to, as the history keeps it. */
function TaskTransitions({ transitions }: { transitions: McpTaskTransition[] }) {
  return (
    <ol className="compact-list" aria-label="Task statuses">
      {transitions.map((transition, index) => (
        <li key={index} className="task-transitions__step">
          <span className={`task-status__state task-status__state--${transition.status}`}>{statusLabel(transition.status)}</span>
          <span className="muted">
            <DateTime iso={transition.at} />
            {transition.statusMessage ? ` — ${transition.statusMessage}` : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
