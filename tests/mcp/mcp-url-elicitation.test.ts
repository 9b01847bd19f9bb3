/**
 * URL-mode elicitation to its end, against a fixture server that sends
 * `notifications/elicitation/complete` (server-everything never does): an accepted request stays
 * listed as opened until its server says the flow is complete, and a completion that arrives
 * while the request still waits ends it (the server is told it was accepted).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-url-flow-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(opened: string[]): Core {
  const core = openTestCore(tempDir(), { mcp: { elicitations: true }, openExternal: async (url) => void opened.push(url) });
  cores.push(core);
  addServer(core, 'docs', fixtureStdio('url-flow-server.mjs'));
  return core;
}

const resultText = (core: Core, callId: string) => (core.mcp.gateway.getCall(callId).result?.content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('\n');

describe('URL-mode elicitation and its completion', () => {
  it('keeps an accepted request as opened until the server says the flow is complete, then ends it as completed', async () => {
    const opened: string[] = [];
    const core = open(opened);
    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const call = core.mcp.gateway.start({ server: 'docs', tool: 'sign-in', arguments: { flow: '7' } }, 'ui');
    const request = await requested;
    expect(request).toMatchObject({ mode: 'url', state: 'waiting', elicitationId: 'flow-7', callId: call.callId, url: 'https://docs.example.test/sign-in?flow=flow-7' });

    expect(await callOk(core, 'mcp.elicitations.answer', { id: request.id, action: 'accept' })).toMatchObject({ outcome: 'accept', opened: true });
    expect(opened).toEqual(['https://docs.example.test/sign-in?flow=flow-7']);
    // The server waits for its flow: the request is listed as opened, and cannot be answered again.
    expect(await callOk(core, 'mcp.elicitations.list', {})).toEqual([expect.objectContaining({ id: request.id, state: 'opened', mode: 'url' })]);
    expect(await callRefused(core, 'mcp.elicitations.answer', { id: request.id, action: 'decline' })).toMatchObject({ code: 'mcp_elicitation_not_found' });
    expect(core.mcp.gateway.getCall(call.callId).status).toBe('running');

    const completed = nextEvent(core, 'mcp.elicitationEnded', (ended) => ended.id === request.id);
    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    await core.mcp.gateway.call({ server: 'docs', tool: 'finish-sign-in', arguments: { flow: '7' } }, 'cli');
    expect(await completed).toMatchObject({ id: request.id, callId: call.callId, outcome: 'completed' });
    expect(await callOk(core, 'mcp.elicitations.list', {})).toEqual([]);
    await finished;
    expect(resultText(core, call.callId)).toBe('Signed in (flow-7)');
  });

  it('ends a request still waiting when its server says the flow completed elsewhere, and nothing is opened', async () => {
    const opened: string[] = [];
    const core = open(opened);
    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const call = core.mcp.gateway.start({ server: 'docs', tool: 'sign-in', arguments: { flow: '8' } }, 'ui');
    const request = await requested;

    const ended = nextEvent(core, 'mcp.elicitationEnded', (event) => event.id === request.id);
    const finished = nextEvent(core, 'mcp.callFinished', (summary) => summary.callId === call.callId);
    await core.mcp.gateway.call({ server: 'docs', tool: 'finish-sign-in', arguments: { flow: '8' } }, 'cli');
    expect(await ended).toMatchObject({ outcome: 'completed' });
    expect(await callOk(core, 'mcp.elicitations.list', {})).toEqual([]);
    await finished;
    // The server was told the request was accepted, so the call it was waiting in goes on.
    expect(resultText(core, call.callId)).toBe('Signed in (flow-8)');
    expect(opened).toEqual([]);
  });

  it('lets an opened flow go when the call it came with ends without a completion (server-everything’s way)', async () => {
    const core = open([]);
    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const call = core.mcp.gateway.start({ server: 'docs', tool: 'sign-in', arguments: { flow: '9' } }, 'ui');
    const request = await requested;
    await callOk(core, 'mcp.elicitations.answer', { id: request.id, action: 'accept' });
    const withdrawn = nextEvent(core, 'mcp.elicitationEnded', (event) => event.id === request.id);
    core.mcp.gateway.cancel(call.callId);
    expect(await withdrawn).toMatchObject({ outcome: 'withdrawn' });
    expect(await callOk(core, 'mcp.elicitations.list', {})).toEqual([]);
  });
});
