/**
 * `npm run bench`: what the MCP gateway costs (not a test; it prints numbers).
 *   1. Tool call latency, p50 and p99: through the gateway (routing, history, events, redaction)
 *      versus a bare SDK client of its own, opened with the transport factory the gateway uses,
 *      alternating call by call. Both reach one server-everything process over streamable HTTP,
 *      each in its own session: two server processes differ by up to ±10 % from where the
 *      scheduler places them, which would drown the figure, and stdio cannot share a process.
 *      Beside them, the SDK asked with the options the gateway passes (a cancel signal, a
 *      progress token, a timeout reset by progress): what those features cost in the SDK itself.
 *      Goal: the gateway adds < 10 %; its cost in milliseconds is printed too, since a round trip
 *      over HTTP is longer than over stdio while what the gateway adds is the same.
 *   2. The time to connect 1 and 20 stdio servers at once, and the ratio. Goal: < 2×. Beside it,
 *      the floor: the same servers spawned at once with no gateway and no SDK, each until it answers
 *      initialize — what this machine needs whatever connects them, so that the gateway's own
 *      share is seen apart from the servers' start-up CPU.
 *   3. One `crewship mcp call` from a fresh process (key file, as an operator's terminal has it)
 *      versus a bare SDK client process making the same call: what the CLI costs on top.
 *   4. Composio (`npm run bench -- composio`): a catalog refresh of the full stand-in catalog
 *      (≥ 500 toolkits, ≥ 20,000 tools) through the real SDK, in toolkits and tools per second;
 *      then catalog search as one types (each prefix of a few words, apps and tools) through the
 *      core's router, p50 and p99. Goal: search p99 under 5 ms.
 *   4. `registry`: a full sync of 10,000 generated servers from the registry stand-in beside the
 *      stand-in's own serving rate, and search p50/p99 over them, quiet and while a sync writes
 *      (scripts/bench-registry.ts).
 *   5. `agent`: a call through an agent's MCP endpoint against the gateway, and 20 agents' sessions
 *      at once (scripts/bench-agent.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createCore, type Core } from '../main/app/core.ts';
import { loadSdk } from '../main/mcp/sdk.ts';
import { openTransport } from '../main/mcp/transports.ts';
import type { McpStdioTransport, McpTransportConfig } from '../main/mcp/types.ts';
import { resolveNodeKeyProvider } from '../main/vault/node-key-provider.ts';
import { startComposioStandIn, STAND_IN_KEYS } from '../tests/fixtures/composio/stand-in.ts';
import { agentEndpointBench } from './bench-agent.ts';
import { registryBench } from './bench-registry.ts';

// Enough calls that p50 is steady from run to run on a noisy machine (an echo round trip is ~0.1 ms).
const CALLS = Number(process.env.BENCH_CALLS ?? 20000);
const WARMUP = 200;
const CONNECT_RUNS = 3;

const everythingEntry = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
const minimalServer = fileURLToPath(new URL('../tests/fixtures/mcp/minimal-server.mjs', import.meta.url));
const everything: McpStdioTransport = { type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'], env: {}, cwd: null };
const minimal = (delayMs: number): McpStdioTransport => ({
  type: 'stdio',
  command: process.execPath,
  args: [minimalServer],
  env: { INIT_DELAY_MS: String(delayMs) },
  cwd: null,
});

const dirs: string[] = [];

function openCore(): Core {
  const dataDir = mkdtempSync(join(tmpdir(), 'crewship-bench-'));
  dirs.push(dataDir);
  return createCore({
    dataDir,
    keyProvider: resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: 'bench-master-key-0123456789abcdef' }, dataDir),
    mcp: { env: {} },
  });
}

function addServers(core: Core, transport: McpTransportConfig, count: number): void {
  for (let i = 0; i < count; i++) {
    core.mcp.servers.create(
      { name: `server-${i}`, scope: { kind: 'workspace' }, transport, credential: null, allowedEnv: [], provider: null, enabled: true, connectTimeoutMs: 60_000 },
      'system',
    );
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(3)}×`;

/** A free port on 127.0.0.1, for a server that takes its port from the environment. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** server-everything over streamable HTTP, once it says it listens; `stop` ends it. */
async function startHttpEverything(): Promise<{ transport: McpTransportConfig; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [everythingEntry, 'streamableHttp'], {
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('listening on port')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server-everything (streamableHttp) ended with ${code}: ${output}`)));
  });
  return { transport: { type: 'streamable-http', url: `http://127.0.0.1:${port}/mcp`, headers: {} }, stop: () => child.kill() };
}

/** A bare SDK client, on a transport from the gateway's own factory. */
async function openSdkClient(transport: McpTransportConfig): Promise<Client> {
  const sdk = await loadSdk();
  const client = new sdk.Client({ name: 'bench-sdk', version: '1.0.0' });
  await client.connect(openTransport(sdk, transport, null).transport);
  return client;
}

async function callLatency(): Promise<void> {
  const server = await startHttpEverything();
  try {
    await compareCalls(server.transport);
  } finally {
    server.stop();
  }
}

async function compareCalls(transport: McpTransportConfig): Promise<void> {
  const core = openCore();
  addServers(core, transport, 1);
  const [status] = await core.mcp.gateway.connect({});
  if (status?.state !== 'ready') throw new Error(`the gateway did not connect: ${status?.error?.message}`);
  const sdk = await openSdkClient(transport);

  const args = { message: 'hello' };
  const request = { method: 'tools/call' as const, params: { name: 'echo', arguments: args } };
  const variants: Array<{ label: string; run: () => Promise<unknown>; samples: number[] }> = [
    // Each checks its answer, as a caller would: the same work around each call.
    { label: 'SDK client, direct', run: async () => succeeded(await sdk.callTool({ name: 'echo', arguments: args })), samples: [] },
    { label: "SDK with the gateway's options", run: async () => succeeded(await withGatewayOptions(sdk, request)), samples: [] },
    {
      label: 'through the gateway',
      run: async () => {
        const record = await core.mcp.gateway.call({ server: 'server-0', tool: 'echo', arguments: args }, 'system');
        if (record.status !== 'succeeded') throw new Error(record.error?.message ?? record.status);
      },
      samples: [],
    },
  ];

  for (let i = 0; i < WARMUP; i++) for (const variant of variants) await variant.run();
  // Call by call, the order turned each round, so that all see the same machine at the same
  // moment. (The gateway's batched history write lands in any one's time now and then: p99 only.)
  for (let i = 0; i < CALLS; i++) {
    for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
      const started = performance.now();
      await variant.run();
      variant.samples.push(performance.now() - started);
    }
  }
  await sdk.close();
  await core.close();

  const [direct, , gateway] = variants as [(typeof variants)[0], (typeof variants)[0], (typeof variants)[0]];
  const rows = [
    ['', 'p50', 'p99', 'p50 / direct'],
    ...variants.map((variant) => [
      variant.label,
      ms(percentile(variant.samples, 50)),
      ms(percentile(variant.samples, 99)),
      ratio(percentile(variant.samples, 50), percentile(direct.samples, 50)),
    ]),
    ['gateway / direct', ratio(percentile(gateway.samples, 50), percentile(direct.samples, 50)), ratio(percentile(gateway.samples, 99), percentile(direct.samples, 99)), ''],
    ['gateway − direct', ms(percentile(gateway.samples, 50) - percentile(direct.samples, 50)), ms(percentile(gateway.samples, 99) - percentile(direct.samples, 99)), ''],
  ];
  process.stdout.write(
    `\nTool call latency: ${CALLS} calls of server-everything's echo over streamable HTTP, one server process, a session each (goal: the gateway adds < 10 %)\n`,
  );
  printRows(rows);
}

