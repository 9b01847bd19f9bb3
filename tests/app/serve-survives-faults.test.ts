import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/store/data-dir.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-fail-safe-');
let serve: ServeChild | undefined;

afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

async function until(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe('background work in crewship serve', () => {
  it('survives a call history write that fails (the database locked by another process past its busy timeout), logs it, and loses no call', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'minimal', fixtureStdio('minimal-server.mjs'));
    await core.close();
    serve = await startServe(home);
    const post = async (path: string, body: unknown) =>
      (await (await fetch(`${serve?.url}${path}`, { method: 'POST', headers: serve?.headers, body: JSON.stringify(body) })).json()) as { ok: boolean; value: unknown };
    expect(await post('/rpc/mcp.servers.connect', { server: 'minimal' })).toMatchObject({ ok: true });

    const locker = new Database(join(home, DATABASE_FILE));
    try {
      locker.prepare('BEGIN IMMEDIATE').run();
      // The answer never waits for the disk; the history is written a moment later, in a timer.
      expect(await post('/mcp/call', { server: 'minimal', tool: 'echo', arguments: { message: 'while locked' } })).toMatchObject({ ok: true, value: { status: 'succeeded' } });
      // SQLite gives up after the store's busy timeout (5 s): the timer's write throws.
      const logged = () => serve?.output().stderr.includes('internal error in mcp call history') ?? false;
      await until(() => logged() || !serve?.running(), 15_000);
      expect(serve.running(), serve.output().stderr).toBe(true);
      expect(logged()).toBe(true);
      expect(serve.output().stderr).toContain('database is locked');
    } finally {
      locker.prepare('ROLLBACK').run();
      locker.close();
    }
    expect(serve.running()).toBe(true);
    // Nothing is lost: the call waited for the next write, which a read makes.
    const history = await post('/rpc/mcp.calls.list', { server: 'minimal' });
    expect(history).toMatchObject({ ok: true, value: [{ tool: 'echo', status: 'succeeded' }] });
    expect(await post('/mcp/call', { server: 'minimal', tool: 'echo', arguments: { message: 'after' } })).toMatchObject({ ok: true, value: { status: 'succeeded' } });
  }, 60_000);
});
