import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { STAND_IN_KEYS } from '../fixtures/composio/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { startServe } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAccount, openAccessCore, startAccessStandIn, toolsOf } from '../access/access-kit.ts';
import { ok } from './composio-test-kit.ts';

/**
 * The isolation rule at the CLI and REST doors, with the default connector on and two
 * workspaces (two Composio projects): scout is bound to user-a, sorter gets the default connector
 * (user-b), and the second workspace's scout is bound to user-z. Whatever a door answers about one
 * agent — resolved servers, URLs, tool lists, tool results, the prompt block — names no account of
 * another user. A read binding lacks the app's other tools, and calling one fails.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-isolation-');
const SLOW = 240_000;

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

async function inWorkspace<M extends MethodName>(core: Core, workspace: string, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = await core.router.call(method, input, { actor: 'ui', workspace });
  if (!envelope.ok) throw new Error(`${method} refused: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as MethodOutput<M>;
}

interface World {
  core: Core;
  tenant: string;
  /** Each user's account ids. */
  accounts: { a: string[]; b: string[]; z: string[] };
  scoutGmail: string;
  defaultServer: string;
}

/** Workspace one (alpha's project, the key from COMPOSIO_API_KEY) and Tenant Two (beta's, its own key). */
async function buildWorld(home: string): Promise<World> {
  const { core } = await openAccessCore(home, standIn, { key: STAND_IN_KEYS.alpha, flag: 'true' });
  const accounts = {
    a: [await connectAccount(core, standIn, 'gmail', 'user-a'), await connectAccount(core, standIn, 'github', 'user-a')],
    b: [await connectAccount(core, standIn, 'gmail', 'user-b'), await connectAccount(core, standIn, 'slack', 'user-b')],
    z: [] as string[],
  };
  const connector = await ok(core, 'composio.default.set', { user: 'user-b' });
  const bound = await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-a', apps: [{ app: 'gmail', scope: 'read' }, { app: 'github', scope: 'full' }] });

  const tenant = (await ok(core, 'workspaces.create', { name: 'Tenant Two' })).slug;
  await inWorkspace(core, tenant, 'composio.key.set', { key: STAND_IN_KEYS.beta, baseUrl: standIn.url });
  await inWorkspace(core, tenant, 'composio.catalog.sync', { wait: true });
  const crew = await inWorkspace(core, tenant, 'crews.create', { name: 'Night Ops' });
  await inWorkspace(core, tenant, 'agents.create', { crew: crew.id, name: 'Scout' });
  const flow = await inWorkspace(core, tenant, 'composio.connect', { toolkit: 'gmail', userId: 'user-z' });
  standIn.approve(flow.accountId);
  await core.forWorkspace(tenant).composio.waitForConnect(flow.id);
  accounts.z.push(flow.accountId);
  await inWorkspace(core, tenant, 'composio.bindings.set', { agent: 'scout', user: 'user-z', apps: [{ app: 'gmail', scope: 'full' }] });
  await inWorkspace(core, tenant, 'composio.default.set', { user: 'user-z' });

  const scoutGmail = bound.bindings.find((binding) => binding.app === 'gmail')?.serverId ?? '';
  return { core, tenant, accounts, scoutGmail, defaultServer: connector.serverId ?? '' };
}

/** What names a user other than `mine` (their user id, their accounts), and the project keys. */
function othersOf(world: World, mine: 'a' | 'b' | 'z'): string[] {
  const users = { a: 'user-a', b: 'user-b', z: 'user-z' } as const;
  return [...(['a', 'b', 'z'] as const).filter((user) => user !== mine).flatMap((user) => [users[user], ...world.accounts[user]]), STAND_IN_KEYS.alpha, STAND_IN_KEYS.beta];
}

function expectNone(text: string, markers: string[], where: string): void {
  for (const marker of markers) expect(text, `${marker} in ${where}`).not.toContain(marker);
}

