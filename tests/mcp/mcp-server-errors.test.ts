/**
 * A server that answers a tool call with a JSON-RPC error has not crashed: the call fails with the
 * server's code and message, the connection stays ready, and the next call works.
 * The server is tests/fixtures/mcp/erroring-server.mjs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { kindOfCode } from '../../main/errors/codes.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-server-errors-');
let core: Core | undefined;

afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function connected(): Promise<Core> {
  core = openTestCore(tempDir());
  addServer(core, 'erroring', fixtureStdio('erroring-server.mjs'));
  const [status] = await core.mcp.gateway.connect({ server: 'erroring' });
  expect(status?.state).toBe('ready');
  return core;
}

describe('a JSON-RPC error a server answers a tool call with', () => {
  it.each([
    ['quota', 'mcp_server_error', 'failure', 'error -32000: Upstream quota exceeded', {}],
    ['strict', 'mcp_tool_invalid_arguments', 'bad_input', 'error -32602: Invalid arguments for strict: count must be a number', { count: 'three' }],
    ['nope', 'mcp_tool_not_found', 'not_found', 'error -32602: Unknown tool: nope', {}],
    ['legacy', 'mcp_tool_not_found', 'not_found', 'error -32601: Method not found: legacy was removed', {}],
  ])('%s: is %s (%s) with the server’s own words, and the connection stays ready for the next call', async (tool, code, kind, words, args) => {
    const core = await connected();
    const pid = core.mcp.gateway.status('erroring')[0]?.pid;

    const call = await core.mcp.gateway.call({ server: 'erroring', tool, arguments: args }, 'cli');
    expect(call.status).toBe('failed');
    expect(call.error?.code).toBe(code);
    expect(kindOfCode(call.error!.code)).toBe(kind);
    expect(call.error?.message).toBe(`MCP server "erroring" answered the call to ${tool} with ${words}`);
    expect(call.error?.hint.length).toBeGreaterThan(0);
    expect(core.mcp.gateway.getCall(call.callId).error).toEqual(call.error);

    expect(core.mcp.gateway.status('erroring')[0]).toMatchObject({ state: 'ready', error: null, pid });
    const next = await core.mcp.gateway.call({ server: 'erroring', tool: 'echo', arguments: { message: 'still here' } }, 'cli');
    expect(next).toMatchObject({ status: 'succeeded', result: { content: [{ type: 'text', text: 'Echo: still here' }] } });
    const lifecycle = core.mcp.gateway.readLog('erroring', undefined, 100).lines.filter((line) => line.source === 'lifecycle').map((line) => line.text);
    expect(lifecycle.some((text) => text.startsWith('failed'))).toBe(false);
  });
});