function succeeded(result: object): void {
  if ('isError' in result && result.isError === true) throw new Error('the tool answered with an error');
}

/** What the gateway asks of the SDK for every call, without the gateway around it. */
function withGatewayOptions(sdk: Client, request: { method: 'tools/call'; params: { name: string; arguments: Record<string, unknown> } }) {
  const controller = new AbortController();
  return sdk.request(request, CallToolResultSchema, {
    signal: controller.signal,
    onprogress: () => undefined,
    timeout: 60_000,
    resetTimeoutOnProgress: true,
    maxTotalTimeout: 3_600_000,
  });
}

async function connectTime(transport: McpStdioTransport, count: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < CONNECT_RUNS; run++) {
    const core = openCore();
    addServers(core, transport, count);
    const started = performance.now();
    const statuses = await core.mcp.gateway.connectAll();
    times.push(performance.now() - started);
    const failed = statuses.filter((status) => status.state !== 'ready');
    await core.close();
    if (failed.length > 0) throw new Error(`${failed.length} of ${count} servers did not connect: ${failed[0]?.error?.message}`);
  }
  return percentile(times, 50);
}

/** `count` servers spawned at once by hand, each until the first line it writes after an initialize request. */
async function floorTime(transport: McpStdioTransport, count: number): Promise<number> {
  const initialize = `${JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench-floor', version: '1.0.0' } },
  })}\n`;
  const answered = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(transport.command, transport.args, { stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH, ...transport.env } });
      child.once('error', reject);
      child.stdout.once('data', () => {
        child.kill();
        resolve();
      });
      child.stdin.write(initialize);
    });
  const times: number[] = [];
  for (let run = 0; run < CONNECT_RUNS; run++) {
    const started = performance.now();
    await Promise.all(Array.from({ length: count }, answered));
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

async function connectTimes(): Promise<void> {
  const cases: Array<[string, McpStdioTransport]> = [
    ['server-everything', everything],
    ['minimal server (no imports)', minimal(0)],
    ['minimal server, 1 s start-up wait', minimal(1000)],
  ];
  const rows = [['stdio server', '1 server', '20 servers', '20 / 1', 'floor: 1', 'floor: 20', 'floor 20 / 1', 'gateway 20 / floor 20']];
  for (const [label, transport] of cases) {
    const one = await connectTime(transport, 1);
    const twenty = await connectTime(transport, 20);
    const floorOne = await floorTime(transport, 1);
    const floorTwenty = await floorTime(transport, 20);
    rows.push([label, ms(one), ms(twenty), ratio(twenty, one), ms(floorOne), ms(floorTwenty), ratio(floorTwenty, floorOne), ratio(twenty, floorTwenty)]);
  }
  process.stdout.write(
    `\nConnect time, median of ${CONNECT_RUNS} runs (spawn, initialize, tools/resources/prompts lists; goal: 20 in < 2× the time of 1).\n` +
      'The floor: the same servers spawned at once by hand, no gateway, no SDK, each until it answers initialize.\n',
  );
  printRows(rows);
  process.stdout.write(
    `\nThis machine has ${availableParallelism()} CPU core(s). The gateway starts all twenty at once. Where "floor 20 / 1" is\n` +
      'itself over 2×, the servers\' own start-up CPU (a Node process each, shared over these cores) makes the goal\n' +
      'unreachable here by any client; "gateway 20 / floor 20" is what the gateway adds to that minimum.\n',
  );
}

const CLI_RUNS = 5;
const crewshipBin = fileURLToPath(new URL('../bin/crewship.js', import.meta.url));

/** Runs a Node process to its end; its wall time. */
function runNode(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  // From the project's root, where the bare client's imports resolve.
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
}

/** Median wall time of CLI_RUNS processes, after one that warms the disk and compile caches. */
function processTime(args: string[], env: NodeJS.ProcessEnv): number {
  runNode(args, env);
  return percentile(Array.from({ length: CLI_RUNS }, () => runNode(args, env)), 50);
}

function cliCallTime(): void {
  const home = mkdtempSync(join(tmpdir(), 'crewship-bench-cli-'));
  dirs.push(home);
  const env = { PATH: process.env.PATH, HOME: home, CREWSHIP_HOME: home };
  runNode([crewshipBin, 'mcp', 'add', 'everything', '--command', process.execPath, '--arg', everythingEntry, '--arg', 'stdio'], env);
  const cli = processTime([crewshipBin, 'mcp', 'call', 'everything', 'echo', '--args', '{"message":"hello"}'], env);
  const bareClient = `
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const client = new Client({ name: 'bench-bare', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(everythingEntry)}, 'stdio'], stderr: 'ignore' }));
    await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
    await client.close();`;
  const bare = processTime(['--input-type=module', '--eval', bareClient], env);
  process.stdout.write(`\nOne tool call from a fresh process, median of ${CLI_RUNS} (server-everything's echo over stdio, its start-up included)\n`);
  printRows([
    ['', 'wall time'],
    ['bare SDK client process', ms(bare)],
    ['crewship mcp call (key file)', ms(cli)],
    ['crewship / bare', ratio(cli, bare)],
  ]);
}

function printRows(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) process.stdout.write(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ')}\n`);
}

/** What one types into the Catalog tab's search, a character at a time. */
const TYPED = ['gmail', 'github issue', 'send email', 'slack message', 'list contacts', 'acme desk', 'delete file', 'crm', 'calendar event', 'notion page'];

async function composioCatalog(): Promise<void> {
  const standIn = await startComposioStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'crewship-bench-'));
  dirs.push(dataDir);
  const core = createCore({
    dataDir,
    keyProvider: resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: 'bench-master-key-0123456789abcdef' }, dataDir),
    composio: { env: { COMPOSIO_BASE_URL: standIn.url } },
  });
  try {
    const call = async (method: string, input: unknown) => {
      const envelope = await core.router.call(method, input, { actor: 'system' });
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value;
    };
    await call('composio.key.set', { key: STAND_IN_KEYS.alpha });
    const started = performance.now();
    const status = (await call('composio.catalog.sync', { wait: true })) as { toolkitCount: number; toolCount: number };
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\nComposio catalog refresh (the real SDK against the stand-in, ${status.toolkitCount} toolkits, ${status.toolCount} tools)\n`);
    printRows([
      ['', 'figure'],
      ['refresh, wall time', `${seconds.toFixed(2)} s`],
      ['toolkits per second', (status.toolkitCount / seconds).toFixed(0)],
      ['tools per second', (status.toolCount / seconds).toFixed(0)],
    ]);
    // Every prefix of every phrase, as the search box sends them; apps and tools alike.
    const queries = TYPED.flatMap((phrase) => Array.from({ length: phrase.length }, (_, i) => phrase.slice(0, i + 1)).filter((q) => q.trim()));
    const rounds = 20;
    const timings: Record<'toolkits' | 'tools', number[]> = { toolkits: [], tools: [] };
    for (let round = 0; round < rounds + 2; round++) {
      for (const search of queries) {
        for (const [kind, method, input] of [
          ['toolkits', 'composio.toolkits.list', { search, limit: 100 }],
          ['tools', 'composio.tools.search', { search, limit: 50 }],
        ] as const) {
          const t0 = performance.now();
          await call(method, input);
          // The first two rounds warm the caches (SQLite's pages, the statement cache).
          if (round >= 2) timings[kind].push(performance.now() - t0);
        }
      }
    }
    const all = [...timings.toolkits, ...timings.tools];
    process.stdout.write(`\nComposio catalog search through the router (${queries.length} prefixes × ${rounds} rounds each)\n`);
    printRows([
      ['', 'p50', 'p99'],
      ['apps (toolkits.list, 100 rows)', ms(percentile(timings.toolkits, 50)), ms(percentile(timings.toolkits, 99))],
      ['tools (tools.search, 50 rows)', ms(percentile(timings.tools, 50)), ms(percentile(timings.tools, 99))],
      ['all searches', ms(percentile(all, 50)), ms(percentile(all, 99))],
    ]);
    process.stdout.write(`  goal: search p99 < 5 ms — ${percentile(all, 99) < 5 ? 'met' : 'NOT met'}\n`);
  } finally {
    await core.close();
    await standIn.stop();
  }
}

/** `npm run bench -- latency connect cli composio registry agent` runs only the parts named; with none, all of them. */
const parts = {
  latency: callLatency,
  connect: connectTimes,
  cli: cliCallTime,
  composio: composioCatalog,
  registry: () => registryBench({ openCore, percentile, printRows, ms, ratio }),
  agent: () => agentEndpointBench({ openCore, everything, percentile, printRows, ms, ratio }),
} as const;
const named = process.argv.slice(2);
const unknown = named.filter((name) => !(name in parts));
if (unknown.length > 0) throw new Error(`unknown benchmark part ${unknown.join(', ')}: choose from ${Object.keys(parts).join(', ')}`);

try {
  for (const [name, run] of Object.entries(parts)) if (named.length === 0 || named.includes(name)) await run();
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
