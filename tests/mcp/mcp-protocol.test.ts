/**
 * The protocol's less common parts against the real server-everything, over stdio and
 * streamable-http: resource templates and completion, subscriptions and their updates, the log
 * level kept across a reconnect, ping, and the protocol view (every message, redacted, exported).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpProtocolMessage } from '../../main/mcp/protocol-types.ts';
import type { McpTransportConfig } from '../../main/mcp/types.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer, everythingTransports, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-protocol-');
const cores: Core[] = [];
// Before the afterEach below, so that the cores close before the HTTP servers do.
const transports = everythingTransports({ env: { API_KEY: '${CONSOLE_SECRET}' }, headers: { 'X-Api-Key': '${CONSOLE_SECRET}' } });
const SECRET = 'sk_header_secret_4f9a2c71d0';

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function connected(transport: McpTransportConfig): Promise<Core> {
  const core = openTestCore(tempDir(), { mcp: { env: { CONSOLE_SECRET: SECRET } } });
  cores.push(core);
  addServer(core, 'everything', transport, { allowedEnv: ['CONSOLE_SECRET'] });
  const [status] = await callOk(core, 'mcp.servers.connect', { server: 'everything' });
  expect(status?.state).toBe('ready');
  return core;
}

/** Waits until the protocol view holds a message the predicate accepts (messages arrive as the server sends them). */
async function protocolMessage(core: Core, accept: (message: McpProtocolMessage) => boolean): Promise<McpProtocolMessage> {
  for (;;) {
    // The bus says a message passed, without its body: listened for before reading, read again after it.
    const passed = nextEvent(core, 'mcp.protocolMessage');
    const { messages } = await callOk(core, 'mcp.protocol.read', { server: 'everything', limit: 2000 });
    const found = messages.find(accept);
    if (found) {
      passed.catch(() => undefined);
      return found;
    }
    await passed;
  }
}

