import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectedCrews, ok } from './connection-fixtures.ts';

/**
 * Real concurrent processes on one data directory: each opens its own core (its own SQLite
 * connection, its own file handles) and they start at the same instant.
 */
const tempDir = useTempDirs('crewship-connections-concurrent-');
const worker = fileURLToPath(new URL('../fixtures/connection-worker.ts', import.meta.url));
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function startWorker(args: string[]) {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return exited;
}

async function setUp() {
  const dataDir = tempDir();
  const core = openTestCore(dataDir);
  cores.push(core);
  const { connection } = await connectedCrews(core);
  // Started together, a little after the processes have loaded.
  const startAt = String(Date.now() + 1500);
  return { dataDir, core, connection, startAt };
}

describe('two processes at once on one connection', () => {
  it('keep messages in order: every number once, each sender’s messages in the order it sent them', { timeout: 30_000 }, async () => {
    const { dataDir, core, connection, startAt } = await setUp();
    const perSender = 40;
    const runs = await Promise.all([
      startWorker([dataDir, 'send', connection.id, 'night-ops', String(perSender), startAt, 'night']),
      startWorker([dataDir, 'send', connection.id, 'day-desk', String(perSender), startAt, 'day']),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });

    const { messages } = await ok(core, 'connections.messages.list', { connection: connection.id, limit: 500 });
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 2 * perSender }, (_, i) => i + 1));
    for (const tag of ['night', 'day']) {
      const sent = messages.filter((message) => message.text.startsWith(`${tag}-`)).map((message) => message.text);
      expect(sent).toEqual(Array.from({ length: perSender }, (_, i) => `${tag}-${i}`));
    }
    expect((await ok(core, 'connections.get', { connection: connection.id })).messageCount).toBe(2 * perSender);
  });

  it('leave one whole version of a file they both write, never a mix, while it is read', { timeout: 30_000 }, async () => {
    const { dataDir, core, connection, startAt } = await setUp();
    const size = 256 * 1024;
    const running = Promise.all([
      startWorker([dataDir, 'write', connection.id, 'night-ops', '25', startAt, 'A', String(size)]),
      startWorker([dataDir, 'write', connection.id, 'day-desk', '25', startAt, 'B', String(size)]),
    ]);
    let done = false;
    void running.then(() => (done = true));
    const seen = new Set<string>();
    while (!done) {
      const envelope = await core.router.call('connections.files.read', { connection: connection.id, path: 'shared.bin' }, { actor: 'ui' });
      if (envelope.ok) {
        const bytes = Buffer.from((envelope.value as { content: string }).content, 'base64');
        const first = String.fromCharCode(bytes[0] ?? 0);
        expect(bytes.length).toBe(size);
        expect(bytes.every((byte) => byte === bytes[0])).toBe(true);
        seen.add(first);
      } else {
        expect(envelope.error.code).toBe('connection_file_not_found');
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const run of await running) expect(run, run.stderr).toMatchObject({ code: 0 });
    const final = await ok(core, 'connections.files.read', { connection: connection.id, path: 'shared.bin' });
    const bytes = Buffer.from(final.content, 'base64');
    expect(bytes.length).toBe(size);
    expect(['A', 'B']).toContain(String.fromCharCode(bytes[0] ?? 0));
    expect(bytes.every((byte) => byte === bytes[0])).toBe(true);
    expect([...seen].every((tag) => tag === 'A' || tag === 'B')).toBe(true);
    // No staging file is left behind.
    expect(readdirSync(join(dataDir, 'connections', connection.id))).toEqual(['shared.bin']);
  });
});
