/** What the preferences domain publishes: the names of the preferences that changed. */
export interface PreferenceEvents {
  'preferences.changed': { keys: string[] };
}
