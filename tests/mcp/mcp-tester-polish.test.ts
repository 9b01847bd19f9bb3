/**
 * What the tool tester hands to other doors: the command it copies runs as pasted, from any
 * directory, on exactly the server the call went to; and every door's calls get ids of one form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { CALL_ID_PATTERN } from '../../main/mcp/call-id.ts';
import { newCallId } from '../../main/rpc/call-id.ts';
import { cliCallCommand, serverReference } from '../../renderer/src/features/tool-tester/cli-command.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship, runInShell } from '../helpers/cli.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-tester-polish-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(home: string): Core {
  const core = openTestCore(home);
  cores.push(core);
  return core;
}

describe('the copied command', () => {
  it('runs as pasted from another directory on the crew server named like a workspace one', { timeout: 60_000 }, async () => {
    const home = tempDir();
    const core = open(home);
    const { command, args } = fixtureStdio('minimal-server.mjs');
    const crew = core.crews.create({ name: 'Night Ops' }, 'cli');
    addServer(core, 'mini', { type: 'stdio', command, args, env: {}, cwd: null });
    const crewServer = addServer(core, 'mini', { type: 'stdio', command, args, env: {}, cwd: null }, { scope: { kind: 'crew', crew: crew.slug } });

    const info = await callOk(core, 'system.info', {});
    // The test's data directory is not where the CLI looks unnamed, and the CLI is not on this PATH.
    expect(info.cli.dataDirOverride).toBe(home);
    expect(info.cli.program).toMatch(/\/bin\/crewship\.js$/);
    const servers = await callOk(core, 'mcp.servers.list', {});
    const target = { program: info.cli.program, dataDirOverride: info.cli.dataDirOverride, workspace: undefined };
    const copied = cliCallCommand(target, { reference: serverReference(crewServer, servers) }, 'echo', { message: 'from a terminal' });

    const elsewhere = tempDir();
    const ran = await runInShell(`${copied} --json`, elsewhere);
    expect(ran.stderr).not.toContain('mcp_server_ambiguous');
    expect(ran.code).toBe(0);
    const record = JSON.parse(ran.stdout) as { serverId: string; status: string; actor: string; callId: string };
    expect(record).toMatchObject({ serverId: crewServer.id, status: 'succeeded', actor: 'cli' });
    expect(record.callId).toMatch(CALL_ID_PATTERN);

    // What it replaces: the name alone is ambiguous between the two servers.
    const byName = await runInShell(cliCallCommand(target, { reference: 'mini' }, 'echo', { message: 'x' }), elsewhere);
    expect(byName.code).toBe(1);
    expect(byName.stdout + byName.stderr).toContain('mcp_server_ambiguous');
  });
});

describe('call ids', () => {
  it('are of one form whichever door starts the call, and a door cannot bring another form', { timeout: 60_000 }, async () => {
    const home = tempDir();
    const core = open(home);
    const { command, args } = fixtureStdio('minimal-server.mjs');
    addServer(core, 'mini', { type: 'stdio', command, args, env: {}, cwd: null });

    const fromCore = await callOk(core, 'mcp.tools.call', { server: 'mini', tool: 'echo', arguments: { message: 'a' } });
    const chosen = newCallId();
    const fromWindow = await callOk(core, 'mcp.tools.call', { server: 'mini', tool: 'echo', arguments: { message: 'b' }, callId: chosen });
    const fromCli = await runCrewship(home, ['mcp', 'call', 'mini', 'echo', '--args', '{"message":"c"}', '--json']);
    expect(fromCli.code).toBe(0);
    const ids = [fromCore.callId, fromWindow.callId, (JSON.parse(fromCli.stdout) as { callId: string }).callId];
    expect(fromWindow.callId).toBe(chosen);
    for (const id of ids) expect(id).toMatch(CALL_ID_PATTERN);

    const refused = await callRefused(core, 'mcp.tools.call', { server: 'mini', tool: 'echo', arguments: {}, callId: crypto.randomUUID() });
    expect(refused).toMatchObject({ code: 'invalid_input' });
    expect(refused.message).toContain('call_');
  });
});
