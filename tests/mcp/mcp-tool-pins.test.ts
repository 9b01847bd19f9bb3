/**
 * Tool definitions pinned, with a test server whose tools change between two starts: the first
 * listing pins them, the second shows as a readable diff, and a server set to hold changes keeps
 * the changed and added tools out of an agent's view (the tester's agent view and the agents' MCP
 * endpoint both read `mcp.tools.list` by agent) until the operator accepts them. Also the CLI.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship } from '../helpers/cli.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-tool-pins-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

/** A core with the shifting server at release 1 and an agent it resolves for. */
function setUp(home = tempDir()) {
  const releaseFile = join(tempDir(), 'release');
  writeFileSync(releaseFile, '1');
  const core = openTestCore(home);
  cores.push(core);
  addServer(core, 'shifting', fixtureStdio('shifting-tools-server.mjs', {}, releaseFile));
  const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
  const agent = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
  return { core, agent: agent.id, release: (release: string) => writeFileSync(releaseFile, release) };
}

const names = (list: { tools: Array<{ name: string }> }) => list.tools.map((tool) => tool.name).sort();

describe('pinned tool definitions', () => {
  it('pins the first listing, shows what a later start changed, holds it back from agents until accepted', async () => {
    const { core, agent, release } = setUp();
    const first = await callOk(core, 'mcp.tools.diff', { server: 'shifting' });
    expect(first.pinnedAt).not.toBeNull();
    expect(first.changes).toEqual([]);
    expect((await callOk(core, 'mcp.tools.setHold', { server: 'shifting', hold: true })).holdChanged).toBe(true);

    release('2');
    await callOk(core, 'mcp.servers.reconnect', { server: 'shifting' });
    const diff = await callOk(core, 'mcp.tools.diff', { server: 'shifting' });
    expect(diff.changes.map((change) => [change.name, change.change])).toEqual([
      ['send-report', 'changed'],
      ['wipe-notes', 'added'],
    ]);
    const sendReport = diff.changes[0];
    expect(sendReport?.fields.map((field) => field.field)).toEqual(['description', 'inputSchema']);
    expect(sendReport?.fields[0]).toEqual({ field: 'description', before: 'Sends the report to its owner', after: 'Sends the report to its owner and forwards a copy to audit@example.com' });
    expect(sendReport?.fields[1]?.after).toContain('"cc"');
    expect(sendReport?.fields[1]?.before).not.toContain('"cc"');

    const shifting = core.mcp.servers.get('shifting').id;
    expect(await callOk(core, 'mcp.tools.changedServers', {})).toEqual([shifting]);

    // The operator's own view is every tool; the agent's leaves out what changed.
    expect(names(await callOk(core, 'mcp.tools.list', { server: 'shifting' }))).toEqual(['read-notes', 'send-report', 'wipe-notes']);
    expect(names(await callOk(core, 'mcp.tools.list', { agent }))).toEqual(['read-notes']);

    // A call made for the agent to a held tool is refused too; the operator's own call runs.
    const held = await callRefused(core, 'mcp.tools.call', { server: 'shifting', tool: 'wipe-notes', arguments: {}, agent });
    expect(held.code).toBe('mcp_tool_held');
    expect(held.hint).toContain('crewship mcp tools diff shifting');
    expect((await callOk(core, 'mcp.tools.call', { server: 'shifting', tool: 'wipe-notes', arguments: {} })).status).toBe('succeeded');

    const accepted = await callOk(core, 'mcp.tools.accept', { server: 'shifting' });
    expect(accepted.changes).toEqual([]);
    expect(accepted.acceptedAt).not.toBeNull();
    expect(await callOk(core, 'mcp.tools.changedServers', {})).toEqual([]);
    expect(names(await callOk(core, 'mcp.tools.list', { agent }))).toEqual(['read-notes', 'send-report', 'wipe-notes']);
    expect((await callOk(core, 'mcp.tools.call', { server: 'shifting', tool: 'wipe-notes', arguments: {}, agent })).status).toBe('succeeded');
    expect(core.audit.recent(10).map((entry) => entry.action)).toEqual(expect.arrayContaining(['mcp.tools.accept', 'mcp.tools.hold']));
  });

  it('shows a change to agents when the server does not hold changes, and still reports the diff', async () => {
    const { core, agent, release } = setUp();
    await callOk(core, 'mcp.tools.list', { server: 'shifting' });
    release('2');
    await callOk(core, 'mcp.servers.reconnect', { server: 'shifting' });
    expect(names(await callOk(core, 'mcp.tools.list', { agent }))).toEqual(['read-notes', 'send-report', 'wipe-notes']);
    expect((await callOk(core, 'mcp.tools.diff', { server: 'shifting' })).changes).toHaveLength(2);
  });

  it('reports a removed tool, and forgets it once accepted', async () => {
    const { core, release } = setUp();
    release('2');
    await callOk(core, 'mcp.tools.list', { server: 'shifting' });
    release('1');
    await callOk(core, 'mcp.servers.reconnect', { server: 'shifting' });
    const diff = await callOk(core, 'mcp.tools.diff', { server: 'shifting' });
    expect(diff.changes.map((change) => [change.name, change.change])).toEqual([
      ['send-report', 'changed'],
      ['wipe-notes', 'removed'],
    ]);
    await callOk(core, 'mcp.tools.accept', { server: 'shifting' });
    expect((await callOk(core, 'mcp.tools.diff', { server: 'shifting' })).changes).toEqual([]);
  });

  it('crewship mcp tools diff | hold | accept', async () => {
    const home = tempDir();
    const { core, release } = setUp(home);
    await callOk(core, 'mcp.tools.list', { server: 'shifting' });
    await core.close();
    cores.splice(0);
    release('2');

    const hold = await runCrewship(home, ['mcp', 'tools', 'hold', 'shifting']);
    expect(hold.code).toBe(0);
    const diff = await runCrewship(home, ['mcp', 'tools', 'diff', 'shifting']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('shifting: tools changed (2); agents are not shown changed tools until they are accepted.');
    expect(diff.stdout).toContain('~ send-report (changed)');
    expect(diff.stdout).toContain('      - Sends the report to its owner\n      + Sends the report to its owner and forwards a copy to audit@example.com');
    expect(diff.stdout).toContain('+ wipe-notes (added)');

    const accept = await runCrewship(home, ['mcp', 'tools', 'accept', 'shifting', '--json']);
    expect(accept.code).toBe(0);
    expect(JSON.parse(accept.stdout)).toMatchObject({ serverName: 'shifting', holdChanged: true, changes: [] });
    const again = await runCrewship(home, ['mcp', 'tools', 'diff', 'shifting']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('shifting: tools as accepted');
    const listed = await runCrewship(home, ['mcp', 'tools', 'shifting']);
    expect(listed.stdout).toContain('wipe-notes');
    const wrong = await runCrewship(home, ['mcp', 'tools', 'approve', 'shifting']);
    expect(wrong.code).toBe(2);
  });
});
