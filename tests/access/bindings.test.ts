import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { STAND_IN_KEYS } from '../fixtures/composio/stand-in.ts';
import { callContract } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { ok, refused } from '../composio/composio-test-kit.ts';
import { connectAccount, openAccessCore, startAccessStandIn, toolsOf } from './access-kit.ts';

/**
 * Bindings through the router, the real SDK against the stand-in, and the real gateway connected
 * to the stand-in's per-user MCP servers: scopes, isolation between users, list_changed.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-access-');

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

describe('a binding', () => {
  it('gives the agent one scoped server per app: read lacks the non-read tools (calling one fails), full has all; results act for its user only', async () => {
    const { core, scout, sorter } = await openAccessCore(tempDir(), standIn);
    try {
      const gmailA = await connectAccount(core, standIn, 'gmail', 'user-a');
      await connectAccount(core, standIn, 'github', 'user-a');
      const gmailB = await connectAccount(core, standIn, 'gmail', 'user-b');

      const preview = await ok(core, 'composio.bindings.preview', { agent: 'scout', user: 'user-a', apps: [{ app: 'gmail', scope: 'read' }, { app: 'github', scope: 'full' }] });
      expect(preview.allowed).toBe(true);
      const gmail = toolsOf(standIn, 'gmail');
      expect(preview.apps.find((app) => app.app === 'gmail')?.tools.map((tool) => tool.slug).sort()).toEqual([...gmail.read].sort());
      expect(preview.apps.map((app) => app.change)).toEqual(['add', 'add']);

      const set = await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-a', apps: [{ app: 'gmail', scope: 'read' }, { app: 'github', scope: 'full' }] });
      expect(set.bindings.map((binding) => [binding.app, binding.scope, binding.userId])).toEqual([
        ['github', 'full', 'user-a'],
        ['gmail', 'read', 'user-a'],
      ]);
      await ok(core, 'composio.bindings.set', { agent: 'sorter', user: 'user-b', apps: [{ app: 'gmail', scope: 'full' }] });

      const resolved = await ok(core, 'agents.resolve', { agent: 'scout' });
      expect(resolved.servers.map((server) => [server.displayName, server.kind, server.access, server.reason])).toEqual([
        ['Composio: github · Full', 'composio', 'full', 'binding'],
        ['Composio: gmail · Read', 'composio', 'read', 'binding'],
      ]);

      const tools = await ok(core, 'mcp.tools.list', { agent: 'scout' });
      expect(tools.unavailable).toEqual([]);
      const names = tools.tools.map((tool) => tool.name);
      for (const slug of gmail.read) expect(names).toContain(slug);
      for (const slug of gmail.other) expect(names).not.toContain(slug);
      for (const slug of toolsOf(standIn, 'github').other) expect(names).toContain(slug);

      const gmailServer = resolved.servers.find((server) => server.app === 'gmail')?.serverId ?? '';
      const readCall = await ok(core, 'mcp.tools.call', { server: gmailServer, tool: gmail.read[0] ?? '', arguments: { id: 'm1' }, agent: 'scout' });
      expect(readCall.status).toBe('succeeded');
      const said = JSON.stringify(readCall.result);
      expect(said).toContain(gmailA);
      expect(said).toContain('user-a');
      expect(said).not.toContain(gmailB);
      expect(said).not.toContain('user-b');

      const writeCall = await callContract(core, 'mcp.tools.call', { server: gmailServer, tool: gmail.other[0] ?? '', arguments: {} });
      expect(writeCall.ok ? writeCall.value.status : writeCall.error.code).not.toBe('succeeded');
      expect(JSON.stringify(writeCall)).toContain('not available on this MCP server');

      // The other agent's server acts for user-b, and is none of scout's.
      const sorterResolved = await ok(core, 'agents.resolve', { agent: sorter.id });
      expect(sorterResolved.servers.map((server) => server.userId)).toEqual(['user-b']);
      expect(resolved.servers.map((server) => server.serverId)).not.toContain(sorterResolved.servers[0]?.serverId);
      expect(scout.id).not.toBe(sorter.id);
    } finally {
      await core.close();
    }
  });

  it('refuses another user without replace, an app with no ACTIVE account, and a hand edit of its server', async () => {
    const { core } = await openAccessCore(tempDir(), standIn, { key: STAND_IN_KEYS.beta });
    try {
      await connectAccount(core, standIn, 'gmail', 'user-c');
      await connectAccount(core, standIn, 'gmail', 'user-d');
      const notConnected = await refused(core, 'composio.bindings.set', { agent: 'scout', user: 'user-c', apps: [{ app: 'github', scope: 'read' }] });
      expect(notConnected.code).toBe('composio_app_not_connected');
      expect(notConnected.hint).toContain('connect github --user user-c');
      expect(await ok(core, 'composio.bindings.list', { agent: 'scout' })).toEqual([]);

      const [binding] = (await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-c', apps: [{ app: 'gmail', scope: 'full' }] })).bindings;
      const other = await refused(core, 'composio.bindings.set', { agent: 'scout', user: 'user-d', apps: [{ app: 'gmail', scope: 'full' }] });
      expect(other.code).toBe('composio_binding_other_user');
      const replaced = await ok(core, 'composio.bindings.set', { agent: 'scout', user: 'user-d', apps: [{ app: 'gmail', scope: 'read' }], replace: true });
      expect(replaced.bindings.map((b) => b.userId)).toEqual(['user-d']);
      expect(replaced.preview.apps.map((app) => app.change).sort()).toEqual(['add', 'remove']);
      expect(standIn.mcp.servers.has(binding?.composioServerId ?? '')).toBe(false);

      const serverId = replaced.bindings[0]?.serverId ?? '';
      expect((await refused(core, 'mcp.servers.delete', { server: serverId })).code).toBe('mcp_server_managed');
      expect((await refused(core, 'mcp.servers.update', { server: serverId, enabled: false })).code).toBe('mcp_server_managed');

      expect(await ok(core, 'composio.bindings.remove', { agent: 'scout', app: 'gmail' })).toEqual({ removed: ['gmail'] });
      expect((await ok(core, 'agents.resolve', { agent: 'scout' })).servers).toEqual([]);
      expect(core.mcp.servers.findById(serverId)).toBeUndefined();
    } finally {
      await core.close();
    }
  });
});
