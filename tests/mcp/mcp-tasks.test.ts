/**
 * Tool calls run as tasks (SEP-1686, the 2025-11-25 spec's experimental tasks) against the real
 * server-everything over stdio and streamable-http: simulate-research-query requires a task; its
 * statuses are reported as the server gives them, its result fetched, and a cancel reaches the server;
 * and the same from `crewship mcp call --task`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpCallTask, McpTransportConfig } from '../../main/mcp/types.ts';
import { everythingEntry } from '../fixtures/mcp/everything.ts';
import { crewship, runCrewship } from '../helpers/cli.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer, everythingTransports, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-tasks-');
const cores: Core[] = [];
// Before the afterEach below, so that the cores close before the HTTP servers do.
const transports = everythingTransports();
/** The statuses server-everything's simulate-research-query moves through, a second each. */
const RESEARCH_STAGES = ['Gathering sources...', 'Analyzing content...', 'Synthesizing findings...', 'Generating report...'];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function open(transport: McpTransportConfig): Promise<Core> {
  const core = openTestCore(tempDir());
  cores.push(core);
  addServer(core, 'everything', transport);
  await callOk(core, 'mcp.servers.connect', { server: 'everything' });
  return core;
}

/** Every task status reported, in order (each test runs one task call at a time). */
function taskUpdates(core: Core): McpCallTask[] {
  const seen: McpCallTask[] = [];
  core.bus.on('mcp.callTask', (event) => void seen.push(event.task));
  return seen;
}

describe.each(transports)('tool calls as tasks over %s', (_name, transport) => {
  it('lists which tools run as tasks, and runs one: its statuses, then its result', async () => {
    const core = await open(await transport());
    const { tools } = await callOk(core, 'mcp.tools.list', { server: 'everything' });
    expect(tools.find((tool) => tool.name === 'simulate-research-query')?.taskSupport).toBe('required');
    expect(tools.find((tool) => tool.name === 'echo')?.taskSupport).toBeNull();

    const updates = taskUpdates(core);
    const record = await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'tidal energy' }, task: true });
    expect(record.status).toBe('succeeded');
    expect(record.result?.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('# Research Report: tidal energy') });
    expect(record.task).toMatchObject({ status: 'completed', taskId: expect.any(String) });
    // As the server reported them, before the call returned: one task, its stages, then completed.
    expect(new Set(updates.map((task) => task.taskId))).toEqual(new Set([record.task?.taskId]));
    expect(updates.at(-1)?.status).toBe('completed');
    // Each stage lasts 1 s and the client asks every 1 s, as the server bids, so a stage can pass
    // between two asks: several stages are seen, never out of their order.
    const stagesSeen = updates.map((task) => task.statusMessage ?? '').filter((message) => RESEARCH_STAGES.includes(message));
    expect(new Set(stagesSeen).size).toBeGreaterThanOrEqual(2);
    expect(stagesSeen).toEqual([...stagesSeen].sort((a, b) => RESEARCH_STAGES.indexOf(a) - RESEARCH_STAGES.indexOf(b)));
  });

  it('reports each status as the server moves the task on, and a cancelled call cancels the task on the server', async () => {
    const core = await open(await transport());
    const statuses = taskUpdates(core);
    const firstWorking = nextEvent(core, 'mcp.callTask', (event) => event.task.status === 'working' && RESEARCH_STAGES.includes(event.task.statusMessage ?? ''));
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'cancel me' } }, 'ui');
    const working = await firstWorking;
    expect(working.callId).toBe(call.callId);
    expect(core.mcp.gateway.getCall(call.callId).task).toMatchObject({ taskId: working.task.taskId, status: 'working' });

    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    const cancelledOnServer = nextEvent(core, 'mcp.protocolMessage', (message) => message.direction === 'out' && message.method === 'tasks/cancel');
    await callOk(core, 'mcp.calls.cancel', { callId: call.callId });
    expect((await finished).status).toBe('cancelled');
    expect((await cancelledOnServer).direction).toBe('out');
    expect(statuses.map((task) => task.statusMessage)).toContain(working.task.statusMessage);
  });
});

describe('crewship mcp call --task', () => {
  it('prints the task’s statuses on stderr and its result on stdout', async () => {
    const home = tempDir();
    const added = crewship(home, 'mcp', 'add', 'everything', '--command', process.execPath, '--arg', everythingEntry, '--arg', 'stdio');
    expect(added.code, added.stderr).toBe(0);
    const run = await runCrewship(home, ['mcp', 'call', 'everything', 'simulate-research-query', '--args', '{"topic":"kelp"}', '--task']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Research Report: kelp');
    expect(run.stderr).toMatch(/^task \S+: working — Gathering sources\.\.\.$/m);
    expect(run.stderr).toMatch(/^task \S+: completed/m);

    const json = await runCrewship(home, ['mcp', 'call', 'everything', 'simulate-research-query', '--args', '{"topic":"kelp"}', '--task', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const lines = json.stderr.trim().split('\n').map((line) => JSON.parse(line) as { task?: McpCallTask });
    expect(lines.some((line) => line.task?.status === 'working')).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'succeeded', task: { status: 'completed' } });
  }, 120_000);
});
