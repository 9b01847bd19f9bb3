// `npm run demo`: the whole console on a throwaway data directory, against the Composio stand-in
// started in this process, with a seeded workspace (users with connected accounts in several
// states, crews, agents, server-everything as an MCP server). Nothing needs a Composio account.
// `--json` prints one line {url, uiUrl, token, dataDir} instead of the sentences (for the test).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../main/app/core.ts';
import { startHost } from '../main/http/host.ts';
import { builtRendererDir } from '../main/http/renderer-dir.ts';
import type { MethodInput, MethodName, MethodOutput } from '../main/rpc/contract.ts';
import { resolveNodeKeyProvider } from '../main/vault/node-key-provider.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../tests/fixtures/composio/stand-in.ts';
import { everythingStdio } from '../tests/fixtures/mcp/everything.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = process.argv.includes('--json');
const say = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

function rendererDir(): string {
  const built = builtRendererDir();
  if (built) return built;
  say('Building the UI once (electron-vite build)…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: json ? 'ignore' : 'inherit' });
  const dir = builtRendererDir();
  if (build.status !== 0 || !dir) throw new Error('the UI did not build: run `npx electron-vite build` and look at its errors');
  return dir;
}

async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = await core.router.call(method, input, { actor: 'system' });
  if (!envelope.ok) throw new Error(`seeding the demo: ${method} failed: ${envelope.error.message} ${envelope.error.hint}`);
  return envelope.value as MethodOutput<M>;
}

/** Connects `app` for `user`, then plays the person at the stand-in's consent page (or not), and waits for the console to see the outcome. */
async function connect(core: Core, standIn: ComposioStandIn, app: string, user: string, outcome: 'approve' | 'deny' | 'leave'): Promise<string> {
  const flow = await call(core, 'composio.connect', { toolkit: app, userId: user });
  if (outcome === 'leave') {
    await call(core, 'composio.connect.cancel', { connect: flow.id });
    return flow.accountId;
  }
  if (outcome === 'approve') standIn.approve(flow.accountId);
  else standIn.deny(flow.accountId);
  for (let tries = 0; tries < 200; tries += 1) {
    if ((await call(core, 'composio.connect.get', { connect: flow.id })).status !== 'waiting') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return flow.accountId;
}

async function seed(core: Core, standIn: ComposioStandIn): Promise<void> {
  await call(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha, label: 'Demo project (stand-in)' });
  await call(core, 'composio.catalog.sync', { wait: true });
  await connect(core, standIn, 'github', 'alice@example.com', 'approve');
  await connect(core, standIn, 'slack', 'alice@example.com', 'approve');
  standIn.expire(await connect(core, standIn, 'gmail', 'alice@example.com', 'approve'));
  await connect(core, standIn, 'notion', 'bob@example.com', 'approve');
  await connect(core, standIn, 'linear', 'bob@example.com', 'deny');
  const revoked = await connect(core, standIn, 'github', 'carol@example.com', 'approve');
  await call(core, 'composio.accounts.revoke', { account: revoked });
  await connect(core, standIn, 'notion', 'carol@example.com', 'leave');

  const nightOps = await call(core, 'crews.create', { name: 'Night Ops' });
  await call(core, 'agents.create', { crew: nightOps.slug, name: 'Inbox triage' });
  await call(core, 'agents.create', { crew: nightOps.slug, name: 'Release bot' });
  const research = await call(core, 'crews.create', { name: 'Research' });
  await call(core, 'agents.create', { crew: research.slug, name: 'Scout' });

  core.mcp.servers.create(
    { name: 'everything', scope: { kind: 'workspace' }, transport: everythingStdio(), credential: null, allowedEnv: [], provider: null, enabled: true, connectTimeoutMs: null },
    'system',
  );
}

async function main(): Promise<void> {
  const ui = rendererDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'crewship-demo-'));
  const standIn = await startComposioStandIn();
  const keyProvider = resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: randomBytes(32).toString('hex') }, dataDir);
  const core = createCore({ dataDir, keyProvider, demo: true, composio: { env: { COMPOSIO_BASE_URL: standIn.url }, pollIntervalMs: 50 } });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await core.close().catch(() => undefined);
    await standIn.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  try {
    say('Seeding the demo workspace (the Composio stand-in, its catalog, accounts, crews, agents)…');
    await seed(core, standIn);
    const host = await startHost({ core, rendererDir: ui });
    void core.mcp.gateway.connectAll().catch(() => undefined);
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    const stopAll = async () => {
      await host.close();
      await stop();
    };
    process.once('SIGINT', () => void stopAll());
    process.once('SIGTERM', () => void stopAll());
    if (json) {
      process.stdout.write(`${JSON.stringify({ url: host.url, uiUrl: host.uiUrl, token: host.token, dataDir })}\n`);
      return;
    }
    say('');
    say('Crewship Console demo: seeded data on a throwaway directory, against a local stand-in for Composio.');
    say(`Open the console: ${host.uiUrl}`);
    say(`Data directory (deleted when the demo stops): ${dataDir}`);
    say('Press Ctrl+C to stop.');
  } catch (error) {
    process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
}

void main();
