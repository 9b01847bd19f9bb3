import { useState } from 'react';
import type { McpCallRecord, McpTool } from '../../../../main/rpc/contract.ts';
import { newCallId, useCancelMcpCall, useMcpEvent, useReplayMcpCall, useRunMcpTool } from '../../api/mcp.ts';
import type { RunState } from './results/ResultPanel.tsx';

export function toolKey(tool: { serverId: string; name: string }): string {
  return `${tool.serverId}/${tool.name}`;
}

/**
 * One call shown at a time: the tester picks the call id itself, so progress events can be matched
 * and Cancel works before the answer arrives. The answer is the call record the core kept in
 * history. The form runs one call at a time; a replay from history may start while a call runs —
 * it is then the one shown, and the other goes on to its end in the history.
 */
export function useToolRun(agent: string | undefined) {
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const runTool = useRunMcpTool();
  const replayCall = useReplayMcpCall();
  const cancelCall = useCancelMcpCall();

  useMcpEvent('mcp.callProgress', (event) => {
    setRun((current) =>
      current.phase === 'running' && current.callId === event.callId
        ? { ...current, progress: { progress: event.progress, total: event.total, message: event.message } }
        : current,
    );
  });

  async function start(tool: McpTool, args: Record<string, unknown>, replayOf?: string, asTask?: boolean): Promise<void> {
    if (run.phase === 'running' && !replayOf) return;
    const callId = newCallId();
    const key = toolKey(tool);
    setRun({ phase: 'running', toolKey: key, callId, tool: tool.name, progress: undefined, cancelling: false });
    const finish = (next: RunState) => setRun((current) => (current.phase === 'running' && current.callId === callId ? next : current));
    try {
      const record = replayOf
        ? await replayCall.mutateAsync({ callId: replayOf, arguments: args, newCallId: callId })
        : await runTool.mutateAsync({ server: tool.serverId, tool: tool.name, arguments: args, callId, ...(agent ? { agent } : {}), ...(asTask ? { task: true } : {}) });
      finish({ phase: 'done', toolKey: key, record });
    } catch (error) {
      finish({ phase: 'refused', toolKey: key, error });
    }
  }

  function cancel(): void {
    if (run.phase !== 'running' || run.cancelling) return;
    setRun({ ...run, cancelling: true });
    cancelCall.mutate({ callId: run.callId });
  }

  /** Shows a call from history as if it had just run. */
  function show(record: McpCallRecord): void {
    if (run.phase === 'running') return;
    setRun({ phase: 'done', toolKey: toolKey({ serverId: record.serverId, name: record.tool }), record });
  }

  return { run, start, cancel, show, cancelError: cancelCall.error };
}
