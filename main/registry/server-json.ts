import { z } from 'zod';
import type { RegistryArgument, RegistryInput, RegistryKeyValueInput, RegistryPackage, RegistryRemote, RegistryStatus } from './types.ts';

/**
 * server.json (schema 2025-12-11) and the registry's list item around it. Two readings:
 * - `parseListItem`: what a sync accepts. Lenient where real data is untidy (an unknown registry
 *   type, a description longer than the schema allows, a missing transport read as stdio), strict
 *   where nothing sensible could be stored (no name, no version, a package without an identifier):
 *   such an entry is malformed, skipped and counted.
 * - `serverJsonProblems`: what `install --file` holds a file to, the schema's rules, each problem
 *   named by its path.
 */

const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
export const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';

const text = z.string();
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === null || value === '' ? null : value));

const inputShape = {
  description: optionalText,
  isRequired: z.boolean().nullish().transform((value) => value ?? false),
  isSecret: z.boolean().nullish().transform((value) => value ?? false),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).nullish().transform((value) => value ?? 'string'),
  value: optionalText,
  default: z.union([z.string(), z.number(), z.boolean()]).nullish().transform((value) => (value === undefined || value === null ? null : String(value))),
  placeholder: optionalText,
  choices: z.array(z.union([z.string(), z.number()]).transform(String)).nullish().transform((value) => value ?? []),
};

const baseInput = z.object(inputShape);
const input: z.ZodType<RegistryInput> = baseInput.extend({
  variables: z.record(z.string(), baseInput.transform((value) => ({ ...value, variables: {} }))).nullish().transform((value) => value ?? {}),
}) as unknown as z.ZodType<RegistryInput>;

const variables = z.record(z.string(), input).nullish().transform((value) => value ?? {});
const keyValue: z.ZodType<RegistryKeyValueInput> = baseInput.extend({ name: text.min(1), variables }) as unknown as z.ZodType<RegistryKeyValueInput>;

const argument: z.ZodType<RegistryArgument> = z.union([
  baseInput.extend({ type: z.literal('positional'), valueHint: optionalText, isRepeated: z.boolean().nullish().transform((v) => v ?? false), variables }),
  baseInput.extend({ type: z.literal('named'), name: text.min(1), isRepeated: z.boolean().nullish().transform((v) => v ?? false), variables }),
]) as unknown as z.ZodType<RegistryArgument>;

const list = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((value) => (value ?? []) as z.output<T>[]);

const packageTransport = z
  .object({ type: z.enum(['stdio', 'streamable-http', 'sse']), url: optionalText, headers: list(keyValue) })
  .nullish()
  .transform((value) => value ?? { type: 'stdio' as const, url: null, headers: [] });

const packageSchema: z.ZodType<RegistryPackage> = z.object({
  registryType: text.min(1),
  registryBaseUrl: optionalText,
  identifier: text.min(1),
  version: optionalText,
  fileSha256: optionalText,
  runtimeHint: optionalText,
  transport: packageTransport,
  runtimeArguments: list(argument),
  packageArguments: list(argument),
  environmentVariables: list(keyValue),
}) as unknown as z.ZodType<RegistryPackage>;

const remoteSchema: z.ZodType<RegistryRemote> = z.object({
  type: z.enum(['streamable-http', 'sse']),
  url: text.min(1),
  headers: list(keyValue),
  variables,
}) as unknown as z.ZodType<RegistryRemote>;

const serverSchema = z.object({
  name: text.min(1, 'a name is required').max(200),
  title: optionalText,
  // Real entries have empty descriptions: stored as they are; a server.json file must have one.
  description: text,
  version: text.min(1).max(255),
  websiteUrl: optionalText,
  repository: z
    .object({ url: text, source: text, subfolder: optionalText })
    .nullish()
    .transform((value) => value ?? null)
    .catch(null),
  icons: list(z.object({ src: text, mimeType: optionalText, theme: optionalText })).catch([]),
  packages: list(packageSchema),
  remotes: list(remoteSchema),
  _meta: z.record(z.string(), z.unknown()).nullish().transform((value) => value ?? {}),
});

export type ParsedServer = z.output<typeof serverSchema>;

