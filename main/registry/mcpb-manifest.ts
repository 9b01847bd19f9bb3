import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { RegistryInstallField } from './types.ts';

/**
 * An MCPB bundle's manifest.json (manifest_version 0.2–0.4, or dxt_version): what the console
 * needs of it — the server's `mcp_config` (command, args, env, per-platform overrides) and the
 * `user_config` options it asks the operator for. The config's strings are templates:
 * `${__dirname}` is the folder the bundle is unpacked into, `${user_config.<key>}` an option's value,
 * `${HOME}`, `${DESKTOP}`, `${DOCUMENTS}`, `${DOWNLOADS}`, `${/}` and `${pathSeparator}` what the
 * MCPB hosts give them. A path under `${__dirname}` must stay in that folder.
 */

const userOption = z.object({
  type: z.enum(['string', 'number', 'boolean', 'directory', 'file']),
  title: z.string().min(1),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  sensitive: z.boolean().optional(),
  multiple: z.boolean().optional(),
});

const mcpConfig = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  platform_overrides: z
    .record(z.string(), z.object({ command: z.string().min(1).optional(), args: z.array(z.string()).optional(), env: z.record(z.string(), z.string()).optional() }))
    .default({}),
});

const manifestSchema = z
  .object({
    manifest_version: z.string().optional(),
    dxt_version: z.string().optional(),
    name: z.string().min(1),
    version: z.string().min(1),
    server: z.object({
      type: z.enum(['node', 'python', 'binary', 'uv']),
      entry_point: z.string().min(1).optional(),
      mcp_config: mcpConfig.optional(),
    }),
    user_config: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a user_config key is letters, digits and _'), userOption).default({}),
  })
  .refine((manifest) => manifest.manifest_version !== undefined || manifest.dxt_version !== undefined, 'manifest_version is required');

export type McpbManifest = z.output<typeof manifestSchema>;
type UserOption = z.output<typeof userOption>;

/** The manifest, or what is wrong with it (the first problem, by its path). */
export function parseManifest(text: string): McpbManifest | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'manifest.json is not JSON' };
  }
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) {
    if (!parsed.data.server.mcp_config) return { problem: 'manifest.json: server.mcp_config is missing (the console runs what it names)' };
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  return { problem: `manifest.json: ${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'not readable'}` };
}

/** The manifest's user_config options as install fields (keyed by the option's key). */
export function bundleFields(manifest: McpbManifest): RegistryInstallField[] {
  return Object.entries(manifest.user_config).map(([key, option]) => ({
    key,
    kind: 'setting',
    label: option.title,
    description: option.description ?? null,
    isRequired: option.required ?? false,
    isSecret: option.sensitive ?? false,
    format: formatOf(option),
    default: option.default === undefined ? null : Array.isArray(option.default) ? option.default.join(',') : String(option.default),
    placeholder: null,
    choices: [],
  }));
}

function formatOf(option: UserOption): RegistryInstallField['format'] {
  if (option.type === 'number' || option.type === 'boolean') return option.type;
  return option.type === 'string' ? 'string' : 'filepath';
}

export interface BundleCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * The command the manifest names for this platform, its templates filled: `dir` for
 * `${__dirname}`, `option(key)` for `${user_config.key}` (undefined: the option has no value, which
 * leaves an argument out and an environment variable unset). Throws a sentence when a template
 * names nothing known or a path leaves the bundle's folder.
 */
export function bundleCommand(manifest: McpbManifest, dir: string, option: (key: string) => string | undefined): BundleCommand {
  const config = manifest.server.mcp_config as NonNullable<McpbManifest['server']['mcp_config']>;
  const override = config.platform_overrides[process.platform] ?? {};
  const fill = (template: string, where: string): string | undefined => {
    let unset = false;
    const filled = template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (name.startsWith('user_config.')) {
        const key = name.slice('user_config.'.length);
        if (!(key in manifest.user_config)) throw new ManifestProblem(`${where} names \${${name}}, which user_config does not declare`);
        const value = option(key);
        if (value === undefined) unset = true;
        return value ?? '';
      }
      const known = hostVariable(name, dir);
      if (known === undefined) throw new ManifestProblem(`${where} names \${${name}}, which no MCPB host fills`);
      return known;
    });
    if (template.includes('${__dirname}')) insideBundle(filled.slice(filled.indexOf(dir)), dir, where);
    return unset ? undefined : filled;
  };
  const command = fill(override.command ?? config.command, 'mcp_config.command');
  if (command === undefined || command === '') throw new ManifestProblem('mcp_config.command is empty once filled');
  const args = (override.args ?? config.args).flatMap((arg, i) => {
    const filled = fill(arg, `mcp_config.args[${i}]`);
    return filled === undefined ? [] : [filled];
  });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...config.env, ...override.env })) {
    const filled = fill(value, `mcp_config.env.${key}`);
    if (filled !== undefined) env[key] = filled;
  }
  if (manifest.server.entry_point !== undefined) insideBundle(resolve(dir, manifest.server.entry_point), dir, 'server.entry_point');
  return { command, args, env };
}

export class ManifestProblem extends Error {}

function hostVariable(name: string, dir: string): string | undefined {
  switch (name) {
    case '__dirname':
      return dir;
    case 'HOME':
      return homedir();
    case 'DESKTOP':
    case 'DOCUMENTS':
    case 'DOWNLOADS':
      return join(homedir(), name[0] + name.slice(1).toLowerCase());
    case '/':
    case 'pathSeparator':
      return sep;
    default:
      return undefined;
  }
}

function insideBundle(path: string, dir: string, where: string): void {
  const resolved = resolve(path);
  if (resolved !== dir && !resolved.startsWith(dir + sep)) throw new ManifestProblem(`${where} reaches outside the bundle’s folder (${path})`);
}
