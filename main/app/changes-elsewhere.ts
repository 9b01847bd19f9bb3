import { agentChangedEvents } from '../agents/agents-service.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import { crewDeletedEvents } from '../crews/crews-service.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import type { CallHistory, ElsewhereCursor } from '../mcp/call-history.ts';
import type { AppEvent, AppEvents } from '../events/app-events.ts';
import { watchCommits } from '../store/commit-watcher.ts';
import type { Db } from '../store/database.ts';

export const DEFAULT_FOLLOW_INTERVAL_MS = 500;

type Change = 'created' | 'updated' | 'deleted';

const crews = (crewId: string | null, change: Change): AppEvent => ({ name: 'crews.changed', payload: { crewId, change } });
const servers = (serverId: string | null, change: Change): AppEvent => ({ name: 'mcp.serversChanged', payload: { serverId, change } });
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
  'registry.sync': (entry) => [{ name: 'registry.changed', payload: { source: entry.target, servers: Number(entry.detail.servers) } }],
  'mcp.config.import': (entry) => (Number(entry.detail.created) + Number(entry.detail.updated) > 0 ? [servers(null, 'updated')] : []),
};

function eventsForEntry(entry: AuditEntry): AppEvent[] {
  return eventsByAction[entry.action]?.(entry) ?? [];
}

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
  audit: AuditLog;
  calls: CallHistory;
  bus: EventBus;
  intervalMs: number;
  logInternalError: InternalErrorLog;
}): () => void {
  const { audit, calls, bus } = deps;
  let readUpTo = 0;
  let callsCursor: ElsewhereCursor | null = null;
  const stop = watchCommits(deps.db, {
    intervalMs: deps.intervalMs,
    logInternalError: deps.logInternalError,
    onTick: (committedElsewhere) => {
      // Own entries are read past too, so that remembering them costs no memory for long.
      if (!committedElsewhere && !audit.hasOwnEntries) return;
      const { entries, lastSeq } = audit.appendedElsewhere(readUpTo);
      readUpTo = lastSeq;
      for (const event of entries.flatMap(eventsForEntry)) bus.publish(event.name, event.payload);
      if (committedElsewhere) publishCallsElsewhere();
    },
  });
  // Tool calls are not audited (there are too many): the history says which calls others ran.
  function publishCallsElsewhere(): void {
    const read = calls.recordedElsewhere(callsCursor);
    callsCursor = read.cursor;
    for (const call of read.calls) bus.publish(call.status === 'running' ? 'mcp.callStarted' : 'mcp.callFinished', call);
  }
  // Read after the watcher took its baseline, so that a commit in between is read, not missed.
  readUpTo = audit.rememberOwnEntries();
  callsCursor = calls.recordedElsewhere(null).cursor;
  return stop;
}
