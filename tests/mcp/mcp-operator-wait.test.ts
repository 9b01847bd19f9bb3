/**
 * A call's duration leaves out the time it waited for the operator, per call: against a fixture
 * server that asks for input (form elicitation) in as many calls as a test runs at once, a call is
 * not charged another call's wait, and overlapping requests count once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-operator-wait-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function open(): Promise<Core> {
  const core = openTestCore(tempDir(), { mcp: { elicitations: true } });
  cores.push(core);
  addServer(core, 'asking', fixtureStdio('asking-server.mjs'));
  await core.mcp.gateway.connect({ server: 'asking' });
  return core;
}

const asked = (core: Core, label: string) => nextEvent(core, 'mcp.elicitationRequested', (request) => request.message === `Question ${label}`);
const finished = (core: Core, callId: string) => nextEvent(core, 'mcp.callFinished', (call) => call.callId === callId);
const WORK_MS = 800;
const WAIT_MS = 1000;

describe('the operator’s wait, per call', () => {
  it('two overlapping elicitations on one server: each call leaves out its own wait, and not the other’s', async () => {
    const core = await open();
    const askedA = asked(core, 'A');
    const a = core.mcp.gateway.start({ server: 'asking', tool: 'ask', arguments: { label: 'A', workMs: WORK_MS } }, 'ui');
    const requestA = await askedA;
    expect(requestA.callId).toBe(a.callId);
    const askedB = asked(core, 'B');
    const b = core.mcp.gateway.start({ server: 'asking', tool: 'ask', arguments: { label: 'B', workMs: WORK_MS } }, 'ui');
    const requestB = await askedB;
    // Over stdio, with two calls running, the request cannot name its call.
    expect(requestB.callId).toBeNull();

    await sleep(WAIT_MS);
    const bEnded = finished(core, b.callId);
    await callOk(core, 'mcp.elicitations.answer', { id: requestB.id, action: 'accept', content: { answer: 'b' } });
    const summaryB = await bEnded;
    await sleep(WAIT_MS);
    const aEnded = finished(core, a.callId);
    await callOk(core, 'mcp.elicitations.answer', { id: requestA.id, action: 'accept', content: { answer: 'a' } });
    const summaryA = await aEnded;

    // B ran for about WAIT_MS + WORK_MS while A's request stayed open all along: charged only B's
    // own wait, it keeps the server's work. A waited 2 × WAIT_MS, which its duration leaves out.
    expect(summaryB.durationMs).toBeGreaterThanOrEqual(WORK_MS - 50);
    expect(summaryA.durationMs).toBeGreaterThanOrEqual(WORK_MS - 50);
    expect(summaryA.durationMs).toBeLessThan(2 * WAIT_MS);
    expect(core.mcp.gateway.status('asking')[0]?.lastCallLatencyMs).toBeLessThan(2 * WAIT_MS);
  });

  it('a call running beside a request that waits is not charged its wait', async () => {
    const core = await open();
    const askedA = asked(core, 'A');
    const a = core.mcp.gateway.start({ server: 'asking', tool: 'ask', arguments: { label: 'A', workMs: 0 } }, 'ui');
    const requestA = await askedA;
    const worked = await core.mcp.gateway.call({ server: 'asking', tool: 'work', arguments: { ms: 1200 } }, 'ui');
    expect(worked.durationMs).toBeGreaterThanOrEqual(1150);
    const aEnded = finished(core, a.callId);
    await callOk(core, 'mcp.elicitations.answer', { id: requestA.id, action: 'decline' });
    expect((await aEnded).durationMs).toBeLessThan(1200);
  });
});
