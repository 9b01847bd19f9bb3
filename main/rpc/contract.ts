import { z } from 'zod';
import type { Agent } from '../agents/agent.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Crew } from '../crews/crew.ts';
import { preferencesPatchSchema, type Preferences } from '../preferences/preferences.ts';
import type { DoctorReport } from '../system/doctor.ts';
import type { SystemInfo } from '../system/system-info.ts';
import type { VaultDescription } from '../vault/vault.ts';

/**
 * The one contract behind the three doors: every operation's name, the zod schema its input
 * must pass before any service sees it, and (as a type only) what it returns.
 */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  summary: string;
  /** Phantom: carries the output type; never set at run time. */
  output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary });
}

const noInput = z.object({}).strict();
const displayName = z
  .string({ error: 'a name is required' })
  .trim()
  .min(1, 'a name is required')
  .max(80, 'a name has at most 80 characters');
const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lowercase letters, digits and single dashes')
  .max(48);
const reference = z.string({ error: 'an id or slug is required' }).trim().min(1, 'an id or slug is required').max(200);

export const contract = {
  'system.info': method<SystemInfo>()(noInput, 'Versions, data directory, schema version and key provider.'),
  'system.doctor': method<DoctorReport>()(noInput, 'Check the environment: data dir, schema, key provider, Node, Chromium, Electron.'),

  'crews.list': method<Crew[]>()(noInput, 'List the crews of the workspace.'),
  'crews.get': method<Crew>()(z.object({ crew: reference }).strict(), 'One crew by id or slug.'),
  'crews.create': method<Crew>()(
    z.object({ name: displayName, slug: slug.optional() }).strict(),
    'Create a crew; the slug is derived from the name unless given.',
  ),
  'crews.rename': method<Crew>()(z.object({ crew: reference, name: displayName }).strict(), 'Rename a crew (its slug stays).'),
  'crews.delete': method<{ deletedAgents: number }>()(
    z.object({ crew: reference, withAgents: z.boolean().optional() }).strict(),
    'Delete a crew; refused while it has agents unless withAgents is true.',
  ),

  'agents.list': method<Agent[]>()(z.object({ crew: reference.optional() }).strict(), 'List agents, optionally of one crew.'),
  'agents.get': method<Agent>()(z.object({ agent: reference }).strict(), 'One agent by id or slug.'),
  'agents.create': method<Agent>()(
    z.object({ crew: reference, name: displayName, slug: slug.optional() }).strict(),
    'Create an agent in a crew.',
  ),
  'agents.rename': method<Agent>()(z.object({ agent: reference, name: displayName }).strict(), 'Rename an agent (its slug stays).'),
  'agents.delete': method<{ id: string }>()(z.object({ agent: reference }).strict(), 'Delete an agent.'),

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

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}
