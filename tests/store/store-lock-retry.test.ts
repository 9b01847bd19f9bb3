import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/errors/app-error.ts';
import { openStore, type Store } from '../../main/store/database.ts';
import { retryingWhenLocked } from '../../main/store/lock-retry.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-lock-retry-');
const lockHolder = fileURLToPath(new URL('../fixtures/store-lock-holder.ts', import.meta.url));
const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function openFresh(): Store {
  const store = openStore({ dataDir: tempDir() });
  stores.push(store);
  return store;
}

/**
 * Another process holding the write lock for `ms`; resolves once it holds it, with when that was
 * heard (a write that waited for the lock ends no sooner than `ms` later, give or take how late the
 * holder's word arrived) and a promise of its exit.
 */
async function lockedElsewhere(store: Store, ms: number): Promise<{ lockedAt: number; released: Promise<void> }> {
  const holder = spawn(process.execPath, [lockHolder, store.path, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => holder.on('exit', () => resolve()));
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  return { lockedAt: performance.now(), released };
}

const insertCrew = (store: Store, slug: string) =>
  store.db.prepare("INSERT INTO crews VALUES (?, 'default', ?, ?, 'now', 'now')").run(`crew_${slug}`, slug, slug);
const crewCount = (store: Store) => store.db.prepare('SELECT COUNT(*) FROM crews').pluck().get();

/** How many timer ticks of `everyMs` the event loop ran while `work` went on. */
async function ticksDuring<T>(everyMs: number, work: Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, everyMs);
  try {
    return { value: await work, ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('calls that find the write lock taken by another process', () => {
  it('are run again once it is free, with the event loop free meanwhile (sync and async before their first await)', { timeout: 30_000 }, async () => {
    const store = openFresh();
    const runs = { sync: 0, async: 0 };
    const calls = retryingWhenLocked(store.db, {
      sync: () => {
        runs.sync++;
        return insertCrew(store, 'sync').changes;
      },
      async: async () => {
        runs.async++;
        return insertCrew(store, 'async').changes;
      },
    });
    const { lockedAt } = await lockedElsewhere(store, 1500);
    const { value, ticks } = await ticksDuring(50, Promise.all([calls.sync(), calls.async()]));
    expect(value).toEqual([1, 1]);
    // Written once the lock was free: the holder kept it 1.5 s (its exit can be heard after our write).
    expect(performance.now() - lockedAt).toBeGreaterThan(1000);
    expect(ticks).toBeGreaterThan(10);
    expect(runs.sync).toBeGreaterThan(1);
    expect(runs.async).toBeGreaterThan(1);
    expect(crewCount(store)).toBe(2);
  });

  it('never runs a call again that waited on something before its write: that write waits as before', { timeout: 30_000 }, async () => {
    const store = openFresh();
    let runs = 0;
    const calls = retryingWhenLocked(store.db, {
      afterAwait: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return insertCrew(store, 'late').changes;
      },
    });
    await lockedElsewhere(store, 1000);
    expect(await calls.afterAwait()).toBe(1);
    expect(runs).toBe(1);
  });

  it('fail with store_busy, having changed nothing, when the lock outlasts the busy timeout', { timeout: 30_000 }, async () => {
    const store = openFresh();
    const calls = retryingWhenLocked(store.db, { write: () => insertCrew(store, 'never').changes });
    const { released } = await lockedElsewhere(store, 6500);
    const failure: unknown = await calls.write().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'store_busy', kind: 'conflict' });
    await released;
    expect(crewCount(store)).toBe(0);
  });
});