describe.each(transports)('the protocol over %s', (_name, transport) => {
  it('lists resource templates, completes their variables and prompt arguments, and reads a template filled in', async () => {
    const core = await connected(await transport());
    const [status] = await callOk(core, 'mcp.status', { server: 'everything' });
    expect(status?.capabilities).toMatchObject({ completions: true, resourcesSubscribe: true, logging: true });

    const { templates } = await callOk(core, 'mcp.resources.list', { server: 'everything' });
    const text = templates.find((template) => template.uriTemplate === 'demo://resource/dynamic/text/{resourceId}');
    expect(text).toMatchObject({ name: 'Dynamic Text Resource', mimeType: 'text/plain' });

    const completion = await callOk(core, 'mcp.completions.complete', {
      server: 'everything',
      ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
      argument: { name: 'resourceId', value: '7' },
    });
    expect(completion.values).toEqual(['7']);
    const refused = await callOk(core, 'mcp.completions.complete', {
      server: 'everything',
      ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
      argument: { name: 'resourceId', value: 'x' },
    });
    expect(refused.values).toEqual([]);

    const { prompts } = await callOk(core, 'mcp.prompts.list', { server: 'everything' });
    const completable = prompts.find((prompt) => prompt.arguments.some((argument) => argument.name === 'department'));
    expect(completable, 'server-everything has a prompt with completable arguments').toBeDefined();
    const departments = await callOk(core, 'mcp.completions.complete', {
      server: 'everything',
      ref: { type: 'ref/prompt', name: completable?.name ?? '' },
      argument: { name: 'department', value: 'E' },
    });
    expect(departments.values).toContain('Engineering');
    expect(departments.values.every((value) => value.startsWith('E'))).toBe(true);

    const read = await callOk(core, 'mcp.resources.read', { server: 'everything', uri: 'demo://resource/dynamic/text/7' });
    expect(read.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7', mimeType: 'text/plain', text: expect.stringContaining('Resource 7') });
    const blob = await callOk(core, 'mcp.resources.read', { server: 'everything', uri: 'demo://resource/dynamic/blob/3' });
    const content = blob.contents[0] as { blob: string; mimeType: string };
    expect(Buffer.from(content.blob, 'base64').toString('utf8')).toContain('Resource 3: This is a base64 blob');
  });

  it('subscribes to a resource, reports its updates as events, and stops on unsubscribe', async () => {
    const core = await connected(await transport());
    const uri = 'demo://resource/dynamic/text/1';
    expect(await callOk(core, 'mcp.resources.subscribe', { server: 'everything', uri })).toEqual({ uri, subscribed: true });
    expect((await callOk(core, 'mcp.status', { server: 'everything' }))[0]?.subscriptions).toEqual([uri]);

    const updated = nextEvent(core, 'mcp.resourceUpdated', (event) => event.uri === uri);
    // server-everything sends updates to subscribers once this tool turns them on (at once, then every 5 s).
    const toggled = await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'toggle-subscriber-updates', arguments: {} });
    expect(toggled.status).toBe('succeeded');
    expect(await updated).toMatchObject({ serverName: 'everything', uri });

    expect(await callOk(core, 'mcp.resources.unsubscribe', { server: 'everything', uri })).toEqual({ uri, subscribed: false });
    expect((await callOk(core, 'mcp.status', { server: 'everything' }))[0]?.subscriptions).toEqual([]);
    const sent = await protocolMessage(core, (message) => message.direction === 'out' && message.method === 'resources/unsubscribe');
    expect(sent.body).toMatchObject({ params: { uri } });
    const answered = await protocolMessage(core, (message) => message.direction === 'in' && message.kind === 'response' && message.method === 'resources/unsubscribe');
    expect(answered.id).toBe(sent.id);
  });

  it('keeps the log level asked for and sends it again after a reconnect; pings with its round trip', async () => {
    const core = await connected(await transport());
    expect(await callOk(core, 'mcp.logs.setLevel', { server: 'everything', level: 'error' })).toEqual({ level: 'error' });
    expect((await callOk(core, 'mcp.status', { server: 'everything' }))[0]?.logLevel).toBe('error');

    const before = (await callOk(core, 'mcp.protocol.read', { server: 'everything', limit: 2000 })).messages.at(-1)?.seq ?? 0;
    const status = await callOk(core, 'mcp.servers.reconnect', { server: 'everything' });
    expect(status).toMatchObject({ state: 'ready', logLevel: 'error' });
    const { messages } = await callOk(core, 'mcp.protocol.read', { server: 'everything', afterSeq: before, method: 'logging/setLevel', limit: 10 });
    expect(messages.map((message) => [message.direction, message.kind])).toEqual([
      ['out', 'request'],
      ['in', 'response'],
    ]);
    expect(messages[0]?.body).toMatchObject({ params: { level: 'error' } });

    const ping = await callOk(core, 'mcp.servers.ping', { server: 'everything' });
    expect(ping.latencyMs).toBeGreaterThan(0);
    const pong = await protocolMessage(core, (message) => message.method === 'ping' && message.kind === 'response');
    expect(pong.durationMs).toBeGreaterThan(0);
  });

  it('captures every message both ways with the injected secret redacted, filters them and exports JSON lines', async () => {
    const core = await connected(await transport());
    const call = await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'echo', arguments: { message: `the key is ${SECRET}` } });
    expect(call.status).toBe('succeeded');

    const all = await callOk(core, 'mcp.protocol.read', { server: 'everything', limit: 2000 });
    expect(all.messages[0]).toMatchObject({ direction: 'out', kind: 'request', method: 'initialize' });
    expect(all.messages.some((message) => message.direction === 'out' && message.kind === 'notification' && message.method === 'notifications/initialized')).toBe(true);
    expect(JSON.stringify(all)).not.toContain(SECRET);

    const calls = await callOk(core, 'mcp.protocol.read', { server: 'everything', method: 'tools/call', limit: 10 });
    expect(calls.messages.map((message) => message.direction)).toEqual(['out', 'in']);
    const [request, response] = calls.messages;
    expect(request?.body).toMatchObject({ params: { name: 'echo', arguments: { message: 'the key is [redacted]' } } });
    expect(response?.body).toMatchObject({ result: { content: [{ type: 'text', text: 'Echo: the key is [redacted]' }] } });
    // Size is what crossed the wire, secret included.
    expect(request?.size).toBe(Buffer.byteLength(JSON.stringify({ jsonrpc: '2.0', id: request?.id, method: 'tools/call', params: { name: 'echo', arguments: { message: `the key is ${SECRET}` }, _meta: { progressToken: request?.id } } })));
    expect(response?.durationMs).toBeGreaterThan(0);

    const incoming = await callOk(core, 'mcp.protocol.read', { server: 'everything', direction: 'in', text: 'Echo:', limit: 10 });
    expect(incoming.messages).toHaveLength(1);

    const exported = await callOk(core, 'mcp.protocol.export', { server: 'everything', method: 'tools/' });
    const lines = exported.jsonl.trimEnd().split('\n').map((line) => JSON.parse(line) as McpProtocolMessage);
    expect(exported).toMatchObject({ fileName: 'everything-protocol.jsonl', count: lines.length });
    expect(lines.map((line) => line.method)).toEqual(expect.arrayContaining(['tools/list', 'tools/call']));
    expect(lines.every((line) => line.method?.startsWith('tools/'))).toBe(true);
    expect(exported.jsonl).not.toContain(SECRET);
  });
});
