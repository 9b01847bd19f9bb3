import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startAgentsHost } from '../../main/http/agents-host.ts';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { callOk } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { ok } from '../composio/composio-test-kit.ts';
import { connectAccount, openAccessCore, startAccessStandIn, toolsOf } from '../access/access-kit.ts';
import { connectAgent } from './endpoint-kit.ts';

/** The endpoint over Composio bindings: the real SDK against the stand-in, the gateway connected to its per-user MCP servers. */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-agent-composio-');

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

describe("an agent's endpoint with Composio bindings", () => {
  it("exposes only its own user's accounts: agent A bound to user A never sees user B", async () => {
    const { core, scout, sorter } = await openAccessCore(tempDir(), standIn);
    const host = await startAgentsHost({ core, port: 0 });
    const clients: Client[] = [];
    try {
      const gmailA = await connectAccount(core, standIn, 'gmail', 'user-a');
      const gmailB = await connectAccount(core, standIn, 'gmail', 'user-b');
      await ok(core, 'composio.bindings.set', { agent: scout.slug, user: 'user-a', apps: [{ app: 'gmail', scope: 'read' }] });
      await ok(core, 'composio.bindings.set', { agent: sorter.slug, user: 'user-b', apps: [{ app: 'gmail', scope: 'full' }] });
      const scoutToken = (await callOk(core, 'agents.tokens.create', { agent: scout.slug })).token;
      const sorterToken = (await callOk(core, 'agents.tokens.create', { agent: sorter.slug })).token;

      const received: string[] = [];
      const client = await connectAgent(`${host.url}/agents/${scout.slug}/mcp`, scoutToken, received);
      clients.push(client);
      const { tools } = await client.listTools();
      const gmail = toolsOf(standIn, 'gmail');
      const served = tools.map((tool) => String(tool._meta?.['crewship/tool']));
      expect(served.sort()).toEqual([...gmail.read].sort());
      const readTool = tools.find((tool) => tool._meta?.['crewship/tool'] === gmail.read[0]);
      expect(readTool?.name).toMatch(/__/);
      const result = await client.callTool({ name: readTool?.name ?? '', arguments: { id: 'm1' } });
      expect(JSON.stringify(result)).toContain(gmailA);
      const everything = received.join('');
      expect(everything).toContain('user-a');
      expect(everything).not.toContain('user-b');
      expect(everything).not.toContain(gmailB);

      // The other agent's token does not open scout's endpoint.
      const refused = await fetch(`${host.url}/agents/${scout.slug}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sorterToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(refused.status).toBe(403);
    } finally {
      await Promise.allSettled(clients.map((client) => client.close()));
      await host.close();
      await core.close();
    }
  });
});
