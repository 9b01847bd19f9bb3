import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { startAgentsHost } from '../../main/http/agents-host.ts';
import { callOk, callRefused } from '../helpers/core.ts';
import { rawRequest } from '../helpers/http.ts';
import { addServer, insertCredential } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAgent, openEndpointRig, until, type EndpointRig } from './endpoint-kit.ts';

const tempDir = useTempDirs('crewship-agent-access-');
const rigs: EndpointRig[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
});

async function rig(options: Parameters<typeof openEndpointRig>[1] = {}) {
  const opened = await openEndpointRig(tempDir(), options);
  rigs.push(opened);
  return opened;
}

const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe("the agents' endpoint refuses what is not the agent's", () => {
  it('answers 401 without a token or with a revoked one, and 403 to another agent’s token or a wrong Host or Origin', async () => {
    const { core, host, scout, sorter } = await rig();
    const created = await callOk(core, 'agents.tokens.create', { agent: scout.slug, label: 'laptop' }, 'cli');
    expect(created.token).toMatch(/^cwa_[A-Za-z0-9_-]{43}$/);
    // Stored only as its hash: the token is in no row of the store.
    const rows = JSON.stringify(core.store.db.prepare('SELECT * FROM agent_tokens').all());
    expect(rows).not.toContain(created.token);
    expect((await callOk(core, 'agents.tokens.list', { agent: scout.slug })).map((token) => token.label)).toEqual(['laptop']);
    expect(JSON.stringify(await callOk(core, 'agents.tokens.list', { agent: scout.slug }))).not.toContain(created.token);

    const path = `/agents/${scout.slug}/mcp`;
    const post = (headers: Record<string, string>, options: { path?: string; host?: string } = {}) =>
      rawRequest({ port: host.port, path: options.path ?? path, method: 'POST', headers: { ...mcpHeaders, ...headers, ...(options.host ? { host: options.host } : {}) }, body: initialize });
    const bearer = { authorization: `Bearer ${created.token}` };

    const none = await post({});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'agent_token_required' } });
    expect((await post({ authorization: 'Bearer cwa_not-a-real-token' })).status).toBe(401);
    expect((await post(bearer, { path: `/agents/${sorter.slug}/mcp` })).status).toBe(403);
    expect(JSON.parse((await post(bearer, { path: `/agents/${sorter.slug}/mcp` })).body)).toMatchObject({ error: { code: 'agent_token_forbidden' } });
    expect((await post(bearer, { host: 'evil.example:80' })).status).toBe(403);
    expect((await post({ ...bearer, origin: 'https://evil.example' })).status).toBe(403);
    const accepted = await post(bearer);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('"serverInfo"');

    // An open session stops working the moment its token is revoked.
    addServer(core, 'local', everythingStdio());
    const client = await connectAgent(`${host.url}${path}`, created.token);
    clients.push(client);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await callOk(core, 'agents.tokens.revoke', { agent: scout.slug, token: created.id }, 'cli');
    await expect(client.listTools()).rejects.toThrow();
    expect((await post(bearer)).status).toBe(401);
    expect(await callRefused(core, 'agents.tokens.revoke', { agent: sorter.slug, token: created.id })).toMatchObject({ code: 'agent_token_not_found' });
  });

  it('names a taken port as agents_port_in_use instead of failing obscurely', async () => {
    const { core, host } = await rig();
    await expect(startAgentsHost({ core, port: host.port })).rejects.toMatchObject({ code: 'agents_port_in_use', message: expect.stringContaining(String(host.port)) as unknown });
    // The listener already running is not disturbed.
    expect((await rawRequest({ port: host.port, path: '/agents/x/mcp', method: 'POST', headers: mcpHeaders, body: initialize })).status).toBe(401);
  });

  it('gives the .mcp.json with the token as a placeholder, never the token', async () => {
    const { core, host, scout } = await rig();
    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug });
    const config = await callOk(core, 'agents.endpoint.mcpConfig', { agent: scout.slug });
    expect(config.json).not.toContain(token);
    expect(JSON.parse(config.json)).toEqual({
      mcpServers: { crewship: { type: 'http', url: `http://127.0.0.1:${host.port}/agents/${scout.slug}/mcp`, headers: { Authorization: 'Bearer ${CREWSHIP_AGENT_TOKEN}' } } },
    });
  });
});

