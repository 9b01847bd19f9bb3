import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import type { McpCallRecord, McpServerStatus, McpToolList } from '../../main/mcp/types.ts';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-rest-');
let running: { core: Core; host: RunningHost } | undefined;

afterEach(async () => {
  await running?.host.close();
  await running?.core.close();
  running = undefined;
});

async function start() {
  const core = openTestCore(tempDir());
  addServer(core, 'everything', everythingStdio());
  addServer(core, 'ghost', { type: 'stdio', command: '/nonexistent/ghost-mcp', args: [], env: {}, cwd: null });
  addServer(core, 'off', fixtureStdio('minimal-server.mjs'), { enabled: false });
  const host = await startHost({ core });
  running = { core, host };
  return { core, host, headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' } };
}

async function json<T>(response: Response): Promise<{ status: number; body: { ok: true; value: T } | { ok: false; error: { code: string; message: string; hint: string } } }> {
  return { status: response.status, body: (await response.json()) as never };
}

describe('MCP REST paths on the local host', () => {
  it('GET /mcp/tools lists the tools of every enabled server, and says which could not answer', async () => {
    const { host, headers } = await start();
    const { status, body } = await json<McpToolList>(await fetch(`${host.url}/mcp/tools`, { headers }));
    expect(status).toBe(200);
    if (!body.ok) throw new Error(body.error.message);
    expect(body.value.tools.filter((tool) => tool.serverName === 'everything').map((tool) => tool.name)).toContain('get-sum');
    expect(body.value.tools[0]).toMatchObject({ serverId: expect.any(String), serverName: 'everything', inputSchema: { type: 'object' } });
    expect(body.value.unavailable).toEqual([{ serverId: expect.any(String), serverName: 'ghost', state: 'failed', error: expect.objectContaining({ code: 'mcp_command_not_found' }) }]);

    const one = await json<McpToolList>(await fetch(`${host.url}/mcp/tools?server=everything`, { headers }));
    expect(one.body.ok && one.body.value.unavailable).toEqual([]);
    const typo = await json(await fetch(`${host.url}/mcp/tools?servr=everything`, { headers }));
    expect(typo).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
  });

  it('POST /mcp/call calls a tool on a named server', async () => {
    const { host, headers } = await start();
    const call = await json<McpCallRecord>(
      await fetch(`${host.url}/mcp/call`, { method: 'POST', headers, body: JSON.stringify({ server: 'everything', tool: 'get-sum', arguments: { a: 1, b: 2 } }) }),
    );
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ ok: true, value: { status: 'succeeded', actor: 'http', result: { isError: false, content: [{ type: 'text', text: 'The sum of 1 and 2 is 3.' }] } } });

    const missing = await json(await fetch(`${host.url}/mcp/call`, { method: 'POST', headers, body: JSON.stringify({ server: 'nope', tool: 'x' }) }));
    expect(missing).toMatchObject({ status: 404, body: { ok: false, error: { code: 'mcp_server_not_found' } } });
    const bad = await json(await fetch(`${host.url}/mcp/call`, { method: 'POST', headers, body: JSON.stringify({ tool: 'x' }) }));
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
    expect((await fetch(`${host.url}/mcp/call`, { method: 'GET', headers })).status).toBe(404);
  });

  it('GET /mcp/status reports every server, and needs the token', async () => {
    const { host, headers } = await start();
    await fetch(`${host.url}/mcp/tools`, { headers });
    const { body } = await json<McpServerStatus[]>(await fetch(`${host.url}/mcp/status`, { headers }));
    if (!body.ok) throw new Error(body.error.message);
    expect(body.value.map((status) => [status.name, status.state])).toEqual([
      ['everything', 'ready'],
      ['ghost', 'failed'],
      ['off', 'disabled'],
    ]);
    expect((await fetch(`${host.url}/mcp/status`)).status).toBe(401);
    expect((await fetch(`${host.url}/mcp/tools`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
