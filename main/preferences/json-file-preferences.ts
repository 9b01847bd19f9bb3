import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizePreferences, type Preferences, type PreferencesStore } from './preferences.ts';

export const PREFERENCES_FILE = 'preferences.json';

/**
 * The CLI's and the host's preferences: the JSON file that the app keeps through electron-store.
 * A write keeps the keys it does not own (the app's own, such as the vault consent) and replaces
 * the file atomically.
 */
export class JsonFilePreferences implements PreferencesStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, PREFERENCES_FILE);
  }

  read(): Preferences {
    return sanitizePreferences(this.readRaw());
  }

  write(preferences: Preferences): void {
    const { windowBounds: _dropped, ...others } = this.readRaw();
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ ...others, ...preferences }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }

  private readRaw(): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      // Missing or unreadable: the defaults; the next write replaces it whole.
      return {};
    }
  }
}
