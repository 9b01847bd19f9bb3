import { afterEach, describe, expect, it } from 'vitest';
import type { McpCallRecord } from '../../main/mcp/types.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-json-depth-');
let serve: ServeChild | undefined;

afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

/** `{"a":{"a":…1…}}` nested `levels` deep, written by hand: JSON.stringify itself cannot. */
function nestedText(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** A data directory with the hostile fixture and a well-behaved server beside it. */
async function homeWithServers(): Promise<string> {
  const home = tempDir();
  const core = openTestCore(home);
  addServer(core, 'hostile', fixtureStdio('hostile-server.mjs'));
  addServer(core, 'minimal', fixtureStdio('minimal-server.mjs'));
  await core.close();
  return home;
}

type Answer = { status: number; body: { ok: true; value: McpCallRecord } | { ok: false; error: { code: string; message: string; hint: string } } };

async function post(path: string, body: string): Promise<Answer> {
  const response = await fetch(`${serve?.url}${path}`, { method: 'POST', headers: serve?.headers, body });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function echo(message: string): Promise<Answer> {
  return post('/mcp/call', JSON.stringify({ server: 'minimal', tool: 'echo', arguments: { message } }));
}

/** Longer than the call history's write delay, so that a fault in its flush has happened. */
const afterHistoryFlush = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('JSON nested too deep', () => {
  it('is refused at the HTTP door (400 json_too_deep) and serve keeps answering', async () => {
    serve = await startServe(await homeWithServers());
    const deepCall = `{"server":"minimal","tool":"echo","arguments":${nestedText(5000)}}`;
    expect(deepCall.length).toBeLessThan(32 * 1024);
    for (const path of ['/mcp/call', '/rpc/mcp.tools.call']) {
      const refused = await post(path, deepCall);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ ok: false, error: { code: 'json_too_deep', message: expect.stringContaining('100 levels') as unknown, hint: expect.any(String) as unknown } });
    }
    // Just under the limit passes the door (the body is one level, arguments the rest).
    const shallowEnough = await post('/mcp/call', `{"server":"minimal","tool":"echo","arguments":${nestedText(99)}}`);
    expect(shallowEnough.body).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    await afterHistoryFlush();
    expect(serve.running()).toBe(true);
    expect(await echo('still here')).toMatchObject({ status: 200, body: { ok: true, value: { status: 'succeeded', result: { content: [{ text: 'Echo: still here' }] } } } });
  });

  it('turns a tool result nested 10,000 deep into a failed call; serve and the other servers keep working', async () => {
    serve = await startServe(await homeWithServers());
    const deep = await post('/mcp/call', JSON.stringify({ server: 'hostile', tool: 'deep', arguments: {} }));
    expect(deep.status).toBe(200);
    expect(deep.body).toMatchObject({ ok: true, value: { status: 'failed', result: null, error: { code: 'json_too_deep', message: expect.stringContaining('hostile') as unknown } } });
    await afterHistoryFlush();
    expect(serve.running(), serve.output().stderr).toBe(true);
    expect(await echo('after the deep result')).toMatchObject({ body: { ok: true, value: { status: 'succeeded' } } });
    const hostileEcho = await post('/mcp/call', JSON.stringify({ server: 'hostile', tool: 'echo', arguments: { message: 'same server' } }));
    expect(hostileEcho.body).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    // The failed call is kept in the history like any other.
    const history = await post('/rpc/mcp.calls.list', JSON.stringify({ server: 'hostile' }));
    expect(history.body).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ tool: 'deep', status: 'failed' })]) as unknown });
  });

  it('refuses deep --args in the CLI with exit 2 and no stack trace', async () => {
    const home = await homeWithServers();
    const run = await runCrewship(home, ['mcp', 'call', 'minimal', 'echo', '--args', nestedText(5000)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[json_too_deep]');
    expect(run.stderr).not.toMatch(/RangeError|\n\s+at /);
    const json = await runCrewship(home, ['mcp', 'call', 'minimal', 'echo', '--args', nestedText(5000), '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'json_too_deep' } });
  });
});
