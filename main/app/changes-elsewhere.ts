import { agentChangedEvents } from '../agents/agents-service.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import { crewDeletedEvents } from '../crews/crews-service.ts';
import { messageEvent } from '../connections/connections-service.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import type { CallHistory, ElsewhereCursor } from '../mcp/call-history.ts';
import type { AppEvent, AppEventName, AppEvents } from '../events/app-events.ts';
import { watchCommits } from '../store/commit-watcher.ts';
import type { Db } from '../store/database.ts';

export const DEFAULT_FOLLOW_INTERVAL_MS = 500;

type Change = 'created' | 'updated' | 'deleted';

const crews = (crewId: string | null, change: Change): AppEvent => ({ name: 'crews.changed', payload: { crewId, change } });
const servers = (serverId: string | null, change: Change): AppEvent => ({ name: 'mcp.serversChanged', payload: { serverId, change } });
const signIn = (serverId: string, change: AppEvents['mcpAuth.changed']['change']): AppEvent => ({ name: 'mcpAuth.changed', payload: { serverId, change } });
const composio = (change: 'auth_config' | 'account', id: string): AppEvent => ({ name: 'composio.inventoryChanged', payload: { change, id } });
const trigger = (change: AppEvents['composio.triggersChanged']['change'], id: string): AppEvent => ({ name: 'composio.triggersChanged', payload: { change, id } });
const workspaces = (change: Change) => (entry: AuditEntry): AppEvent[] => [{ name: 'workspaces.changed', payload: { workspaceId: entry.target, change } }];
const connections = (change: AppEvents['connections.changed']['change']) => (entry: AuditEntry): AppEvent[] => [
  { name: 'connections.changed', payload: { connectionId: entry.target, change } },
];
const credentials = (change: AppEvents['credentials.changed']['change']) => (entry: AuditEntry): AppEvent[] => [
  { name: 'credentials.changed', payload: { credentialId: entry.target, change } },
];

/**
 * The events a service publishes with each change it records, rebuilt from the audit entry (whose
 * target is the changed row's id). Entries not listed publish nothing elsewhere:
 * - `credential.connect_started|connect_cancelled|connect_failed`: a flow is followed only by the
 *   process that runs it (its loopback listener, its waiting door);
 * - `credential.autobind`: its payload names servers without their ids or scopes; every server it
 *   bound has its own `mcp.server.update` entry, and the credential its `credential.*` entry;
 * - `composio.connect_started|connect_failed`: a connect is followed by the process that waits for it
 *   (its ACTIVE end is `composio.connect`); `composio.key.set` republishes with source workspace
 *   and `.remove` with none, the other process's own reading being the one that counts;
 * - `mcp.auth.sign_in_started` (a sign-in is followed by the process that runs it, like a connect),
 *   `mcp.auth.client_set|client_removed` (read when a sign-in starts; no page lists them yet);
 * - `mcp.config.write_agent_file` (a file, not the store) and `vault.rotate` (the vault notices a
 *   rotated key by itself).
 */
const eventsByAction: Record<string, (entry: AuditEntry) => AppEvent[]> = {
  'crew.create': (entry) => [crews(entry.target, 'created')],
  'crew.rename': (entry) => [crews(entry.target, 'updated')],
  'crew.delete': (entry) => crewDeletedEvents(entry.target, Number(entry.detail.deletedAgents)),
  'agent.create': (entry) => agentChangedEvents(entry.target, 'created'),
  'agent.rename': (entry) => agentChangedEvents(entry.target, 'updated'),
  'agent.delete': (entry) => agentChangedEvents(entry.target, 'deleted'),
  'credential.create': credentials('created'),
  'credential.update': credentials('updated'),
  'credential.delete': credentials('deleted'),
  'credential.connect': credentials('updated'),
  'credential.refresh': credentials('updated'),
  'credential.needs_reauth': credentials('updated'),
  'credential.disconnect': credentials('updated'),
  'credential.test': credentials('tested'),
  'mcp.server.create': (entry) => [servers(entry.target, 'created')],
  'mcp.server.update': (entry) => [servers(entry.target, 'updated')],
  'mcp.server.delete': (entry) => [servers(entry.target, 'deleted')],
  'mcp.auth.sign_in': (entry) => [signIn(entry.target, 'signed_in')],
  'mcp.auth.refresh': (entry) => [signIn(entry.target, 'refreshed')],
  'mcp.auth.refused': (entry) => [signIn(entry.target, 'refused')],
  'mcp.auth.sign_out': (entry) => [signIn(entry.target, 'signed_out')],
  'composio.key.set': () => [{ name: 'composio.keyChanged', payload: { source: 'workspace' } }],
  'composio.key.remove': () => [{ name: 'composio.keyChanged', payload: { source: 'none' } }],
  'composio.auth_config.create': (entry) => [composio('auth_config', entry.target)],
  'composio.auth_config.enable': (entry) => [composio('auth_config', entry.target)],
  'composio.auth_config.disable': (entry) => [composio('auth_config', entry.target)],
  'composio.auth_config.delete': (entry) => [composio('auth_config', entry.target)],
  'composio.connect': (entry) => [composio('account', entry.target)],
  'composio.account.refresh': (entry) => [composio('account', entry.target)],
  'composio.account.revoke': (entry) => [composio('account', entry.target)],
  'composio.account.enable': (entry) => [composio('account', entry.target)],
  'composio.account.remove': (entry) => [composio('account', entry.target)],
  'composio.trigger.create': (entry) => [trigger('created', entry.target)],
  'composio.trigger.enable': (entry) => [trigger('enabled', entry.target)],
  'composio.trigger.disable': (entry) => [trigger('disabled', entry.target)],
  'composio.trigger.delete': (entry) => [trigger('deleted', entry.target)],
  'composio.binding.set': (entry) => [{ name: 'access.changed', payload: { agentId: entry.target } }],
  'composio.binding.remove': (entry) => [{ name: 'access.changed', payload: { agentId: entry.target } }],
  'composio.binding.account': (entry) => [{ name: 'access.changed', payload: { agentId: entry.target } }],
  'composio.default.provision': () => [{ name: 'access.changed', payload: { agentId: null } }],
  'agentEndpoint.token.create': (entry) => [{ name: 'agentEndpoint.changed', payload: { agentId: String(entry.detail.agentId), change: 'tokens' } }],
  'agentEndpoint.token.revoke': (entry) => [{ name: 'agentEndpoint.changed', payload: { agentId: String(entry.detail.agentId), change: 'tokens' } }],
  'agentEndpoint.policy.set': (entry) => [{ name: 'agentEndpoint.changed', payload: { agentId: entry.target, change: 'policy' } }],
  'agentEndpoint.settings.update': () => [{ name: 'agentEndpoint.changed', payload: { agentId: null, change: 'settings' } }],
  // A held call answered at the CLI lets the waiting call in the console go on at once.
  'agentEndpoint.approval.answer': (entry) => [
    { name: 'agentEndpoint.approval', payload: { approvalId: entry.target, agentId: String(entry.detail.agentId), status: entry.detail.status === 'approved' ? 'approved' : 'refused' } },
  ],
  'workspace.create': workspaces('created'),
  'workspace.rename': workspaces('updated'),
  'workspace.delete': workspaces('deleted'),
  'registry.sync': (entry) => [{ name: 'registry.changed', payload: { source: entry.target, servers: Number(entry.detail.servers) } }],
  'mcp.config.import': (entry) => (Number(entry.detail.created) + Number(entry.detail.updated) > 0 ? [servers(null, 'updated')] : []),
  'connection.create': connections('created'),
  'connection.close': connections('closed'),
  'connection.read': connections('read'),
  'connection.message': (entry) => [messageEvent(entry.target, entry.detail)],
  'connection.file_write': (entry) => [
    { name: 'connections.fileWritten', payload: { connectionId: entry.target, path: String(entry.detail.path), size: Number(entry.detail.size) } },
  ],
};

