/**
 * Sampling is offered by `crewship serve` (as by the app): the real serve process, the real
 * server-everything over stdio; a call whose server asks for sampling waits on the operator desk,
 * is answered through the HTTP door, and the server gets the reply written there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { McpCallRecord } from '../../main/mcp/types.ts';
import type { McpSamplingRequest } from '../../main/mcp/sampling-types.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-serve-sampling-');
let serve: ServeChild | undefined;

afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

async function rpc<T>(method: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }> {
  const response = await fetch(`${serve?.url}/rpc/${method}`, { method: 'POST', headers: serve?.headers, body: JSON.stringify(input) });
  return (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string } };
}

describe('sampling in crewship serve', () => {
  it('lists the server’s sampling request while its call waits, and the reply answered over HTTP reaches the server', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'everything', everythingStdio());
    await core.close();
    serve = await startServe(home);

    const call = rpc<McpCallRecord>('mcp.tools.call', { server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'Name a bird' } });
    let waiting: McpSamplingRequest[] = [];
    await expect
      .poll(
        async () => {
          const listed = await rpc<McpSamplingRequest[]>('mcp.sampling.list', {});
          waiting = listed.ok ? listed.value : [];
          return waiting.length;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(1);
    expect(waiting[0]).toMatchObject({ serverName: 'everything', messages: [{ role: 'user', content: [{ type: 'text', text: 'Resource trigger-sampling-request context: Name a bird' }] }] });

    expect(await rpc('mcp.sampling.answer', { id: waiting[0]?.id, action: 'accept', reply: { text: 'A kestrel.', model: 'operator-1', stopReason: 'endTurn' } })).toEqual({ ok: true, value: { outcome: 'accept' } });
    const answered = await call;
    expect(answered.ok).toBe(true);
    const record = answered.ok ? answered.value : null;
    expect(record?.status).toBe('succeeded');
    expect(record?.result?.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n')).toContain('"text": "A kestrel."');
  }, 90_000);
});
