import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { ok, refused } from '../composio/composio-test-kit.ts';
import { connectAccount, MORE_KEYS, openAccessCore, startAccessStandIn, toolsOf } from './access-kit.ts';

/**
 * What resolves for an agent follows what changes at Composio, with the real SDK, the stand-in's
 * per-user MCP servers and the real gateway connected to them: a scope change and a newly
 * connected app reach a connected session as tools/list_changed (the same session, no reconnect);
 * a revoked or removed account withholds its binding until an account of the app is ACTIVE again.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-access-follow-');
const eventually = { timeout: 20_000 };

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

describe('access follows changes', () => {
  it('a scope change reaches the connected gateway as tools/list_changed, on the same session', async () => {
    const { core } = await openAccessCore(tempDir(), standIn, { key: MORE_KEYS.gamma });
    try {
      await connectAccount(core, standIn, 'gmail', 'user-g');
      const [binding] = (await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-g', apps: [{ app: 'gmail', scope: 'read' }] })).bindings;
      const serverId = binding?.serverId ?? '';
      const gmail = toolsOf(standIn, 'gmail');
      expect((await ok(core, 'mcp.tools.list', { agent: 'scout' })).tools.map((tool) => tool.name).sort()).toEqual([...gmail.read].sort());
      expect(standIn.mcp.sessionCount(binding?.composioServerId ?? '')).toBe(1);

      const listChanged = nextEvent(core, 'mcp.toolsChanged', (change) => change.serverId === serverId && change.toolCount === gmail.read.length + gmail.other.length);
      await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-g', apps: [{ app: 'gmail', scope: 'full' }] });
      await listChanged;
      expect(standIn.mcp.sessionCount(binding?.composioServerId ?? '')).toBe(1);
      const names = (await ok(core, 'mcp.tools.list', { agent: 'scout' })).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(gmail.other));
    } finally {
      await core.close();
    }
  });

  it('a revoked or removed account withholds its binding (no tools, and no default connector in its place) until one is ACTIVE again', async () => {
    const { core, scout } = await openAccessCore(tempDir(), standIn, { key: MORE_KEYS.delta, flag: 'true' });
    try {
      const gmailAccount = await connectAccount(core, standIn, 'gmail', 'user-h');
      const githubAccount = await connectAccount(core, standIn, 'github', 'user-h');
      await connectAccount(core, standIn, 'slack', 'user-i');
      await ok(core, 'composio.default.set', { user: 'user-i' });
      await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-h', apps: [{ app: 'gmail', scope: 'read' }, { app: 'github', scope: 'full' }] });
      const gmail = toolsOf(standIn, 'gmail');

      const revoked = nextEvent(core, 'access.changed', (change) => change.agentId === scout.id);
      await ok(core, 'composio.accounts.revoke', { account: gmailAccount });
      await revoked;
      expect((await ok(core, 'composio.bindings.list', { agent: 'scout' })).map((b) => [b.app, b.accountActive])).toEqual([
        ['github', true],
        ['gmail', false],
      ]);
      const resolved = await ok(core, 'agents.resolve', { agent: 'scout' });
      expect(resolved.servers.map((server) => [server.displayName, server.reason])).toEqual([['Composio: github · Full', 'binding']]);
      expect(resolved.withheld.map((held) => [held.app, held.userId])).toEqual([['gmail', 'user-h']]);
      expect(JSON.stringify(resolved)).not.toContain('user-i');
      const names = (await ok(core, 'mcp.tools.list', { agent: 'scout' })).tools.map((tool) => tool.name);
      for (const slug of gmail.read) expect(names).not.toContain(slug);
      expect(names).toEqual(expect.arrayContaining(toolsOf(standIn, 'github').other));
      expect((await ok(core, 'agents.promptBlock', { agent: 'scout' })).text).not.toContain('gmail');

      // Saving the whole set again (as the editor does) keeps the withheld binding as it is; changing its scope needs an ACTIVE account.
      const kept = await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-h', apps: [{ app: 'gmail', scope: 'read' }, { app: 'github', scope: 'full' }], replace: true });
      expect(kept.preview.apps.map((app) => [app.app, app.change])).toEqual([['gmail', 'unchanged'], ['github', 'unchanged']]);
      expect(kept.bindings.map((b) => [b.app, b.scope, b.accountActive])).toEqual([['github', 'full', true], ['gmail', 'read', false]]);
      expect((await refused(core, 'composio.bindings.set', { agent: 'scout', user: 'user-h', apps: [{ app: 'gmail', scope: 'full' }, { app: 'github', scope: 'full' }] })).code).toBe('composio_app_not_connected');
      expect((await ok(core, 'composio.bindings.list', { agent: 'scout' })).find((b) => b.app === 'gmail')?.scope).toBe('read');

      const enabled = nextEvent(core, 'access.changed', (change) => change.agentId === scout.id);
      await ok(core, 'composio.accounts.enable', { account: gmailAccount });
      await enabled;
      expect((await ok(core, 'agents.resolve', { agent: 'scout' })).servers.map((server) => server.displayName)).toEqual(['Composio: github · Full', 'Composio: gmail · Read']);

      const removed = nextEvent(core, 'access.changed', (change) => change.agentId === scout.id);
      await ok(core, 'composio.accounts.remove', { account: githubAccount });
      await removed;
      expect((await ok(core, 'agents.resolve', { agent: 'scout' })).withheld.map((held) => held.app)).toEqual(['github']);
      const reconnected = nextEvent(core, 'access.changed', (change) => change.agentId === scout.id);
      await connectAccount(core, standIn, 'github', 'user-h');
      await reconnected;
      const back = await ok(core, 'agents.resolve', { agent: 'scout' });
      expect(back.withheld).toEqual([]);
      expect(back.servers.map((server) => server.displayName)).toEqual(['Composio: github · Full', 'Composio: gmail · Read']);
    } finally {
      await core.close();
    }
  });

  it('an account revoked elsewhere (at Composio, not through this console) withholds its binding once an inventory reading sees it', async () => {
    const { core, scout } = await openAccessCore(tempDir(), standIn, { key: MORE_KEYS.gamma });
    try {
      const accountId = await connectAccount(core, standIn, 'linear', 'user-k');
      await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-k', apps: [{ app: 'linear', scope: 'full' }] });
      const account = standIn.project('gamma').accounts.get(accountId);
      if (!account) throw new Error('the stand-in lost the account');
      Object.assign(account, { status: 'INACTIVE', disabled: true });
      expect((await ok(core, 'agents.resolve', { agent: 'scout' })).servers).toHaveLength(1);

      const withheld = nextEvent(core, 'access.changed', (change) => change.agentId === scout.id);
      expect((await ok(core, 'composio.inventory', {})).source).toBe('live');
      await withheld;
      const resolved = await ok(core, 'agents.resolve', { agent: 'scout' });
      expect(resolved.servers).toEqual([]);
      expect(resolved.withheld.map((held) => held.app)).toEqual(['linear']);
    } finally {
      await core.close();
    }
  });

  it('the default connector follows its user: another app connected joins it (list_changed on the same session), enable again changes nothing, none left gives nothing', async () => {
    const { core } = await openAccessCore(tempDir(), standIn, { key: MORE_KEYS.epsilon, flag: '1' });
    try {
      const gmailAccount = await connectAccount(core, standIn, 'gmail', 'user-j');
      const enabled = await ok(core, 'composio.default.enable', {});
      expect(enabled).toMatchObject({ active: true, userId: 'user-j', apps: ['gmail'] });
      const gmail = toolsOf(standIn, 'gmail');
      const github = toolsOf(standIn, 'github');
      expect((await ok(core, 'mcp.tools.list', { agent: 'sorter' })).tools).toHaveLength(gmail.read.length + gmail.other.length);

      const all = gmail.read.length + gmail.other.length + github.read.length + github.other.length;
      const listChanged = nextEvent(core, 'mcp.toolsChanged', (change) => change.serverId === enabled.serverId && change.toolCount === all);
      const githubAccount = await connectAccount(core, standIn, 'github', 'user-j');
      await listChanged;
      expect(standIn.mcp.sessionCount(enabled.composioServerId ?? '')).toBe(1);
      const followed = await ok(core, 'composio.default.get', {});
      expect(followed).toMatchObject({ apps: ['github', 'gmail'], serverId: enabled.serverId, composioServerId: enabled.composioServerId, toolCount: all });
      expect((await ok(core, 'agents.promptBlock', { agent: 'sorter' })).text).toContain('- Composio: github, gmail · Full');

      const again = await ok(core, 'composio.default.enable', {});
      expect(again).toEqual(followed);

      await ok(core, 'composio.accounts.revoke', { account: gmailAccount });
      await expect.poll(async () => (await ok(core, 'composio.default.get', {})).apps, eventually).toEqual(['github']);
      await ok(core, 'composio.accounts.remove', { account: githubAccount });
      await expect.poll(async () => (await ok(core, 'composio.default.get', {})).apps, eventually).toEqual([]);
      const none = await ok(core, 'composio.default.get', {});
      expect(none).toMatchObject({ active: false, userId: 'user-j', serverId: enabled.serverId });
      expect(none.hint).toContain('no ACTIVE connected account');
      expect((await ok(core, 'agents.resolve', { agent: 'sorter' })).servers).toEqual([]);
      expect((await ok(core, 'agents.promptBlock', { agent: 'sorter' })).text).toBeNull();

      await ok(core, 'composio.accounts.enable', { account: gmailAccount });
      await expect.poll(async () => (await ok(core, 'composio.default.get', {})).active, eventually).toBe(true);
      expect((await ok(core, 'agents.resolve', { agent: 'sorter' })).servers.map((server) => server.displayName)).toEqual(['Composio: gmail · Full']);
    } finally {
      await core.close();
    }
  });
});
