/**
 * A call run as a task keeps its task in the call history (SEP-1686 tasks, against the real
 * server-everything): the task id and each status it moved through — working, input_required while
 * the operator is asked, completed; or cancelled — in the history's row and record, and still
 * there after the console is opened again on the same data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-task-history-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  const core = openTestCore(dataDir, options);
  cores.push(core);
  return core;
}

/** The console closed and opened again on the same data directory: only what the history kept is there. */
async function reopen(core: Core, dataDir: string): Promise<Core> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
  return open(dataDir);
}

const statusesOf = (task: { transitions: { status: string }[] } | null) => task?.transitions.map((transition) => transition.status);

describe('tasks in the call history', () => {
  it('keeps a task’s id and its statuses, working then completed, across a restart', async () => {
    const dataDir = tempDir();
    const core = open(dataDir);
    addServer(core, 'everything', everythingStdio());
    const record = await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'kelp' }, task: true });
    expect(record.task).toMatchObject({ status: 'completed', taskId: expect.any(String) });
    expect(statusesOf(record.task)).toEqual(['working', 'completed']);
    expect(record.task?.transitions[0]?.statusMessage).toBe('Gathering sources...');

    const again = await reopen(core, dataDir);
    const [row] = await callOk(again, 'mcp.calls.list', { limit: 5 });
    expect(row).toMatchObject({ callId: record.callId, taskStatus: 'completed' });
    const kept = await callOk(again, 'mcp.calls.get', { callId: record.callId });
    expect(kept.task).toEqual(record.task);
  });

  it('records input_required while the server waits for the operator, then completed', async () => {
    const core = open(tempDir(), { mcp: { elicitations: true } });
    addServer(core, 'everything', everythingStdio());
    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'python', ambiguous: true } }, 'ui');
    const request = await requested;
    await expect.poll(() => core.mcp.gateway.getCall(call.callId).task?.status).toBe('input_required');
    const [running] = await callOk(core, 'mcp.calls.list', { limit: 5 });
    expect(running).toMatchObject({ callId: call.callId, status: 'running', taskStatus: 'input_required' });

    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    const schema = request.requestedSchema as { properties: { interpretation: { oneOf: { const: string }[] } } };
    await callOk(core, 'mcp.elicitations.answer', { id: request.id, action: 'accept', content: { interpretation: schema.properties.interpretation.oneOf[0]!.const } });
    expect(await finished).toMatchObject({ status: 'succeeded', taskStatus: 'completed' });
    // From input_required on the client waits on tasks/result (the spec's way), which answers once
    // the task is done: the server's brief "working" again in between is not seen.
    expect(statusesOf(core.mcp.gateway.getCall(call.callId).task)).toEqual(['working', 'input_required', 'completed']);
  });

  it('records a cancelled task as cancelled, and keeps it so', async () => {
    const dataDir = tempDir();
    const core = open(dataDir);
    addServer(core, 'everything', everythingStdio());
    const working = nextEvent(core, 'mcp.callTask', (event) => event.task.status === 'working');
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'cancel me' } }, 'ui');
    await working;
    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    await callOk(core, 'mcp.calls.cancel', { callId: call.callId });
    expect(await finished).toMatchObject({ status: 'cancelled', taskStatus: 'cancelled' });

    const again = await reopen(core, dataDir);
    const kept = await callOk(again, 'mcp.calls.get', { callId: call.callId });
    expect(statusesOf(kept.task)).toEqual(['working', 'cancelled']);
    expect(kept.task?.statusMessage).toBe('Cancelled by the console (tasks/cancel sent)');
  });
});
