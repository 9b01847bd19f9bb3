/**
 * A server that echoes the secrets it was given (an injected credential, a placeholder's value)
 * into everything it can fill gets none of them back out of the console: not through the local
 * host's REST paths and RPC methods, nor its event stream. The leaky server is
 * tests/fixtures/mcp/leaky-server.mjs, over stdio and over streamable HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import type { McpCallRecord, McpCallSummary, McpServerStatus, McpToolList } from '../../main/mcp/types.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { startLeakyHttpServer, type LeakyHttpServer } from '../fixtures/mcp/leaky-http.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer, insertCredential, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-redaction-');
const TOKEN = 'gho_leak_TOKEN_5e1d7c3a9b20f644';
const PLACEHOLDER_VALUE = 'plc_value_91ab22cd37ef';
const REDACTED = '[redacted]';

let running: { core: Core; host: RunningHost; remote: LeakyHttpServer | undefined; stopEvents: () => Promise<void> } | undefined;

afterEach(async () => {
  await running?.stopEvents();
  await running?.host.close();
  await running?.core.close();
  await running?.remote?.close();
  running = undefined;
});

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; hint: string } };

/** Everything read from the host, as text (what a client receives), and parsed. */
interface Read<T> {
  text: string;
  body: Envelope<T>;
}