describe('per-tool policy', () => {
  it('does not list a denied tool and refuses a call to it', async () => {
    const { core, host, scout } = await rig();
    addServer(core, 'local', everythingStdio());
    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug });
    const set = await callOk(core, 'agents.policy.set', { agent: scout.slug, tool: 'local__get-sum', policy: 'deny' });
    expect(set).toMatchObject({ name: 'local__get-sum', policy: 'deny', policySource: 'set', serverName: 'local', tool: 'get-sum' });
    const client = await connectAgent(`${host.url}/agents/${scout.slug}/mcp`, token);
    clients.push(client);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('local__echo');
    expect(names).not.toContain('local__get-sum');
    await expect(client.callTool({ name: 'local__get-sum', arguments: { a: 1, b: 2 } })).rejects.toThrow(/No tool named local__get-sum/);
    expect(core.mcp.gateway.listCalls({ agent: scout.id, limit: 5 })).toEqual([]);
  });

  it('holds an "ask" call until the operator approves it through the contract, and a refused one is a tool error', async () => {
    const { core, host, scout } = await rig();
    addServer(core, 'local', everythingStdio());
    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug });
    await callOk(core, 'agents.policy.set', { agent: scout.slug, tool: 'local__get-sum', policy: 'ask' });
    const client = await connectAgent(`${host.url}/agents/${scout.slug}/mcp`, token);
    clients.push(client);

    let answered = false;
    const approvedCall = client.callTool({ name: 'local__get-sum', arguments: { a: 2, b: 3 } }).finally(() => (answered = true));
    await until(async () => (await callOk(core, 'agents.approvals.list', { status: 'pending' })).length === 1, 'the held call');
    const [pending] = await callOk(core, 'agents.approvals.list', { status: 'pending' });
    expect(pending).toMatchObject({ agentSlug: scout.slug, tool: 'local__get-sum', serverTool: 'get-sum', arguments: { a: 2, b: 3 }, status: 'pending' });
    expect(answered).toBe(false);
    expect(core.mcp.gateway.listCalls({ agent: scout.id, limit: 5 })).toEqual([]);
    expect((await callOk(core, 'agents.endpoint.state', { agent: scout.slug })).pendingApprovals).toBe(1);
    await callOk(core, 'agents.approvals.answer', { approval: pending?.id ?? '', answer: 'approve' }, 'http');
    expect(await approvedCall).toMatchObject({ isError: false, content: [{ type: 'text', text: 'The sum of 2 and 3 is 5.' }] });
    expect(await callRefused(core, 'agents.approvals.answer', { approval: pending?.id ?? '', answer: 'refuse' })).toMatchObject({ code: 'agent_approval_answered' });

    const refusedCall = client.callTool({ name: 'local__get-sum', arguments: { a: 4, b: 4 } });
    await until(async () => (await callOk(core, 'agents.approvals.list', { status: 'pending' })).length === 1, 'the second held call');
    const [second] = await callOk(core, 'agents.approvals.list', { status: 'pending' });
    await callOk(core, 'agents.approvals.answer', { approval: second?.id ?? '', answer: 'refuse' });
    expect(await refusedCall).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('refused') as unknown }] });
    expect(core.mcp.gateway.listCalls({ agent: scout.id, limit: 5 })).toHaveLength(1);
  });

  it('an unanswered "ask" call expires as a tool error; the workspace setting makes destructive tools ask', async () => {
    const { core, host, scout } = await rig({ agentEndpoint: { approvalTimeoutMs: 300 } });
    addServer(core, 'local', everythingStdio());
    addServer(core, 'plain', fixtureStdio('minimal-server.mjs'));
    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug });
    await callOk(core, 'agents.endpoint.settings.update', { destructiveAsk: true });
    const policy = await callOk(core, 'agents.policy.get', { agent: scout.slug });
    // server-everything's get-sum says it is not destructive; the minimal server's echo says nothing, which the spec reads as destructive.
    expect(policy.tools.find((tool) => tool.name === 'local__get-sum')).toMatchObject({ policy: 'allow', policySource: 'default', destructive: false });
    expect(policy.tools.find((tool) => tool.name === 'plain__echo')).toMatchObject({ policy: 'ask', policySource: 'destructive', destructive: true });
    const client = await connectAgent(`${host.url}/agents/${scout.slug}/mcp`, token);
    clients.push(client);
    expect(await client.callTool({ name: 'local__get-sum', arguments: { a: 1, b: 1 } })).toMatchObject({ isError: false });
    const result = await client.callTool({ name: 'plain__echo', arguments: { message: 'hi' } });
    expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('expired') as unknown }] });
    expect((await callOk(core, 'agents.approvals.list', {}))[0]?.status).toBe('expired');
  });
});

describe('credentials the gateway injects', () => {
  it('never reach the agent: not in its tools, its results, its errors or its instructions', async () => {
    const SECRET = 'sk-live-endpoint-9f3c2a7b';
    const { core, host, scout } = await rig();
    const credentialId = insertCredential(core, SECRET);
    addServer(core, 'leaky', fixtureStdio('leaky-server.mjs', {}), { credential: { credentialId, injection: { kind: 'env', variable: 'INJECTED_TOKEN' } } });
    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug });
    const received: string[] = [];
    const client = await connectAgent(`${host.url}/agents/${scout.slug}/mcp`, token, received);
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.some((tool) => tool.name === 'leaky__leak')).toBe(true);
    const result = await client.callTool({ name: 'leaky__leak', arguments: {} });
    expect(JSON.stringify(result)).toContain('[redacted]');
    await client.callTool({ name: 'leaky__fail', arguments: {} }).catch(() => undefined);
    await client.listResources().catch(() => undefined);
    await client.listPrompts().catch(() => undefined);
    expect(received.join('').length).toBeGreaterThan(1000);
    expect(received.join('')).not.toContain(SECRET);
    expect(client.getInstructions() ?? '').not.toContain(SECRET);
  });
});
