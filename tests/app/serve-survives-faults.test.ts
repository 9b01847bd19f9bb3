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
  it('goes on answering while another process holds the write lock, and writes the call history once the lock goes', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'minimal', fixtureStdio('minimal-server.mjs'));
    await core.close();
    serve = await startServe(home);
    const post = async (path: string, body: unknown) =>
      (await (await fetch(`${serve?.url}${path}`, { method: 'POST', headers: serve?.headers, body: JSON.stringify(body) })).json()) as { ok: boolean; value: unknown };
    expect(await post('/rpc/mcp.servers.connect', { server: 'minimal' })).toMatchObject({ ok: true });

    const locker = new Database(join(home, DATABASE_FILE));
    const historyRows = () => (locker.prepare("SELECT COUNT(*) AS n FROM mcp_calls WHERE tool = 'echo'").get() as { n: number }).n;
    try {
      locker.prepare('BEGIN IMMEDIATE').run();
      // The answer never waits for the disk; the history is written a moment later, in a timer.
      expect(await post('/mcp/call', { server: 'minimal', tool: 'echo', arguments: { message: 'while locked' } })).toMatchObject({ ok: true, value: { status: 'succeeded' } });
      // Past the history's first write (50 ms) and several of its retries: a write that waited out
      // the lock with the store's 5 s busy timeout would hold serve's event loop all that while.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const started = Date.now();
      expect(await post('/rpc/system.info', {})).toMatchObject({ ok: true });
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(serve.running(), serve.output().stderr).toBe(true);
    } finally {
      locker.prepare('ROLLBACK').run();
    }
    try {
      // Nothing is lost: the kept batch is written by the timer's next try, with no read to force it.
      expect(await until(() => historyRows() === 1, 10_000)).toBe(true);
    } finally {
      locker.close();
    }
    expect(serve.output().stderr).not.toContain('internal error in mcp call history');
    expect(await post('/mcp/call', { server: 'minimal', tool: 'echo', arguments: { message: 'after' } })).toMatchObject({ ok: true, value: { status: 'succeeded' } });
  }, 60_000);
});
