import Store from 'electron-store';
import { PREFERENCES_FILE } from '../main/preferences/json-file-preferences.ts';
import { sanitizePreferences, type Preferences, type PreferencesStore } from '../main/preferences/preferences.ts';

/**
 * The app's preferences in electron-store, at the same `<dataDir>/preferences.json` and with the
 * same schema that the CLI and host keep as a plain JSON file. Nothing secret is ever stored here.
 */
export interface ShellPreferences extends PreferencesStore {
  /** The operator accepted that Linux's basic_text safeStorage backend protects the vault key. */
  acceptsBasicText(): boolean;
  recordBasicTextAcceptance(): void;
}

/** Outside the renderer-writable schema on purpose: only the native consent dialog sets it. */
const ACCEPT_BASIC_TEXT_KEY = 'vault.acceptBasicText';

export function openShellPreferences(dataDir: string): ShellPreferences {
  // cwd: the data directory, so CREWSHIP_HOME relocates preferences along with the database.
  const store = new Store<Record<string, unknown>>({ cwd: dataDir, name: PREFERENCES_FILE.replace(/\.json$/, '') });
  return {
    read: () => sanitizePreferences(store.store),
    write: (preferences: Preferences) => {
      if (preferences.windowBounds === undefined) store.delete('windowBounds');
      store.set({ ...preferences });
    },
    acceptsBasicText: () => store.get(ACCEPT_BASIC_TEXT_KEY) === true,
    recordBasicTextAcceptance: () => store.set(ACCEPT_BASIC_TEXT_KEY, true),
  };
}
