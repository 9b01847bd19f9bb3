import type { CredentialEvents } from './methods/credentials.ts';
import type { CrewEvents } from './methods/crews.ts';
import type { McpEvents } from './methods/mcp.ts';
import type { SystemEvents } from './methods/system.ts';

/**
 * Every event the core publishes, by name, with its payload. Each domain declares its events
 * beside its methods in methods/<domain>.ts; the doors carry them and the renderer feeds its cache.
 */
export interface AppEvents extends SystemEvents, CrewEvents, CredentialEvents, McpEvents {}

export type AppEventName = keyof AppEvents & string;
export type AppEvent = { [K in AppEventName]: { name: K; payload: AppEvents[K] } }[AppEventName];