async function start(transport: 'stdio' | 'streamable-http') {
  const core = openTestCore(tempDir(), { mcp: { env: { LEAK_VALUE: PLACEHOLDER_VALUE }, elicitations: true } });
  const credentialId = insertCredential(core, TOKEN);
  const remote = transport === 'streamable-http' ? await startLeakyHttpServer() : undefined;
  if (remote) {
    addServer(core, 'leaky', { type: 'streamable-http', url: remote.url, headers: { 'X-Tenant': '${LEAK_VALUE}' } }, { credential: { credentialId, injection: { kind: 'bearer' } }, allowedEnv: ['LEAK_VALUE'] });
  } else {
    addServer(core, 'leaky', fixtureStdio('leaky-server.mjs', { PLACEHOLDER_VALUE: '${LEAK_VALUE}' }), {
      credential: { credentialId, injection: { kind: 'env', variable: 'INJECTED_TOKEN' } },
      allowedEnv: ['LEAK_VALUE'],
    });
  }
  const host = await startHost({ core });
  const headers = { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' };
  const events = await captureEvents(host.url, headers.authorization);
  running = { core, host, remote, stopEvents: events.stop };
  const read = async <T>(response: Promise<Response>): Promise<Read<T>> => {
    const text = await (await response).text();
    return { text, body: JSON.parse(text) as Envelope<T> };
  };
  return {
    core,
    events,
    get: <T>(path: string) => read<T>(fetch(`${host.url}${path}`, { headers })),
    post: <T>(path: string, body: unknown) => read<T>(fetch(`${host.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })),
  };
}

/** The host's /events stream, read from now on as a client reads it. */
async function captureEvents(url: string, authorization: string) {
  const response = await fetch(`${url}/events`, { headers: { authorization } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return {
    text: () => text,
    until: async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return pattern.test(text);
    },
    stop: async () => {
      await reader.cancel().catch(() => undefined);
      await reading;
    },
  };
}

function value<T>(read: Read<T>): T {
  if (!read.body.ok) throw new Error(`${read.body.error.code}: ${read.body.error.message}`);
  return read.body.value;
}

describe.each(['stdio', 'streamable-http'] as const)('a %s server that echoes its secrets', (transport) => {
  const secrets = transport === 'stdio' ? [TOKEN, PLACEHOLDER_VALUE] : [TOKEN];

  function expectRedacted(surface: string, text: string): void {
    for (const secret of secrets) expect(text, `${surface} holds a secret`).not.toContain(secret);
    expect(text, `${surface} shows no redaction: the server did not leak there`).toContain(REDACTED);
  }

  it('gets none of them out through status, tools, lists, logs, history, requests for input or events', async () => {
    const { core, events, get, post } = await start(transport);

    const [connected] = value(await post<McpServerStatus[]>('/rpc/mcp.servers.connect', { server: 'leaky' }));
    expect(connected?.state).toBe('ready');
    const status = await get<McpServerStatus[]>('/mcp/status');
    expectRedacted('/mcp/status', status.text);
    expect(value(status)[0]).toMatchObject({ serverInfo: { name: expect.stringContaining(REDACTED), version: expect.stringContaining(REDACTED), title: expect.stringContaining(REDACTED) } });
    expect(value(status)[0]?.instructions).toContain(`Always send the key ${REDACTED}`);

    const tools = await get<McpToolList>('/mcp/tools');
    expectRedacted('/mcp/tools', tools.text);
    const leak = value(tools).tools.find((tool) => tool.name === 'leak');
    expect(leak).toMatchObject({ title: expect.stringContaining(REDACTED), description: expect.stringContaining(REDACTED) });
    expect(Object.keys((leak?.inputSchema as { properties: object }).properties)).toEqual([expect.stringContaining(`key_${REDACTED}`)]);
    expect(value(tools).tools.map((tool) => tool.name)).toContain(`tool_${secrets.map(() => REDACTED).join('~')}`);
    expectRedacted('mcp.resources.list', (await post('/rpc/mcp.resources.list', { server: 'leaky' })).text);
    expectRedacted('mcp.prompts.list', (await post('/rpc/mcp.prompts.list', { server: 'leaky' })).text);

    const called = await post<McpCallRecord>('/mcp/call', { server: 'leaky', tool: 'leak', arguments: {} });
    expect(value(called).status).toBe('succeeded');
    expectRedacted('a tool call’s answer', called.text);
    const failed = await post<McpCallRecord>('/mcp/call', { server: 'leaky', tool: 'fail', arguments: {} });
    expect(value(failed)).toMatchObject({ status: 'failed', error: { code: 'mcp_server_error', message: expect.stringContaining(`with error -32050: quota exceeded for ${REDACTED}`) } });
    expectRedacted('a failed call’s answer', failed.text);
    const readFailed = await post('/rpc/mcp.resources.read', { server: 'leaky', uri: 'leak://anything' });
    expect(readFailed.body).toMatchObject({ ok: false, error: { code: 'mcp_server_error', message: expect.stringContaining(`the backend refused ${REDACTED}`) } });
    expectRedacted('a failed read’s error', readFailed.text);

    const requested = nextEvent(core, 'mcp.elicitationRequested');
    const asking = value(await post<McpCallRecord>('/rpc/mcp.calls.start', { server: 'leaky', tool: 'ask', arguments: {} }));
    const request = await requested;
    expect(request.message).toBe(`Confirm the key ${secrets.map(() => REDACTED).join('~')}`);
    expectRedacted('mcp.elicitations.list', (await post('/rpc/mcp.elicitations.list', {})).text);
    const asked = nextEvent(core, 'mcp.callFinished', (call) => call.callId === asking.callId);
    value(await post('/rpc/mcp.elicitations.answer', { id: request.id, action: 'decline' }));
    expect((await asked).status).toBe('succeeded');

    const log = await post('/rpc/mcp.logs.read', { server: 'leaky', limit: 5000 });
    expectRedacted('mcp.logs.read', log.text);
    const lines = (value(log) as { lines: Array<{ source: string; logger: string | null; text: string }> }).lines;
    expect(lines.find((line) => line.source === 'notification' && line.logger?.startsWith('call-'))).toMatchObject({ logger: expect.stringContaining(REDACTED) });
    expect(lines.find((line) => line.source === 'lifecycle' && line.text.startsWith('ready:'))?.text).toContain(REDACTED);
    if (transport === 'stdio') {
      expect(lines.find((line) => line.source === 'notification' && line.logger?.startsWith('startup-'))).toMatchObject({ text: expect.stringContaining(REDACTED) });
      expect(lines.find((line) => line.source === 'stderr')?.text).toContain(`starting with ${REDACTED}`);
    }

    const history = value(await post<McpCallSummary[]>('/rpc/mcp.calls.list', { server: 'leaky' }));
    expect(history).toHaveLength(3);
    const records = await Promise.all(history.map((call) => post<McpCallRecord>('/rpc/mcp.calls.get', { callId: call.callId })));
    expectRedacted('the call history', records.map((record) => record.text).join('\n'));
    expect(records.map((record) => value(record)).find((record) => record.tool === 'leak')?.lastProgress?.message).toBe(`halfway with ${secrets.map(() => REDACTED).join('~')}`);

    expect(await events.until(new RegExp(`"mcp.callFinished".*"${asking.callId}"`))).toBe(true);
    const stream = events.text();
    for (const name of ['mcp.status', 'mcp.toolsChanged', 'mcp.log', 'mcp.callProgress', 'mcp.callFinished', 'mcp.elicitationRequested']) {
      expect(stream).toContain(`"name":"${name}"`);
    }
    expectRedacted('the /events stream', stream);
  });
});
