/** Every event the core publishes, by name, with its payload. The doors carry these; the renderer feeds its cache. */
export interface AppEvents {
  'crews.changed': { crewId: string | null; change: 'created' | 'updated' | 'deleted' };
  'agents.changed': { agentId: string | null; change: 'created' | 'updated' | 'deleted' };
  'preferences.changed': { keys: string[] };
}

export type AppEventName = keyof AppEvents & string;
export type AppEvent = { [K in AppEventName]: { name: K; payload: AppEvents[K] } }[AppEventName];
