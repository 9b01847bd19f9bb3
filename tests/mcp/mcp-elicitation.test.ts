/**
 * Servers' requests for input (MCP elicitation, form mode) with the real server-everything, whose
 * trigger-elicitation-request tool asks for a form and reports what it received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { GatewayOptions } from '../../main/mcp/gateway.ts';
import type { McpElicitation } from '../../main/mcp/types.ts';
import type { MethodInput } from '../../main/rpc/contract.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { callContract, openTestCore } from '../helpers/core.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-elicit-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(options: GatewayOptions = {}): Core {
  const core = openTestCore(tempDir(), { mcp: { elicitations: true, ...options } });
  cores.push(core);
  addServer(core, 'everything', everythingStdio());
  return core;
}

/** Starts the tool and resolves with the request for input it raised. */
async function askForInput(core: Core): Promise<{ callId: string; request: McpElicitation }> {
  const requested = nextEvent(core, 'mcp.elicitationRequested');
  const call = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-elicitation-request', arguments: {} }, 'ui');
  return { callId: call.callId, request: await requested };
}

const answer = (core: Core, input: MethodInput<'mcp.elicitations.answer'>) => callContract(core, 'mcp.elicitations.answer', input);

const finished = (core: Core, callId: string) => nextEvent(core, 'mcp.callFinished', (call) => call.callId === callId);

describe('MCP elicitation', () => {
  it('is offered only where someone can answer: a one-shot core does not see the tools that need it', async () => {
    const quiet = openTestCore(tempDir());
    cores.push(quiet);
    addServer(quiet, 'everything', everythingStdio());
    const withoutAsking = (await quiet.mcp.gateway.tools({ server: 'everything' })).tools.map((tool) => tool.name);
    expect(withoutAsking).not.toContain('trigger-elicitation-request');
    const refused = await callContract(quiet, 'mcp.elicitations.answer', { id: 'elicit_abc', action: 'decline' }, 'cli');
    expect(refused).toMatchObject({ ok: false, error: { code: 'mcp_elicitations_off' } });

    const core = open();
    const offered = (await core.mcp.gateway.tools({ server: 'everything' })).tools.map((tool) => tool.name);
    expect(offered).toContain('trigger-elicitation-request');
  });

  it('shows the request with its schema and the call it came from; an answer that does not fit is refused and it keeps waiting', async () => {
    const core = open();
    const { callId, request } = await askForInput(core);
    expect(request).toMatchObject({ serverName: 'everything', callId, message: 'Please provide inputs for the following fields:' });
    expect(request.requestedSchema).toMatchObject({ type: 'object', required: ['name'], properties: { integer: { type: 'integer', minimum: 1, maximum: 100 } } });
    expect(Date.parse(request.expiresAt) - Date.parse(request.receivedAt)).toBe(5 * 60_000);
    expect(await callContract(core, 'mcp.elicitations.list', {})).toMatchObject({ ok: true, value: [{ id: request.id }] });

    const outOfRange = await answer(core, { id: request.id, action: 'accept', content: { name: 'Ada', integer: 1000 } });
    expect(outOfRange).toMatchObject({ ok: false, error: { code: 'mcp_elicitation_invalid' } });
    expect((outOfRange as { error: { message: string } }).error.message).toContain('integer');
    const missingName = await answer(core, { id: request.id, action: 'accept', content: { integer: 7 } });
    expect(missingName).toMatchObject({ ok: false, error: { code: 'mcp_elicitation_invalid' } });
    const contentWithDecline = await answer(core, { id: request.id, action: 'decline', content: { name: 'x' } });
    expect(contentWithDecline).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.mcp.gateway.elicitations?.list().map((waiting) => waiting.id)).toEqual([request.id]);

    const ended = nextEvent(core, 'mcp.elicitationEnded');
    const done = finished(core, callId);
    expect(await answer(core, { id: request.id, action: 'accept', content: { name: 'Ada Lovelace', integer: 7, check: true } })).toMatchObject({ ok: true, value: { outcome: 'accept' } });
    expect(await ended).toMatchObject({ id: request.id, callId, outcome: 'accept' });
    expect((await done).status).toBe('succeeded');
    const text = core.mcp.gateway.getCall(callId).result?.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
    expect(text).toContain('- Name: Ada Lovelace');
    expect(text).toContain('- Favorite Integer: 7');
    expect(core.mcp.gateway.elicitations?.list()).toEqual([]);

    const again = await answer(core, { id: request.id, action: 'decline' });
    expect(again).toMatchObject({ ok: false, error: { code: 'mcp_elicitation_not_found' } });
  });

  it("leaves the operator's answering time out of the call's duration and the server's last-call latency", async () => {
    const core = open();
    const { callId, request } = await askForInput(core);
    const thinkingMs = 1500;
    await new Promise((resolve) => setTimeout(resolve, thinkingMs));
    const done = finished(core, callId);
    await answer(core, { id: request.id, action: 'accept', content: { name: 'Ada Lovelace', integer: 7, check: true } });
    const call = await done;
    expect(call.status).toBe('succeeded');
    // The whole call took longer than the wait; what is kept is the server's own time, under it.
    expect(Date.parse(call.finishedAt ?? '') - Date.parse(call.startedAt)).toBeGreaterThanOrEqual(thinkingMs);
    expect(call.durationMs).not.toBeNull();
    expect(call.durationMs).toBeLessThan(thinkingMs);
    const [status] = core.mcp.gateway.status('everything');
    expect(status?.lastCallLatencyMs).not.toBeNull();
    expect(status?.lastCallLatencyMs).toBeLessThan(thinkingMs);
  });

  it('passes a decline to the server', async () => {
    const core = open();
    const { callId, request } = await askForInput(core);
    const done = finished(core, callId);
    await answer(core, { id: request.id, action: 'decline' });
    await done;
    expect(JSON.stringify(core.mcp.gateway.getCall(callId).result)).toContain('User declined');
  });

  it('cancels a request nobody answers in time', async () => {
    const core = open({ elicitationTimeoutMs: 300 });
    const { callId, request } = await askForInput(core);
    const ended = await nextEvent(core, 'mcp.elicitationEnded');
    expect(ended).toMatchObject({ id: request.id, outcome: 'expired' });
    await finished(core, callId);
    expect(JSON.stringify(core.mcp.gateway.getCall(callId).result)).toContain('User cancelled');
  });

  it('withdraws the request when its server goes away, and the call fails alone', async () => {
    const core = open();
    const { callId, request } = await askForInput(core);
    const ended = nextEvent(core, 'mcp.elicitationEnded');
    const done = finished(core, callId);
    await core.mcp.gateway.disconnect('everything');
    expect(await ended).toMatchObject({ id: request.id, outcome: 'withdrawn' });
    expect((await done).status).not.toBe('succeeded');
    expect(core.mcp.gateway.elicitations?.list()).toEqual([]);
  });
});
