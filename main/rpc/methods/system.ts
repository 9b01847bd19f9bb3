import { z } from 'zod';
import type { AuditEntry } from '../../audit/audit-entry.ts';
import { preferencesPatchSchema, type Preferences } from '../../preferences/preferences.ts';
import type { DoctorReport } from '../../system/doctor-report.ts';
import type { SystemInfo } from '../../system/system-info.ts';
import type { VaultDescription } from '../../vault/vault-description.ts';
import { method, noInput } from '../method.ts';

export const systemMethods = {
  'system.info': method<SystemInfo>()(noInput, 'Versions, data directory, schema version and key provider.'),
  'system.pickDirectory': method<{ path: string | null }>()(
    z.object({ title: z.string().trim().min(1).max(120) }).strict(),
    'Ask the operator for a folder with the system’s dialog (the desktop app only); path null when they cancel.',
  ),
  'system.doctor': method<DoctorReport>()(noInput, 'Check the environment: data dir, schema, key provider, Node, Chromium, Electron.'),

  'preferences.get': method<Preferences>()(noInput, 'The operator’s preferences: theme, last page and tab, the legacy MCP view.'),
  'preferences.update': method<Preferences>()(preferencesPatchSchema, 'Change some preferences; the rest stay as they are.'),

  'vault.status': method<VaultDescription>()(noInput, 'What protects the vault: its key provider and data key (never key material).'),
  'vault.rotateDataKey': method<{ resealed: number; keyId: string }>()(
    noInput,
    'Make a new data key and re-seal every secret with it, in one transaction.',
  ),

  'audit.recent': method<AuditEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    'The most recent audit log entries, newest first.',
  ),
} as const;
