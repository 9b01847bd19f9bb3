/**
 * Roots: the directories the operator grants a server, stored per server, answered to `roots/list`
 * and announced with `roots/list_changed` — against the real @modelcontextprotocol/server-filesystem,
 * started without directories so that it serves exactly the roots it is given; and server-everything
 * over stdio and streamable-http, whose get-roots-list tool reports what it received.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer, everythingTransports, nextEvent } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const filesystemEntry = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));

const tempDir = useTempDirs('crewship-mcp-roots-');
const cores: Core[] = [];
// Before the afterEach below, so that the cores close before the HTTP servers do.
const transports = everythingTransports();

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function open(): Core {
  const core = openTestCore(tempDir());
  cores.push(core);
  return core;
}

const text = (record: { result: { content: Array<{ type: string; text?: string }> } | null }) => (record.result?.content ?? []).map((block) => block.text ?? '').join('\n');

/** Waits until the server lists exactly these directories (it re-reads its roots after roots/list_changed). */
async function allowedDirectories(core: Core, expected: string[]): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        last = text(await callOk(core, 'mcp.tools.call', { server: 'files', tool: 'list_allowed_directories', arguments: {} }));
        return last.split('\n').slice(1).sort();
      },
      { timeout: 20_000, interval: 200 },
    )
    .toEqual([...expected].sort());
  return last;
}

describe('MCP roots', () => {
  it('grants server-filesystem the operator’s directories, and it follows when they change', async () => {
    const core = open();
    const [first, second] = ['alpha', 'beta'].map((name) => {
      const dir = join(tempDir(), name);
      mkdirSync(dir);
      return realpathSync(dir);
    }) as [string, string];
    addServer(core, 'files', { type: 'stdio', command: process.execPath, args: [filesystemEntry], env: {}, cwd: null });
    const stored = await callOk(core, 'mcp.roots.set', { server: 'files', roots: [{ path: first, name: 'Alpha' }, { path: first }] });
    expect(stored).toEqual([{ uri: `file://${first}`, name: 'Alpha', path: first }]);

    await callOk(core, 'mcp.servers.connect', { server: 'files' });
    await allowedDirectories(core, [first]);

    const changed = nextEvent(core, 'mcp.rootsChanged');
    await callOk(core, 'mcp.roots.set', { server: 'files', roots: [{ path: `file://${second}` }, { path: first }] });
    expect((await changed).roots.map((root) => root.path)).toEqual([second, first]);
    await allowedDirectories(core, [first, second]);
    expect(await callOk(core, 'mcp.roots.list', { server: 'files' })).toMatchObject([{ path: second, name: null }, { path: first }]);

    // Kept in the store: a new core reads them back.
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const again = openTestCore(core.dataDir);
    cores.push(again);
    expect((await callOk(again, 'mcp.roots.list', { server: 'files' })).map((root) => root.path)).toEqual([second, first]);
  });

  it('refuses a root that is not an absolute path or a file:// URI', async () => {
    const core = open();
    addServer(core, 'everything', everythingStdio());
    expect(await callRefused(core, 'mcp.roots.set', { server: 'everything', roots: [{ path: 'relative/dir' }] })).toMatchObject({ code: 'mcp_root_invalid' });
    expect(await callOk(core, 'mcp.roots.list', { server: 'everything' })).toEqual([]);
  });

});

describe.each(transports)('server-everything’s roots over %s', (_name, transport) => {
  it('answers its roots/list with the granted roots, in every core (no one needs to be asked), and it asks again when they change', async () => {
    const core = open();
    addServer(core, 'everything', await transport());
    const [first, second] = ['one', 'two'].map((name) => {
      const dir = join(tempDir(), name);
      mkdirSync(dir);
      return realpathSync(dir);
    }) as [string, string];
    await callOk(core, 'mcp.roots.set', { server: 'everything', roots: [{ path: first, name: 'Workspace' }] });
    const record = await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'get-roots-list', arguments: {} });
    expect(record.status).toBe('succeeded');
    expect(text(record)).toContain(`URI: file://${first}`);
    expect(text(record)).toContain('Workspace');

    // Saving sends roots/list_changed to the connected server, which asks for the list again.
    await callOk(core, 'mcp.roots.set', { server: 'everything', roots: [{ path: second, name: 'Second' }] });
    await expect
      .poll(async () => text(await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'get-roots-list', arguments: {} })), { timeout: 20_000, interval: 200 })
      .toContain(`URI: file://${second}`);
    const after = text(await callOk(core, 'mcp.tools.call', { server: 'everything', tool: 'get-roots-list', arguments: {} }));
    expect(after).not.toContain(`file://${first}`);
    const { messages } = await callOk(core, 'mcp.protocol.read', { server: 'everything', limit: 2000 });
    const changedAt = messages.findIndex((message) => message.direction === 'out' && message.method === 'notifications/roots/list_changed');
    expect(changedAt).toBeGreaterThan(-1);
    expect(messages.slice(changedAt).some((message) => message.direction === 'in' && message.kind === 'request' && message.method === 'roots/list')).toBe(true);
  });
});
