import { afterEach, describe, expect, it } from 'vitest';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CALL_ID_PATTERN } from '../../main/mcp/call-id.ts';
import { everythingStdio, fixtureStdio, startEverythingHttp, type RunningEverything } from '../fixtures/mcp/everything.ts';
import { callOk } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAgent, openEndpointRig, until, type EndpointRig } from './endpoint-kit.ts';

const tempDir = useTempDirs('crewship-agent-endpoint-');
const rigs: EndpointRig[] = [];
const clients: Client[] = [];
const httpServers: RunningEverything[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
  await Promise.all(httpServers.splice(0).map((server) => server.close()));
});

async function rigWithTwoServers() {
  const rig = await openEndpointRig(tempDir());
  rigs.push(rig);
  const http = await startEverythingHttp('streamableHttp');
  httpServers.push(http);
  addServer(rig.core, 'local', everythingStdio());
  addServer(rig.core, 'remote', { type: 'streamable-http', url: http.url, headers: {} });
  return rig;
}

async function agentClient(rig: EndpointRig, agent = rig.scout): Promise<Client> {
  const { token } = rig.core.agentEndpoint.tokens.create(agent.id, 'test', 'cli');
  const client = await connectAgent(rig.urlOf(agent), token);
  clients.push(client);
  return client;
}

describe("an agent's MCP endpoint with a real SDK client", () => {
  it('lists the namespaced tools of a stdio and a streamable-http server and calls one of each', async () => {
    const rig = await rigWithTwoServers();
    const client = await agentClient(rig);
    expect(client.getServerVersion()?.name).toBe('crewship-console');
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of ['local__echo', 'local__get-sum', 'remote__echo', 'remote__get-sum']) expect(names).toContain(name);
    // Annotations and schemas come through as the servers sent them.
    expect(tools.find((tool) => tool.name === 'local__echo')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(tools.find((tool) => tool.name === 'remote__get-sum')?.inputSchema).toMatchObject({ type: 'object', properties: { a: {}, b: {} } });

    const local = await client.callTool({ name: 'local__get-sum', arguments: { a: 19, b: 23 } });
    expect(local).toMatchObject({ isError: false, content: [{ type: 'text', text: 'The sum of 19 and 23 is 42.' }] });
    const remote = await client.callTool({ name: 'remote__echo', arguments: { message: 'over http' } });
    expect(remote).toMatchObject({ isError: false, content: [{ type: 'text', text: 'Echo: over http' }] });

    // The gateway recorded both calls with the agent as the caller.
    const calls = rig.core.mcp.gateway.listCalls({ agent: rig.scout.id, limit: 10 });
    expect(calls.map((call) => `${call.serverName}/${call.tool}/${call.status}`).sort()).toEqual(['local/get-sum/succeeded', 'remote/echo/succeeded']);
    // Each marked as the agent's (the tester's history says who ran a call), with an id of the one form.
    expect(calls.map((call) => call.actor)).toEqual(['agent', 'agent']);
    for (const call of calls) expect(call.callId).toMatch(CALL_ID_PATTERN);
    const state = rig.core.agentEndpoint.state(rig.scout.id);
    expect(state).toMatchObject({ sessions: 1, callsToday: 2, failuresToday: 0 });
  });

  it('reports progress of a long call and cancels it in the gateway', async () => {
    const rig = await rigWithTwoServers();
    const client = await agentClient(rig);
    const controller = new AbortController();
    const progress: number[] = [];
    const call = client.callTool({ name: 'local__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, undefined, {
      signal: controller.signal,
      onprogress: (notice) => {
        progress.push(notice.progress);
        controller.abort('enough');
      },
      timeout: 120_000,
    });
    await expect(call).rejects.toThrow();
    expect(progress.length).toBeGreaterThan(0);
    await until(() => rig.core.mcp.gateway.listCalls({ agent: rig.scout.id, limit: 5 })[0]?.status === 'cancelled', 'the gateway to record the call cancelled');
  });

  it('tells the agent its tools changed when a server is enabled for it', async () => {
    const rig = await rigWithTwoServers();
    const client = await agentClient(rig);
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes += 1;
    });
    const before = (await client.listTools()).tools.map((tool) => tool.name);
    expect(before.some((name) => name.startsWith('third__'))).toBe(false);
    addServer(rig.core, 'third', everythingStdio());
    await until(() => changes > 0, 'tools/list_changed');
    await until(async () => (await client.listTools()).tools.some((tool) => tool.name === 'third__echo'), 'the new server’s tools');
  });

  it('tells apart two servers whose names make the same prefix, the same way every time, and shows it', async () => {
    const rig = await openEndpointRig(tempDir());
    rigs.push(rig);
    const dotted = addServer(rig.core, 'my.server', fixtureStdio('minimal-server.mjs'));
    const underscored = addServer(rig.core, 'my_server', fixtureStdio('minimal-server.mjs'));
    const [first, second] = [dotted, underscored].sort((a, b) => a.id.localeCompare(b.id));
    const client = await agentClient(rig);
    const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(names).toEqual(['my_server__echo', 'my_server_2__echo'].sort());
    const policy = await callOk(rig.core, 'agents.policy.get', { agent: rig.scout.slug });
    const byName = new Map(policy.tools.map((tool) => [tool.name, [tool.serverId, tool.collision]]));
    expect(Object.fromEntries(byName)).toEqual({ my_server__echo: [first?.id, false], my_server_2__echo: [second?.id, true] });
    const echoed = await client.callTool({ name: 'my_server_2__echo', arguments: { message: 'second' } });
    expect(echoed).toMatchObject({ content: [{ text: 'Echo: second' }] });
    expect(rig.core.mcp.gateway.listCalls({ agent: rig.scout.id, limit: 1 })[0]?.serverId).toBe(second?.id);
  });

  it('a server that is down costs only its own tools, and the agent is told which', async () => {
    const rig = await openEndpointRig(tempDir(), { mcp: { backoff: { maxAttempts: 1 } } });
    rigs.push(rig);
    addServer(rig.core, 'local', everythingStdio());
    addServer(rig.core, 'broken', { type: 'stdio', command: '/nonexistent/crewship-test-server', args: [], env: {}, cwd: null });
    const client = await agentClient(rig);
    expect(client.getInstructions()).toMatch(/Unavailable now[^\n]*broken \(failed/);
    const listed = await client.listTools();
    expect(listed.tools.some((tool) => tool.name === 'local__echo')).toBe(true);
    expect(listed.tools.some((tool) => tool.name.startsWith('broken__'))).toBe(false);
    expect(listed._meta?.['crewship/unavailable']).toEqual([expect.objectContaining({ server: 'broken', state: 'failed' })]);
  });
});