describe('isolation at the CLI and REST doors', () => {
  it('an agent bound to user-a sees nothing of user-b (the default connector’s) or of the other workspace’s user, from the CLI and from REST', { timeout: SLOW }, async () => {
    const home = tempDir();
    const world = await buildWorld(home);
    const env = { COMPOSIO_API_KEY: STAND_IN_KEYS.alpha, COMPOSIO_BASE_URL: standIn.url, COMPOSIO_DEFAULT_CONNECTOR: 'true' };
    const cli = (...args: string[]) => runCrewship(home, args, '', env);
    const gmail = toolsOf(standIn, 'gmail');
    const [readTool = '', otherTool = ''] = [gmail.read[0], gmail.other[0]];
    try {
      // The CLI door, workspace one: scout (user-a).
      const notA = othersOf(world, 'a');
      const resolved = await cli('agent', 'resolve', 'scout', '--json');
      expect(resolved.code, resolved.stderr).toBe(0);
      expect((JSON.parse(resolved.stdout) as { servers: Array<{ userId: string }> }).servers.map((server) => server.userId)).toEqual(['user-a', 'user-a']);
      const block = await cli('agent', 'prompt-block', 'scout');
      expect(block.stdout).toContain('- Composio: github · Full\n- Composio: gmail · Read\n');
      const exported = await cli('mcp', 'export', '--agent', 'scout');
      expect(exported.stdout).toContain('user_id=user-a');
      const tools = await cli('mcp', 'tools', world.scoutGmail, '--json');
      const names = (JSON.parse(tools.stdout) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name).sort();
      expect(names).toEqual([...gmail.read].sort());
      const called = await cli('mcp', 'call', world.scoutGmail, readTool, '--args', '{"id":"m1"}', '--agent', 'scout', '--json');
      expect(called.code, called.stderr).toBe(0);
      expect(called.stdout).toContain(world.accounts.a[0]);
      const refused = await cli('mcp', 'call', world.scoutGmail, otherTool, '--agent', 'scout');
      expect(refused.code).toBe(1);
      expect(`${refused.stdout}${refused.stderr}`).toContain(`Tool ${otherTool} is not available on this MCP server`);
      const bindings = await cli('integration', 'composio', 'bindings', 'scout', '--json');
      for (const [where, run] of Object.entries({ resolved, block, exported, tools, called, refused, bindings })) expectNone(`${run.stdout}${run.stderr}`, notA, `the CLI's ${where}`);

      // sorter has no binding: the default connector, which acts for user-b only.
      const notB = othersOf(world, 'b');
      const sorter = await cli('agent', 'resolve', 'sorter', '--json');
      expect(sorter.stdout).toContain('"reason": "default_connector"');
      const asB = await cli('mcp', 'call', world.defaultServer, readTool, '--args', '{"id":"m2"}', '--agent', 'sorter', '--json');
      expect(asB.code, asB.stderr).toBe(0);
      expect(asB.stdout).toContain(world.accounts.b[0]);
      for (const run of [sorter, asB, await cli('agent', 'prompt-block', 'sorter')]) expectNone(`${run.stdout}${run.stderr}`, notB, 'the CLI, for sorter');

      // The other workspace's scout: user-z, and nothing of workspace one.
      const notZ = othersOf(world, 'z');
      const tenantScout = await cli('--workspace', world.tenant, 'agent', 'resolve', 'scout', '--json');
      expect(tenantScout.code, tenantScout.stderr).toBe(0);
      expect((JSON.parse(tenantScout.stdout) as { servers: Array<{ userId: string; displayName: string }> }).servers.map((s) => [s.displayName, s.userId])).toEqual([['Composio: gmail · Full', 'user-z']]);
      const tenantExport = await cli('--workspace', world.tenant, 'mcp', 'export', '--agent', 'scout');
      expect(tenantExport.stdout).toContain('user_id=user-z');
      for (const run of [tenantScout, tenantExport, await cli('--workspace', world.tenant, 'agent', 'prompt-block', 'scout')]) expectNone(`${run.stdout}${run.stderr}`, notZ, 'the CLI in Tenant Two');

      // The REST door: `crewship serve` over the same data.
      const serve = await startServe(home, env);
      try {
        const post = async (path: string, body: unknown, workspace?: string) =>
          (await fetch(`${serve.url}${path}`, { method: 'POST', headers: { ...serve.headers, ...(workspace ? { 'x-crewship-workspace': workspace } : {}) }, body: JSON.stringify(body) })).text();
        const get = async (path: string, workspace?: string) => (await fetch(`${serve.url}${path}`, { headers: { ...serve.headers, ...(workspace ? { 'x-crewship-workspace': workspace } : {}) } })).text();

        const restTools = await get('/mcp/tools?agent=scout');
        const restNames = (JSON.parse(restTools) as { value: { tools: Array<{ name: string }> } }).value.tools.map((tool) => tool.name);
        expect(restNames).toEqual(expect.arrayContaining([...gmail.read, ...toolsOf(standIn, 'github').other]));
        for (const slug of gmail.other) expect(restNames).not.toContain(slug);
        const restCall = await post('/mcp/call', { server: world.scoutGmail, tool: readTool, arguments: { id: 'm3' }, agent: 'scout' });
        expect(restCall).toContain(world.accounts.a[0]);
        const restRefused = await post('/mcp/call', { server: world.scoutGmail, tool: otherTool, arguments: {}, agent: 'scout' });
        expect(restRefused).toContain('not available on this MCP server');
        const endpoints = await post('/rpc/composio.endpoints.list', { agent: 'scout' });
        expect(endpoints).toContain('user_id=user-a');
        const rest = { restTools, restCall, restRefused, endpoints, resolve: await post('/rpc/agents.resolve', { agent: 'scout' }), block: await post('/rpc/agents.promptBlock', { agent: 'scout' }) };
        for (const [where, text] of Object.entries(rest)) expectNone(text, notA, `REST ${where}`);

        const tenantRest = { resolve: await post('/rpc/agents.resolve', { agent: 'scout' }, world.tenant), tools: await get('/mcp/tools?agent=scout', world.tenant), endpoints: await post('/rpc/composio.endpoints.list', {}, world.tenant) };
        expect(tenantRest.resolve).toContain('user-z');
        for (const [where, text] of Object.entries(tenantRest)) expectNone(text, notZ, `REST ${where} in Tenant Two`);
        const defaults = JSON.parse(await get('/api/v1/integrations/composio/default')) as { value: { userId: string } };
        const tenantDefault = JSON.parse(await get('/api/v1/integrations/composio/default', world.tenant)) as { value: { userId: string } };
        expect([defaults.value.userId, tenantDefault.value.userId]).toEqual(['user-b', 'user-z']);
      } finally {
        await serve.stop();
      }
    } finally {
      await world.core.close();
    }
  });
});
