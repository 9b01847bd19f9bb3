import type { EventBus } from '../events/bus.ts';
import type { Preferences, PreferencesPatch, PreferencesStore } from './preferences.ts';

export class PreferencesService {
  private readonly store: PreferencesStore;
  private readonly bus: EventBus;

  constructor(store: PreferencesStore, bus: EventBus) {
    this.store = store;
    this.bus = bus;
  }

  get(): Preferences {
    return this.store.read();
  }

  update(patch: PreferencesPatch): Preferences {
    const next = { ...this.store.read(), ...patch };
    this.store.write(next);
    this.bus.publish('preferences.changed', { keys: Object.keys(patch) });
    return next;
  }
}
