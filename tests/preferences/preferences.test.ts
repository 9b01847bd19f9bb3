import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../main/events/bus.ts';
import { JsonFilePreferences, PREFERENCES_FILE } from '../../main/preferences/json-file-preferences.ts';
import { defaultPreferences, preferencesPatchSchema } from '../../main/preferences/preferences.ts';
import { PreferencesService } from '../../main/preferences/preferences-service.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-prefs-');

describe('preferences', () => {
  it('updates only the fields a patch names, persists them and announces the change', () => {
    const dir = tempDir();
    const bus = new EventBus();
    const seen: string[][] = [];
    bus.subscribe((event) => {
      if (event.name === 'preferences.changed') seen.push(event.payload.keys);
    });
    const service = new PreferencesService(new JsonFilePreferences(dir), bus);
    expect(service.get()).toEqual(defaultPreferences);
    service.update({ lastPage: 'crews' });
    service.update(preferencesPatchSchema.parse({ theme: 'dark' }));
    expect(new PreferencesService(new JsonFilePreferences(dir), bus).get()).toEqual({ ...defaultPreferences, theme: 'dark', lastPage: 'crews' });
    expect(seen).toEqual([['lastPage'], ['theme']]);
    expect(statSync(join(dir, PREFERENCES_FILE)).mode & 0o077).toBe(0);
  });

  it('keeps the valid fields of a damaged file and falls back to defaults for the rest', () => {
    const dir = tempDir();
    writeFileSync(join(dir, PREFERENCES_FILE), JSON.stringify({ theme: 'neon', lastPage: 'registry', legacyMcpView: 'yes' }));
    expect(new JsonFilePreferences(dir).read()).toEqual({ ...defaultPreferences, lastPage: 'registry' });
    writeFileSync(join(dir, PREFERENCES_FILE), '{ not json');
    const store = new JsonFilePreferences(dir);
    expect(store.read()).toEqual(defaultPreferences);
    store.write({ ...defaultPreferences, theme: 'light' });
    expect(JSON.parse(readFileSync(join(dir, PREFERENCES_FILE), 'utf8'))).toMatchObject({ theme: 'light' });
  });

  it("keeps the keys it does not own, such as the app's vault consent", () => {
    const dir = tempDir();
    writeFileSync(join(dir, PREFERENCES_FILE), JSON.stringify({ vault: { acceptBasicText: true }, windowBounds: { x: 0, y: 0, width: 900, height: 700 } }));
    const store = new JsonFilePreferences(dir);
    store.write({ ...defaultPreferences, theme: 'dark' });
    const raw = JSON.parse(readFileSync(join(dir, PREFERENCES_FILE), 'utf8')) as Record<string, unknown>;
    expect(raw).toMatchObject({ vault: { acceptBasicText: true }, theme: 'dark' });
    expect(raw.windowBounds).toBeUndefined();
  });

  it('refuses a patch with an unknown field or a bad value', () => {
    expect(preferencesPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(preferencesPatchSchema.safeParse({ theme: 'neon' }).success).toBe(false);
  });
});
