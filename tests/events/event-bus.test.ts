import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventBus } from '../../main/events/bus.ts';
import type { McpServerStatus } from '../../main/mcp/types.ts';
import { isAppEvent, isEventNamed, type AppEvent, type AppEvents } from '../../main/rpc/events.ts';

describe('EventBus', () => {
  it('delivers to every subscriber even when one throws, and stops after unsubscribe', () => {
    const bus = new EventBus();
    const seen: string[][] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    const off = bus.subscribe((event) => {
      if (event.name === 'preferences.changed') seen.push(event.payload.keys);
    });
    bus.publish('preferences.changed', { keys: ['theme'] });
    off();
    bus.publish('preferences.changed', { keys: ['lastPage'] });
    expect(seen).toEqual([['theme']]);
    expect(bus.listenerCount).toBe(1);
  });

  it('on delivers only the events of its name, past a listener that throws, until unsubscribed', () => {
    const bus = new EventBus();
    const crews: AppEvents['crews.changed'][] = [];
    bus.on('crews.changed', () => {
      throw new Error('broken listener');
    });
    const off = bus.on('crews.changed', (payload) => crews.push(payload));
    bus.publish('agents.changed', { agentId: 'agent_1', change: 'created' });
    bus.publish('crews.changed', { crewId: 'crew_1', change: 'updated' });
    off();
    bus.publish('crews.changed', { crewId: 'crew_2', change: 'deleted' });
    expect(crews).toEqual([{ crewId: 'crew_1', change: 'updated' }]);
    expect(bus.listenerCount).toBe(1);
  });

  it('types each payload by its event name, so that no payload is cast', () => {
    const bus = new EventBus();
    bus.subscribe((event) => {
      expectTypeOf(event).toEqualTypeOf<AppEvent>();
      if (event.name === 'mcp.status') expectTypeOf(event.payload).toEqualTypeOf<McpServerStatus>();
      if (event.name === 'oauth.flow') expectTypeOf(event.payload).toEqualTypeOf<AppEvents['oauth.flow']>();
      if (isEventNamed(event, 'credentials.changed')) expectTypeOf(event.payload.change).toEqualTypeOf<'created' | 'updated' | 'tested' | 'deleted'>();
    });
    bus.on('mcp.callProgress', (payload) => expectTypeOf(payload).toEqualTypeOf<AppEvents['mcp.callProgress']>());
    expectTypeOf(bus.publish<'crews.changed'>).parameter(1).toEqualTypeOf<AppEvents['crews.changed']>();
    // @ts-expect-error a payload of another event is refused
    bus.publish('crews.changed', { keys: ['theme'] });
    // @ts-expect-error an event nobody publishes is refused
    bus.on('crews.renamed', () => {});
  });
});

describe('isAppEvent (events from the wire)', () => {
  it('accepts an object with a name the core publishes and a payload', () => {
    expect(isAppEvent({ name: 'mcp.log', payload: { seq: 1 } })).toBe(true);
  });

  it('refuses unknown names, names inherited from Object, a missing payload and what is not an object', () => {
    expect(isAppEvent({ name: 'crews.renamed', payload: {} })).toBe(false);
    expect(isAppEvent({ name: 'toString', payload: {} })).toBe(false);
    expect(isAppEvent({ name: 'crews.changed' })).toBe(false);
    expect(isAppEvent({ name: 42, payload: {} })).toBe(false);
    expect(isAppEvent('crews.changed')).toBe(false);
    expect(isAppEvent(null)).toBe(false);
  });
});
