/**
 * `npm run bench -- registry`: the registry cache against the stand-in (tests/fixtures/registry/,
 * in a process of its own, as a registry would be).
 *   1. A full sync of 10,000 generated servers, beside the stand-in's own serving rate: the same
 *      pages read by a bare loop that only fetches and JSON-parses them. Run RUNS times, the bare
 *      loop and the sync alternating so that both see the same machine; medians. Also the sync's
 *      CPU time per page in this process (what the writes cost, whatever else the machine runs).
 *      Goal: the sync is bound by the stand-in (sync / stand-in ≤ GOAL_RATIO).
 *   2. Search latency, p50 and p99, over those servers (words as one types them, with and without
 *      filters, and browse): quiet, then while a second registry of 10,000 syncs into the same
 *      core, asked between its slices in the same process as the Registry page asks while the app
 *      syncs. Goal: p99 < 10 ms, from asked to answered.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Core } from '../main/app/core.ts';
import { pageUrl } from '../main/registry/registry-client.ts';
import type { SearchQuery } from '../main/registry/registry-catalog.ts';

interface BenchKit {
  openCore(): Core;
  percentile(samples: number[], p: number): number;
  printRows(rows: string[][]): void;
  ms(value: number): string;
  ratio(a: number, b: number): string;
}

const SERVERS = Number(process.env.BENCH_REGISTRY_SERVERS ?? 10_000);
const RUNS = Number(process.env.BENCH_REGISTRY_RUNS ?? 3);
const SEARCHES = 2000;
const GOAL_RATIO = 1;
const GOAL_P99_MS = 10;

const standInScript = fileURLToPath(new URL('../tests/fixtures/registry/serve.ts', import.meta.url));

/** The registry stand-in in its own process; `close` ends it. */
async function startStandIn(count: number, seed = 1): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, [standInScript, String(count), String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the registry stand-in exited (${code})`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, close: () => child.kill('SIGTERM') };
}

/** Every page fetched and parsed, nothing stored: the stand-in's serving rate as a client sees it. */
async function bareRead(url: string): Promise<{ servers: number; seconds: number }> {
  let servers = 0;
  const started = performance.now();
  for (let cursor: string | null = null; ; ) {
    const body = (await (await fetch(pageUrl(url, { cursor, updatedSince: null }))).json()) as { servers: unknown[]; metadata: { nextCursor?: string } };
    servers += body.servers.length;
    cursor = body.metadata.nextCursor ?? null;
    if (cursor === null) break;
  }
  return { servers, seconds: (performance.now() - started) / 1000 };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function syncRuns(kit: BenchKit, url: string): Promise<Core> {
  const bare: number[] = [];
  const synced: number[] = [];
  const cpuPerPage: number[] = [];
  let kept: Core | null = null;
  let servers = 0;
  let pages = 0;
  for (let run = 0; run < RUNS; run++) {
    bare.push((await bareRead(url)).seconds);
    const core = kit.openCore();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const status = await core.registry.runSync(url, 'system');
    synced.push((performance.now() - started) / 1000);
    cpuPerPage.push(cpuMs(process.cpuUsage(cpu)) / status.pages);
    servers = status.servers;
    pages = status.pages;
    if (kept) await core.close();
    else kept = core;
  }
  const bareSeconds = median(bare);
  const syncSeconds = median(synced);
  const ratio = syncSeconds / bareSeconds;
  process.stdout.write(`\nRegistry sync of ${SERVERS} generated servers (${servers} listed, ${pages} pages of 100) from the stand-in in its own process; median of ${RUNS} runs\n`);
  kit.printRows([
    ['', 'time', 'servers/s', 'runs'],
    ['stand-in alone (fetch + JSON.parse)', `${bareSeconds.toFixed(2)} s`, (servers / bareSeconds).toFixed(0), bare.map((s) => s.toFixed(2)).join(' ')],
    ['crewship sync (+ validate, upsert, index)', `${syncSeconds.toFixed(2)} s`, (servers / syncSeconds).toFixed(0), synced.map((s) => s.toFixed(2)).join(' ')],
    ['sync / stand-in', kit.ratio(syncSeconds, bareSeconds), '', ''],
    ['sync CPU per page (this process)', kit.ms(median(cpuPerPage)), '', ''],
  ]);
  process.stdout.write(`  goal: sync bound by the stand-in (sync / stand-in ≤ ${GOAL_RATIO}×) — ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}\n`);
  return kept as Core;
}

const WORDS = ['postgres', 'git', 'search web', 'slack mess', 'drive', 'kube', 'stripe', 'weather', 'p', 'mcp server', 'cloud infra', 'qu'];
const FILTERS: Array<Partial<SearchQuery>> = [{}, { transport: 'stdio' }, { packageType: 'npm' }, { kind: 'remote' }, { category: 'databases' }];

/** The i-th search of the mix: words as typed, words with a filter, browse with no words. */
function searchOf(i: number): SearchQuery {
  const kind = i % 3;
  const words = kind === 2 ? {} : { query: WORDS[i % WORDS.length] };
  const filter = kind === 1 ? FILTERS[i % FILTERS.length] : {};
  return { ...words, ...filter, latestOnly: true, limit: 100, offset: 0 };
}

function quietSearch(kit: BenchKit, core: Core): number[] {
  for (let i = 0; i < 300; i++) core.registry.search(searchOf(i));
  return Array.from({ length: SEARCHES }, (_, i) => {
    const begin = performance.now();
    core.registry.search(searchOf(i));
    return performance.now() - begin;
  });
}

/**
 * A second registry (another SERVERS servers) synced into the same core — indexed row by row,
 * since the cache is not empty — and searches asked meanwhile in the same process. `call` is the
 * search itself; `answered` counts from when it was asked, so it includes waiting for the slice
 * of a page being written.
 */
async function busySearch(core: Core): Promise<{ call: number[]; answered: number[]; rate: number; stored: number }> {
  const second = await startStandIn(SERVERS, 2);
  try {
    const call: number[] = [];
    const answered: number[] = [];
    let done = false;
    const started = performance.now();
    const sync = core.registry.runSync(second.url, 'system').finally(() => (done = true));
    for (let i = 0; !done; i++) {
      const asked = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
      const begin = performance.now();
      core.registry.search(searchOf(i));
      const end = performance.now();
      call.push(end - begin);
      answered.push(end - asked);
    }
    const status = await sync;
    return { call, answered, rate: status.servers / ((performance.now() - started) / 1000), stored: status.cached };
  } finally {
    second.close();
  }
}

export async function registryBench(kit: BenchKit): Promise<void> {
  const standIn = await startStandIn(SERVERS);
  try {
    const core = await syncRuns(kit, standIn.url);
    const cached = core.registry.syncStatus(standIn.url).cached;
    const quiet = quietSearch(kit, core);
    const busy = await busySearch(core);
    await core.close();
    const p99 = (samples: number[]) => kit.percentile(samples, 99);
    process.stdout.write(
      `\nRegistry search over ${cached} cached servers (the first 100 rows and the total; words as typed, words and a filter, browse)\n` +
        `  quiet: ${SEARCHES} searches; while syncing: ${busy.call.length} searches while a second registry syncs ${busy.stored} more at ${busy.rate.toFixed(0)} servers/s, indexed row by row\n`,
    );
    kit.printRows([
      ['', 'p50', 'p99'],
      ['quiet', kit.ms(kit.percentile(quiet, 50)), kit.ms(p99(quiet))],
      ['while syncing: the call', kit.ms(kit.percentile(busy.call, 50)), kit.ms(p99(busy.call))],
      ['while syncing: asked to answered', kit.ms(kit.percentile(busy.answered, 50)), kit.ms(p99(busy.answered))],
    ]);
    const met = (samples: number[]) => (p99(samples) < GOAL_P99_MS ? 'met' : 'NOT met');
    process.stdout.write(`  goal: search p99 < ${GOAL_P99_MS} ms — quiet: ${met(quiet)}; while a sync writes (asked to answered): ${met(busy.answered)}\n`);
  } finally {
    standIn.close();
  }
}
