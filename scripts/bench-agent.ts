/**
 * `npm run bench -- agent`: what an agent's MCP endpoint costs.
 *   1. One tool call (server-everything's echo over stdio) through the agent's endpoint — a real
 *      SDK client over streamable HTTP with its token, so: HTTP, the SDK's server, the policy and
 *      routing, then the gateway — against the same call through the gateway directly, alternating
 *      call by call. p50, p99 and the ratio. Goal: endpoint / gateway < 1.3× at p50.
 *   2. 20 agents, each with its own session, calling at once: calls per second and per-call p50/p99.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../main/app/core.ts';
import { startAgentsHost } from '../main/http/agents-host.ts';
import type { McpTransportConfig } from '../main/mcp/types.ts';

interface BenchKit {
  openCore(): Core;
  everything: McpTransportConfig;
  percentile(samples: number[], p: number): number;
  printRows(rows: string[][]): void;
  ms(value: number): string;
  ratio(a: number, b: number): string;
}

const CALLS = Number(process.env.BENCH_AGENT_CALLS ?? 3000);
const WARMUP = 200;
const AGENTS = 20;
const CALLS_PER_AGENT = Number(process.env.BENCH_AGENT_CONCURRENT_CALLS ?? 100);

/**
 * The floor under the endpoint: the SDK's own server over streamable HTTP in this process, with an
 * echo tool and nothing else (no token, no policy, no gateway) — what one HTTP round trip of MCP costs here.
 */
async function startBareHttpServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const [{ McpServer }, { StreamableHTTPServerTransport }, { z }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('zod'),
  ]);
  const sessions = new Map<string, InstanceType<typeof StreamableHTTPServerTransport>>();
  const http = createServer((req, res) => {
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    if (known) return void known.handleRequest(req, res);
    const server = new McpServer({ name: 'bare', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { message: z.string() } }, ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }));
    const transport: InstanceType<typeof StreamableHTTPServerTransport> = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void sessions.set(sid, transport) });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, close: () => new Promise((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }) };
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

export async function agentEndpointBench(kit: BenchKit): Promise<void> {
  const core = kit.openCore();
  const host = await startAgentsHost({ core, port: 0 });
  const clients: Client[] = [];
  const bare = await startBareHttpServer();
  try {
    core.mcp.servers.create({ name: 'local', scope: { kind: 'workspace' }, transport: kit.everything, credential: null, allowedEnv: [], provider: null, enabled: true, connectTimeoutMs: 60_000 }, 'system');
    const crew = core.crews.create({ name: 'Bench' }, 'system');
    const agents = Array.from({ length: AGENTS }, (_, i) => core.agents.create({ crew: crew.id, name: `Agent ${i}` }, 'system'));
    const sessions = await Promise.all(agents.map(async (agent) => connect(`${host.url}/agents/${agent.slug}/mcp`, core.agentEndpoint.tokens.create(agent.id, 'bench', 'system').token)));
    clients.push(...sessions);
    const [first] = agents;
    const [client] = sessions;
    if (!first || !client) return;

    const viaEndpoint = async () => {
      const result = await client.callTool({ name: 'local__echo', arguments: { message: 'bench' } });
      if (result.isError) throw new Error('the endpoint call failed');
    };
    const viaGateway = async () => {
      const record = await core.mcp.gateway.call({ server: 'local', tool: 'echo', arguments: { message: 'bench' }, agent: first.id }, 'system');
      if (record.status !== 'succeeded') throw new Error('the gateway call failed');
    };
    const bareClient = await connect(bare.url, 'none');
    clients.push(bareClient);
    const viaBareHttp = async () => {
      await bareClient.callTool({ name: 'echo', arguments: { message: 'bench' } });
    };
    for (let i = 0; i < WARMUP; i++) {
      await viaEndpoint();
      await viaGateway();
      await viaBareHttp();
    }
    const endpoint: number[] = [];
    const gateway: number[] = [];
    const floor: number[] = [];
    const order = [[viaEndpoint, endpoint], [viaGateway, gateway], [viaBareHttp, floor]] as const;
    for (let i = 0; i < CALLS; i++) {
      // Rotating, so that the machine's drift falls on all alike.
      for (const [work, samples] of [...order.slice(i % 3), ...order.slice(0, i % 3)]) {
        const started = performance.now();
        await work();
        samples.push(performance.now() - started);
      }
    }
    const p = (samples: number[], q: number) => kit.percentile(samples, q);
    process.stdout.write(`\nAgent endpoint: one echo call over stdio, ${CALLS} calls each, alternating\n`);
    kit.printRows([
      ['', 'p50', 'p99'],
      ['gateway directly', kit.ms(p(gateway, 50)), kit.ms(p(gateway, 99))],
      ["agent's endpoint (HTTP + SDK + policy + gateway)", kit.ms(p(endpoint, 50)), kit.ms(p(endpoint, 99))],
      ['endpoint / gateway', kit.ratio(p(endpoint, 50), p(gateway, 50)), kit.ratio(p(endpoint, 99), p(gateway, 99))],
      ['endpoint − gateway', kit.ms(p(endpoint, 50) - p(gateway, 50)), kit.ms(p(endpoint, 99) - p(gateway, 99))],
      ['floor: bare SDK server over HTTP, in process', kit.ms(p(floor, 50)), kit.ms(p(floor, 99))],
      ['endpoint − (gateway + floor)', kit.ms(p(endpoint, 50) - p(gateway, 50) - p(floor, 50)), ''],
    ]);
    process.stdout.write(`  goal: endpoint / gateway < 1.3× at p50 — ${p(endpoint, 50) / p(gateway, 50) < 1.3 ? 'met' : 'NOT met'} (the endpoint adds an HTTP round trip the in-process gateway call does not make: see the floor)\n`);

    const perCall: number[] = [];
    const started = performance.now();
    await Promise.all(
      sessions.map(async (session) => {
        for (let i = 0; i < CALLS_PER_AGENT; i++) {
          const at = performance.now();
          const result = await session.callTool({ name: 'local__echo', arguments: { message: 'bench' } });
          if (result.isError) throw new Error('a concurrent call failed');
          perCall.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n${AGENTS} agents' sessions calling at once, ${CALLS_PER_AGENT} calls each (one server process behind them)\n`);
    kit.printRows([
      ['', 'value'],
      ['calls per second', (perCall.length / seconds).toFixed(0)],
      ['per call p50', kit.ms(p(perCall, 50))],
      ['per call p99', kit.ms(p(perCall, 99))],
      ['sessions open', String(host.sessionCount())],
    ]);
  } finally {
    await Promise.allSettled(clients.map((session) => session.close()));
    await host.close();
    await core.close();
    await bare.close();
  }
}
