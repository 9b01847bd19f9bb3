import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Core, CoreOptions } from '../../main/app/core.ts';
import type { Agent } from '../../main/agents/agent.ts';
import { startAgentsHost, type RunningAgentsHost } from '../../main/http/agents-host.ts';
import { openTestCore } from '../helpers/core.ts';

export interface EndpointRig {
  core: Core;
  host: RunningAgentsHost;
  scout: Agent;
  sorter: Agent;
  /** The agent's endpoint URL on this listener. */
  urlOf(agent: Agent): string;
  close(): Promise<void>;
}

/** A core with a crew of two agents (scout, sorter) and the agents' listener on a free port. */
export async function openEndpointRig(dataDir: string, options: Partial<CoreOptions> = {}): Promise<EndpointRig> {
  const core = openTestCore(dataDir, { mcp: { elicitations: true }, ...options });
  const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
  const scout = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
  const sorter = core.agents.create({ crew: crew.id, name: 'Sorter' }, 'ui');
  const host = await startAgentsHost({ core, port: 0 });
  return {
    core,
    host,
    scout,
    sorter,
    urlOf: (agent) => `${host.url}/agents/${agent.slug}/mcp`,
    close: async () => {
      await host.close();
      await core.close();
    },
  };
}

/**
 * The SDK's own client over streamable HTTP, as an agent (Claude Code) connects with its token.
 * `received`, when given, collects every byte the endpoint sends it (bodies and streams).
 */
export async function connectAgent(url: string, token: string, received?: string[]): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (received && response.body) void collectBody(response.clone(), received);
    return response;
  };
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } }, fetch: recording });
  await client.connect(transport);
  return client;
}

/** Waits until `check` holds, reading it every 50 ms (a condition, not a sleep). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function collectBody(response: Response, into: string[]): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) return;
    into.push(decoder.decode(value, { stream: true }));
  }
}
