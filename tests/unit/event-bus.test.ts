import { describe, expect, it } from 'vitest';
import { EventBus } from '../../main/events/bus.ts';

describe('EventBus', () => {
  it('delivers to every subscriber even when one throws, and stops after unsubscribe', () => {
    const bus = new EventBus<{ tick: { n: number } }>();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    const off = bus.subscribe((event) => seen.push(event.payload.n));
    bus.publish('tick', { n: 1 });
    off();
    bus.publish('tick', { n: 2 });
    expect(seen).toEqual([1]);
    expect(bus.listenerCount).toBe(1);
  });
});
