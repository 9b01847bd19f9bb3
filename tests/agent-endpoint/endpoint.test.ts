import { afterEach, describe, expect, it } from 'vitest';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { everythingStdio, startEverythingHttp, type RunningEverything } from '../fixtures/mcp/everything.ts';
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
});
