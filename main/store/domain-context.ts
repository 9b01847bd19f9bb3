import type { AuditLog } from '../audit/audit-log.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import type { EventBus } from '../events/bus.ts';
import type { Db } from './database.ts';

/** What every domain service is built from: its workspace's slice of the store, the audit log, the bus, and where its background faults go. */
export interface DomainContext {
  db: Db;
  workspaceId: string;
  audit: AuditLog;
  bus: EventBus;
  logInternalError: InternalErrorLog;
}
