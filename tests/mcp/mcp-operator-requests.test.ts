/**
 * Requests that wait on the operator, beyond form elicitation, against the real server-everything
 * over stdio and streamable-http: sampling (the operator writes the model's reply, or declines),
 * and URL-mode elicitation (accepting opens the URL; decline and cancel reach the server). And
 * sampling with tools and model preferences, which server-everything does not send, from a fixture.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { GatewayOptions } from '../../main/mcp/gateway.ts';
import type { McpTransportConfig } from '../../main/mcp/types.ts';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { callContract, callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer, everythingTransports, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-operator-');
const cores: Core[] = [];
// Before the afterEach below, so that the cores close before the HTTP servers do.
const transports = everythingTransports();

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(transport: McpTransportConfig, options: GatewayOptions = {}, openExternal?: (url: string) => Promise<void>): Core {
  const core = openTestCore(tempDir(), { mcp: { elicitations: true, sampling: true, ...options }, ...(openExternal ? { openExternal } : {}) });
  cores.push(core);
  addServer(core, 'everything', transport);
  return core;
}

const finished = (core: Core, callId: string) => nextEvent(core, 'mcp.callFinished', (call) => call.callId === callId);
const resultText = (core: Core, callId: string) => (core.mcp.gateway.getCall(callId).result?.content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('\n');

describe('sampling is offered only where someone can answer', () => {
  it('a one-shot core neither lists trigger-sampling-request nor takes answers', async () => {
    const quiet = openTestCore(tempDir());
    cores.push(quiet);
    addServer(quiet, 'everything', everythingStdio());
    const names = (await quiet.mcp.gateway.tools({ server: 'everything' })).tools.map((tool) => tool.name);
    expect(names).not.toContain('trigger-sampling-request');
    expect(names).not.toContain('trigger-url-elicitation');
    expect(await callRefused(quiet, 'mcp.sampling.answer', { id: 'sample_abc', action: 'decline' }, 'cli')).toMatchObject({ code: 'mcp_sampling_off' });
    expect(await callOk(quiet, 'mcp.sampling.list', {})).toEqual([]);
  });
});

describe.each(transports)('requests waiting on the operator over %s', (_name, transport) => {
  it('shows a sampling request with its messages; the reply the operator writes is what the server receives', async () => {
    const core = open(await transport());
    const requested = nextEvent(core, 'mcp.samplingRequested');
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'Name a colour', maxTokens: 42 } }, 'ui');
    const request = await requested;
    expect(request).toMatchObject({ serverName: 'everything', callId: call.callId, systemPrompt: 'You are a helpful test server.', maxTokens: 42, temperature: 0.7, stopSequences: [], modelPreferences: null, tools: [], toolChoice: null });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Resource trigger-sampling-request context: Name a colour' }] }]);
    expect(Date.parse(request.expiresAt) - Date.parse(request.receivedAt)).toBe(5 * 60_000);
    expect((await callOk(core, 'mcp.sampling.list', {})).map((waiting) => waiting.id)).toEqual([request.id]);

    const withoutModel = await callContract(core, 'mcp.sampling.answer', { id: request.id, action: 'accept', reply: { text: 'Teal', model: '' } });
    expect(withoutModel).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.mcp.gateway.sampling?.list()).toHaveLength(1);

    const ended = nextEvent(core, 'mcp.samplingEnded');
    const done = finished(core, call.callId);
    expect(await callOk(core, 'mcp.sampling.answer', { id: request.id, action: 'accept', reply: { text: 'Teal, obviously.', model: 'operator-1', stopReason: 'maxTokens' } })).toEqual({ outcome: 'accept' });
    expect(await ended).toMatchObject({ id: request.id, callId: call.callId, outcome: 'accept' });
    expect((await done).status).toBe('succeeded');
    const text = resultText(core, call.callId);
    expect(text).toContain('"text": "Teal, obviously."');
    expect(text).toContain('"model": "operator-1"');
    expect(text).toContain('"stopReason": "maxTokens"');
    expect(await callRefused(core, 'mcp.sampling.answer', { id: request.id, action: 'decline' })).toMatchObject({ code: 'mcp_sampling_not_found' });
  });

  it('a declined sampling request fails the server’s request, and one nobody answers expires', async () => {
    const core = open(await transport(), { samplingTimeoutMs: 400 });
    const requested = nextEvent(core, 'mcp.samplingRequested');
    const declined = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'no' } }, 'ui');
    const first = await requested;
    const done = finished(core, declined.callId);
    await callOk(core, 'mcp.sampling.answer', { id: first.id, action: 'decline' });
    await done;
    expect(JSON.stringify(core.mcp.gateway.getCall(declined.callId))).toContain('User rejected sampling request');

    const ended = nextEvent(core, 'mcp.samplingEnded', (event) => event.id !== first.id);
    const unanswered = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'later' } }, 'ui');
    expect(await ended).toMatchObject({ callId: unanswered.callId, outcome: 'expired' });
    await finished(core, unanswered.callId);
    expect(JSON.stringify(core.mcp.gateway.getCall(unanswered.callId))).toContain('No one answered the sampling request in time');
  });

  it('withdraws a sampling request when its server goes away', async () => {
    const core = open(await transport());
    const requested = nextEvent(core, 'mcp.samplingRequested');
    core.mcp.gateway.start({ server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'bye' } }, 'ui');
    const request = await requested;
    const ended = nextEvent(core, 'mcp.samplingEnded');
    await core.mcp.gateway.disconnect('everything');
    expect(await ended).toMatchObject({ id: request.id, outcome: 'withdrawn' });
    expect(core.mcp.gateway.sampling?.list()).toEqual([]);
  });

  it('a URL-mode request: accepting opens the URL for the operator and tells the server', async () => {
    const opened: string[] = [];
    const core = open(await transport(), {}, async (url) => void opened.push(url));
    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const url = 'https://auth.example.test/consent?flow=42';
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-url-elicitation', arguments: { url, message: 'Sign in to Example', elicitationId: 'flow-42' } }, 'ui');
    const request = await requested;
    expect(request).toMatchObject({ mode: 'url', url, elicitationId: 'flow-42', message: 'Sign in to Example', callId: call.callId });

    const done = finished(core, call.callId);
    expect(await callOk(core, 'mcp.elicitations.answer', { id: request.id, action: 'accept' })).toEqual({ outcome: 'accept', url, opened: true });
    expect(opened).toEqual([url]);
    await done;
    expect(resultText(core, call.callId)).toContain('User completed the URL elicitation flow');
  });

  it('a URL-mode request declined or cancelled says so to the server, and nothing is opened', async () => {
    const opened: string[] = [];
    const core = open(await transport(), {}, async (url) => void opened.push(url));
    for (const action of ['decline', 'cancel'] as const) {
      const requested = nextEvent(core, 'mcp.elicitationRequested');
      const call = core.mcp.gateway.start({ server: 'everything', tool: 'trigger-url-elicitation', arguments: { url: 'https://auth.example.test/x' } }, 'ui');
      const request = await requested;
      const done = finished(core, call.callId);
      expect(await callOk(core, 'mcp.elicitations.answer', { id: request.id, action })).toEqual({ outcome: action, url: null, opened: false });
      await done;
      expect(resultText(core, call.callId)).toContain(action === 'decline' ? 'User declined to open the URL' : 'User cancelled the URL elicitation');
    }
    expect(opened).toEqual([]);
  });
});

describe('sampling with tools', () => {
  it('shows the tools offered to the model, the tool choice, the model preferences and stop sequences; the reply reaches the server', async () => {
    const core = open(fixtureStdio('sampling-tools-server.mjs'));
    const requested = nextEvent(core, 'mcp.samplingRequested');
    const call = core.mcp.gateway.start({ server: 'everything', tool: 'plan-trip', arguments: { city: 'Lisbon' } }, 'ui');
    const request = await requested;
    expect(request).toMatchObject({
      callId: call.callId,
      systemPrompt: 'You plan trips. Check the weather first.',
      maxTokens: 300,
      temperature: null,
      stopSequences: ['END PLAN'],
      modelPreferences: { hints: [{ name: 'claude-sonnet' }, { name: 'gpt' }], costPriority: 0.2, speedPriority: 0.5, intelligencePriority: 0.9 },
      toolChoice: 'auto',
    });
    expect(request.tools).toEqual([
      {
        name: 'get_weather',
        description: 'The forecast for a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', maximum: 7 } }, required: ['city'] },
      },
    ]);
    expect((await callOk(core, 'mcp.sampling.list', {}))[0]).toMatchObject({ id: request.id, toolChoice: 'auto', tools: [{ name: 'get_weather' }] });

    const done = finished(core, call.callId);
    await callOk(core, 'mcp.sampling.answer', { id: request.id, action: 'accept', reply: { text: 'Sunny: walk Alfama. END PLAN', model: 'claude-sonnet', stopReason: 'stopSequence' } });
    expect((await done).status).toBe('succeeded');
    expect(JSON.parse(resultText(core, call.callId))).toMatchObject({ role: 'assistant', model: 'claude-sonnet', stopReason: 'stopSequence', content: { type: 'text', text: 'Sunny: walk Alfama. END PLAN' } });
  });
});
