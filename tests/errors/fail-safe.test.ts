import { describe, expect, it } from 'vitest';
import { failSafe } from '../../main/errors/fail-safe.ts';
import { EventBus } from '../../main/events/bus.ts';

describe('failSafe', () => {
  it('logs what a callback throws and what its promise rejects with, and passes the arguments on', async () => {
    const logged: Array<[string, unknown]> = [];
    const log = (where: string, error: unknown) => logged.push([where, error]);
    const seen: number[] = [];
    const thrown = new Error('sync fault');
    const rejected = new Error('async fault');
    failSafe('sync', log, (n: number) => {
      seen.push(n);
      throw thrown;
    })(7);
    failSafe('async', log, () => Promise.reject(rejected))();
    failSafe('fine', log, () => 'ok')();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([7]);
    expect(logged).toEqual([
      ['sync', thrown],
      ['async', rejected],
    ]);
  });

  it('contains a log that throws itself', () => {
    const broken = () => {
      throw new Error('stderr closed');
    };
    expect(() => failSafe('timer', broken, () => {
      throw new Error('fault');
    })()).not.toThrow();
  });

  it('keeps a timer’s fault from reaching the process', async () => {
    const logged: string[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      setTimeout(failSafe('a timer', (where) => logged.push(where), () => {
        throw new Error('in a timer');
      }), 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(logged).toEqual(['a timer']);
    expect(uncaught).toEqual([]);
  });

  it('is how the event bus contains a broken listener: the others still hear, and the fault is logged', () => {
    const logged: Array<[string, unknown]> = [];
    const bus = new EventBus((where, error) => logged.push([where, error]));
    const fault = new Error('broken subscriber');
    bus.subscribe(() => {
      throw fault;
    });
    const seen: string[] = [];
    bus.on('crews.changed', (payload) => seen.push(payload.change));
    bus.publish('crews.changed', { crewId: 'c1', change: 'created' });
    expect(seen).toEqual(['created']);
    expect(logged).toEqual([['event listener', fault]]);
  });
});
