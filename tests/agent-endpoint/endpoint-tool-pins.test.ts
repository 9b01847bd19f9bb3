/**
 * The agents' MCP endpoint with a server whose tools changed since they were pinned and which is
 * set to hold changes: the agent's real SDK client lists only the tools as accepted, is told
 * (tools/list_changed) when the operator accepts, and then lists the changed and added ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { callOk } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAgent, openEndpointRig, until, type EndpointRig } from './endpoint-kit.ts';

const tempDir = useTempDirs('crewship-endpoint-pins-');
const rigs: EndpointRig[] = [];

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
});

describe('the agent endpoint and pinned tool definitions', () => {
  it('holds changed tools back from the agent until the operator accepts them', async () => {
    const rig = await openEndpointRig(tempDir());
    rigs.push(rig);
    const { core, scout } = rig;
    const releaseFile = join(tempDir(), 'release');
    writeFileSync(releaseFile, '1');
    addServer(core, 'shifting', fixtureStdio('shifting-tools-server.mjs', {}, releaseFile));
    await callOk(core, 'mcp.tools.list', { server: 'shifting' });
    await callOk(core, 'mcp.tools.setHold', { server: 'shifting', hold: true });
    writeFileSync(releaseFile, '2');
    await callOk(core, 'mcp.servers.reconnect', { server: 'shifting' });

    const { token } = await callOk(core, 'agents.tokens.create', { agent: scout.slug, label: 'pins' }, 'cli');
    const client = await connectAgent(rig.urlOf(scout), token);
    let announced = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void (announced += 1));
    const listed = async () => (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(await listed()).toEqual(['shifting__read-notes']);
    await expect(client.callTool({ name: 'shifting__wipe-notes', arguments: {} })).rejects.toThrow(/No tool named shifting__wipe-notes resolves for this agent/);

    await callOk(core, 'mcp.tools.accept', { server: 'shifting' });
    await until(() => announced > 0, 'tools/list_changed after the accept');
    expect(await listed()).toEqual(['shifting__read-notes', 'shifting__send-report', 'shifting__wipe-notes']);
    const ran = await client.callTool({ name: 'shifting__wipe-notes', arguments: {} });
    expect(ran).toMatchObject({ isError: false, content: [{ type: 'text', text: 'wipe-notes ran (release 2)' }] });
    await client.close();
  });
});