const officialSchema = z.object({
  status: z.enum(['active', 'deprecated', 'deleted']).catch('active'),
  statusMessage: optionalText,
  publishedAt: optionalText,
  updatedAt: optionalText,
  isLatest: z.boolean().nullish().transform((value) => value ?? false),
});

export interface ParsedEntry {
  server: ParsedServer;
  status: RegistryStatus;
  statusMessage: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  isLatest: boolean;
}

/** One list item, or why it cannot be stored (the first problem, with its path). */
export function parseListItem(item: unknown): { entry: ParsedEntry } | { problem: string; name: string | null } {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const rawServer = record['server'];
  const name = typeof rawServer === 'object' && rawServer !== null && typeof (rawServer as { name?: unknown }).name === 'string' ? (rawServer as { name: string }).name : null;
  const server = serverSchema.safeParse(rawServer);
  if (!server.success) return { problem: describeIssue(server.error, 'server'), name };
  const meta = typeof record['_meta'] === 'object' && record['_meta'] !== null ? (record['_meta'] as Record<string, unknown>)[OFFICIAL_META] : undefined;
  const official = officialSchema.safeParse(meta ?? {});
  if (!official.success) return { problem: describeIssue(official.error, `_meta.${OFFICIAL_META}`), name };
  const { status, statusMessage, publishedAt, updatedAt, isLatest } = official.data;
  if (updatedAt !== null && Number.isNaN(Date.parse(updatedAt))) return { problem: `_meta.${OFFICIAL_META}.updatedAt is not a timestamp`, name };
  return { entry: { server: server.data, status, statusMessage, publishedAt, updatedAt, isLatest } };
}

/** A server.json an operator has: the same reading as a sync, plus the schema's rules. */
export function parseServerJson(value: unknown): { server: ParsedServer } | { problems: string[] } {
  const server = serverSchema.safeParse(value);
  if (!server.success) return { problems: server.error.issues.map((issue) => issueText(issue)) };
  const problems = serverJsonProblems(server.data);
  return problems.length > 0 ? { problems } : { server: server.data };
}

function serverJsonProblems(server: ParsedServer): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(server.name)) problems.push('name: must be reverse-DNS namespace/name (letters, digits, dots and dashes, then /name)');
  if (server.description.length === 0) problems.push('description: required (1 to 100 characters)');
  if (server.description.length > 100) problems.push(`description: at most 100 characters (it has ${server.description.length})`);
  if (server.title !== null && server.title.length > 100) problems.push('title: at most 100 characters');
  if (/^[\^~]|\.x$|^latest$|[<>=*]/.test(server.version)) problems.push(`version: "${server.version}" is a range; give one exact version`);
  if (server.packages.length === 0 && server.remotes.length === 0) problems.push('packages, remotes: a server needs at least one package or remote');
  server.packages.forEach((pkg, i) => {
    const at = `packages[${i}]`;
    if (!['npm', 'pypi', 'oci', 'nuget', 'mcpb'].includes(pkg.registryType)) problems.push(`${at}.registryType: "${pkg.registryType}" is not one of npm, pypi, oci, nuget, mcpb`);
    if (['npm', 'pypi', 'nuget'].includes(pkg.registryType) && !pkg.version) problems.push(`${at}.version: required for ${pkg.registryType} packages`);
    if (pkg.version === 'latest') problems.push(`${at}.version: "latest" is not a version`);
    if (pkg.fileSha256 !== null && !/^[a-f0-9]{64}$/.test(pkg.fileSha256)) problems.push(`${at}.fileSha256: 64 lowercase hexadecimal digits`);
    if (pkg.registryType === 'mcpb' && pkg.fileSha256 === null) problems.push(`${at}.fileSha256: required for mcpb packages`);
    pkg.environmentVariables.forEach((variable, j) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.name)) problems.push(`${at}.environmentVariables[${j}].name: "${variable.name}" is not an environment variable name`);
    });
  });
  server.remotes.forEach((remote, i) => {
    if (!/^https?:\/\//.test(remote.url)) problems.push(`remotes[${i}].url: must be an http(s) URL`);
  });
  return problems;
}

function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  return issue ? issueText(issue, prefix) : `${prefix}: not readable`;
}

function issueText(issue: z.ZodError['issues'][number], prefix?: string): string {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const where = `${prefix ?? ''}${path}`.replace(/^\./, '') || prefix || 'server';
  return `${where}: ${issue.message}`;
}
