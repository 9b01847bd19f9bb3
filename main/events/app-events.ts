import type { AccessEvents } from '../access/events.ts';
import type { AgentEndpointEvents } from '../agent-endpoint/events.ts';
import type { AgentEvents } from '../agents/events.ts';
import type { ComposioEvents } from '../composio/events.ts';
import type { ConnectionEvents } from '../connections/events.ts';
import type { CredentialEvents } from '../credentials/events.ts';
import type { CrewEvents } from '../crews/events.ts';
import type { McpEvents } from '../mcp/events.ts';
import type { McpAuthEvents } from '../mcp-auth/events.ts';
import type { OAuthEvents } from '../oauth/events.ts';
import type { PreferenceEvents } from '../preferences/events.ts';
import type { WorkspaceEvents } from '../workspaces/events.ts';
import type { RegistryEvents } from '../registry/events.ts';

/**
 * Every event the core publishes, by name, with its payload. Each domain declares the events it
 * publishes in its own events.ts; the doors carry them and the renderer feeds its cache.
 */
export interface AppEvents extends CrewEvents, AgentEvents, PreferenceEvents, CredentialEvents, OAuthEvents, McpEvents, ComposioEvents, WorkspaceEvents, ConnectionEvents, RegistryEvents, McpAuthEvents {}
export interface AppEvents extends CrewEvents, AgentEvents, PreferenceEvents, CredentialEvents, OAuthEvents, McpEvents, ComposioEvents, WorkspaceEvents, ConnectionEvents, RegistryEvents, AccessEvents, AgentEndpointEvents {}

export type AppEventName = keyof AppEvents & string;

/** `workspaceId`: the workspace whose change it is; absent for what belongs to no workspace (preferences, the list of workspaces). */
type EventsByName = { [N in AppEventName]: { name: N; payload: AppEvents[N]; workspaceId?: string } };

/**
 * One published event: without K, the union of all, which narrows on `name` so a payload is never
 * cast; with a type parameter K, the event of that name.
 */
export type AppEvent<K extends AppEventName = AppEventName> = EventsByName[K];

/**
 * Each event built from its name and payload, and so also the names at run time (for what arrives
 * from the wire). Spelled out per name because the type checker cannot join a name and a payload
 * of a generic K into the union by itself; an event missing here fails the type check.
 */
const eventBuilders: { [N in AppEventName]: (payload: AppEvents[N]) => AppEvent<N> } = {
  'crews.changed': (payload) => ({ name: 'crews.changed', payload }),
  'agents.changed': (payload) => ({ name: 'agents.changed', payload }),
  'preferences.changed': (payload) => ({ name: 'preferences.changed', payload }),
  'credentials.changed': (payload) => ({ name: 'credentials.changed', payload }),
  'credentials.autoBound': (payload) => ({ name: 'credentials.autoBound', payload }),
  'oauth.flow': (payload) => ({ name: 'oauth.flow', payload }),
  'mcp.serversChanged': (payload) => ({ name: 'mcp.serversChanged', payload }),
  'mcp.status': (payload) => ({ name: 'mcp.status', payload }),
  'mcp.toolsChanged': (payload) => ({ name: 'mcp.toolsChanged', payload }),
  'mcp.toolPinsChanged': (payload) => ({ name: 'mcp.toolPinsChanged', payload }),
  'mcp.callStarted': (payload) => ({ name: 'mcp.callStarted', payload }),
  'mcp.callProgress': (payload) => ({ name: 'mcp.callProgress', payload }),
  'mcp.callFinished': (payload) => ({ name: 'mcp.callFinished', payload }),
  'mcp.callTask': (payload) => ({ name: 'mcp.callTask', payload }),
  'mcp.log': (payload) => ({ name: 'mcp.log', payload }),
  'mcp.resourceUpdated': (payload) => ({ name: 'mcp.resourceUpdated', payload }),
  'mcp.protocolMessage': (payload) => ({ name: 'mcp.protocolMessage', payload }),
  'mcp.elicitationRequested': (payload) => ({ name: 'mcp.elicitationRequested', payload }),
  'mcp.elicitationEnded': (payload) => ({ name: 'mcp.elicitationEnded', payload }),
  'mcp.rootsChanged': (payload) => ({ name: 'mcp.rootsChanged', payload }),
  'mcp.samplingRequested': (payload) => ({ name: 'mcp.samplingRequested', payload }),
  'mcp.samplingEnded': (payload) => ({ name: 'mcp.samplingEnded', payload }),
  'composio.keyChanged': (payload) => ({ name: 'composio.keyChanged', payload }),
  'composio.catalogSync': (payload) => ({ name: 'composio.catalogSync', payload }),
  'composio.inventoryChanged': (payload) => ({ name: 'composio.inventoryChanged', payload }),
  'composio.connect': (payload) => ({ name: 'composio.connect', payload }),
  'composio.triggersChanged': (payload) => ({ name: 'composio.triggersChanged', payload }),
  'workspaces.changed': (payload) => ({ name: 'workspaces.changed', payload }),
  'connections.changed': (payload) => ({ name: 'connections.changed', payload }),
  'connections.message': (payload) => ({ name: 'connections.message', payload }),
  'connections.fileWritten': (payload) => ({ name: 'connections.fileWritten', payload }),
  'registry.syncProgress': (payload) => ({ name: 'registry.syncProgress', payload }),
  'registry.changed': (payload) => ({ name: 'registry.changed', payload }),
  'mcpAuth.flow': (payload) => ({ name: 'mcpAuth.flow', payload }),
  'mcpAuth.changed': (payload) => ({ name: 'mcpAuth.changed', payload }),
  'access.changed': (payload) => ({ name: 'access.changed', payload }),
  'agentEndpoint.changed': (payload) => ({ name: 'agentEndpoint.changed', payload }),
  'agentEndpoint.approval': (payload) => ({ name: 'agentEndpoint.approval', payload }),
};

export function appEvent<K extends AppEventName>(name: K, payload: AppEvents[K], workspaceId?: string): AppEvent<K> {
  const event = eventBuilders[name](payload);
  return workspaceId === undefined ? event : { ...event, workspaceId };
}

/** An event named `name`: narrows an event to one kind where the name is only known as a type parameter. */
export function isEventNamed<K extends AppEventName>(event: AppEvent, name: K): event is AppEvent<K> {
  return event.name === name;
}

/**
 * JSON from the wire that has the shape of an event with a name the core publishes. Payloads are
 * trusted as the core's own: they come from this app's core over its authenticated stream.
 */
export function isAppEvent(value: unknown): value is AppEvent {
  if (typeof value !== 'object' || value === null || !('name' in value) || !('payload' in value)) return false;
  return typeof value.name === 'string' && Object.hasOwn(eventBuilders, value.name);
}
