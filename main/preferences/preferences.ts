import { z } from 'zod';

/**
 * Preferences are the operator's, not the workspace's: how the console looks and where it was left.
 * The app keeps them in electron-store, the CLI and host in a JSON file; both use this one schema.
 */
/** The port agents' configs name unless the operator chose another: it stays the same across restarts. */
export const DEFAULT_AGENTS_PORT = 47321;

const preferenceFields = {
  theme: z.enum(['system', 'dark', 'light']),
  lastPage: z.string().max(64),
  integrationsTab: z.string().max(64),
  legacyMcpView: z.boolean(),
  /** The workspace the window was left in (its id); one that is gone falls back to the default. */
  workspace: z.string().min(1).max(64),
  /** The agents' MCP endpoint's port, read when the console starts (CREWSHIP_AGENTS_PORT and --agents-port win over it). */
  agentsPort: z.number().int().min(1).max(65535),
  windowBounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(400),
    height: z.number().int().min(300),
  }),
};

/** A change names only the fields it sets; nothing else is filled in. */
export const preferencesPatchSchema = z.object(preferenceFields).partial().strict();
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>;

/** Every field is set but the window's bounds (none until the window has been placed once). */
export type Preferences = Required<Omit<PreferencesPatch, 'windowBounds'>> & Pick<PreferencesPatch, 'windowBounds'>;

export const defaultPreferences: Preferences = {
  theme: 'system',
  lastPage: 'integrations',
  integrationsTab: 'catalog',
  legacyMcpView: false,
  workspace: 'default',
  agentsPort: DEFAULT_AGENTS_PORT,
};

export interface PreferencesStore {
  /** What is stored, with defaults for whatever is missing or no longer valid. */
  read(): Preferences;
  write(preferences: Preferences): void;
}

/** Keeps every stored field that still passes the schema, so one bad field does not reset the rest. */
export function sanitizePreferences(stored: unknown): Preferences {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(preferenceFields)) {
    if (key in record && field.safeParse(record[key]).success) kept[key] = record[key];
  }
  return { ...defaultPreferences, ...kept };
}