function eventsForEntry(entry: AuditEntry): AppEvent[] {
  return eventsByAction[entry.action]?.(entry) ?? [];
}

/** Events that belong to no workspace: published on the root bus, for every workspace's listeners. */
const eventsOfNoWorkspace: ReadonlySet<AppEventName> = new Set(['workspaces.changed', 'preferences.changed']);

/**
 * Publishes on this core's bus what other processes (the CLI beside the app or `crewship serve`, a
 * second console) change in the store: the same events the services publish for their own
 * changes, so that every subscriber reacts alike — the MCP gateway (re)connects, the refresh
 * scheduler re-arms, the doors carry them and the renderer re-reads. Every change is recorded in
 * the audit log, so the entries other connections appended say what changed; this core's own
 * entries are skipped (their events went out when they were made). Tool calls other processes ran
 * (`crewship mcp call`) come from the call history as `mcp.callStarted` / `mcp.callFinished`, so
 * the History tab and the call figures follow them too. Returns the function that stops.
 */
export function followChangesElsewhere(deps: {
  db: Db;
  /** Any workspace's log of this core: they share the memory of which entries are this core's own. */
  audit: AuditLog;
  /** The workspaces open in this core, each with its call history. */
  workspaces: () => Array<{ workspaceId: string; calls: CallHistory }>;
  /** The root bus: each event is published in the workspace its entry was recorded in. */
  bus: EventBus;
  intervalMs: number;
  logInternalError: InternalErrorLog;
}): () => void {
  const { audit, bus } = deps;
  let readUpTo = 0;
  const callsCursors = new Map<string, ElsewhereCursor>();
  const stop = watchCommits(deps.db, {
    intervalMs: deps.intervalMs,
    logInternalError: deps.logInternalError,
    onTick: (committedElsewhere) => {
      // Own entries are read past too, so that remembering them costs no memory for long.
      if (!committedElsewhere && !audit.hasOwnEntries) return;
      const { entries, lastSeq } = audit.appendedElsewhere(readUpTo);
      readUpTo = lastSeq;
      for (const entry of entries) {
        const scoped = bus.forWorkspace(entry.workspaceId);
        for (const event of eventsForEntry(entry)) (eventsOfNoWorkspace.has(event.name) ? bus : scoped).publish(event.name, event.payload);
      }
      if (committedElsewhere) publishCallsElsewhere();
    },
  });
  // Tool calls are not audited (there are too many): each open workspace's history says which calls others ran.
  function publishCallsElsewhere(): void {
    for (const { workspaceId, calls } of deps.workspaces()) {
      const cursor = callsCursors.get(workspaceId);
      const read = calls.recordedElsewhere(cursor ?? null);
      callsCursors.set(workspaceId, read.cursor);
      // A workspace seen for the first time takes its baseline: calls before it opened here are history, not news.
      if (!cursor) continue;
      const scoped = bus.forWorkspace(workspaceId);
      for (const call of read.calls) scoped.publish(call.status === 'running' ? 'mcp.callStarted' : 'mcp.callFinished', call);
    }
  }
  // Read after the watcher took its baseline, so that a commit in between is read, not missed.
  readUpTo = audit.rememberOwnEntries();
  for (const { workspaceId, calls } of deps.workspaces()) callsCursors.set(workspaceId, calls.recordedElsewhere(null).cursor);
  return stop;
}
