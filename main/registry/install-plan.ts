import { AppError } from '../errors/app-error.ts';
import type { TransportInput } from '../mcp/inputs.ts';
import { invalid } from './mcpb-bundles.ts';
import { bundleCommand, bundleFields, ManifestProblem, type McpbManifest } from './mcpb-manifest.ts';
import type {
  RegistryArgument,
  RegistryInput,
  RegistryInstallField,
  RegistryInstallPlan,
  RegistryPackage,
  RegistryRemote,
  RegistryServerDetail,
} from './types.ts';

/**
 * From a registry entry to an MCP server config. The command comes from the package:
 *   npm   → npx -y <identifier>@<version>          pypi  → uvx <identifier>==<version>
 *   oci   → docker run -i --rm [-e VAR]… <image>   nuget → dnx <identifier>@<version> --yes
 * (`runtimeHint` names the runner when given, `runtimeArguments` go before the package and
 * `packageArguments` after it.) An mcpb bundle runs what its manifest's `mcp_config` names, in the
 * folder it was unpacked into (`bundle`), its `user_config` options asked for as fields. A remote is
 * its URL with its `{variables}` filled and its headers.
 *
 * Every input the entry declares (environment variables, arguments, headers, URL variables) is a
 * field: required ones must be given (or have a default), choices and formats are checked. A
 * secret value never goes into the config: the config holds `${NAME}` and the value is sealed in
 * the vault under NAME (McpServerSecrets), which the gateway opens at connect time.
 */

export type InstallTarget = { kind: 'package' | 'remote'; index: number };

/** An mcpb package's manifest and the folder it is (or will be) unpacked into. */
export interface BundleAt {
  manifest: McpbManifest;
  dir: string;
}

export interface BuiltInstall {
  transport: TransportInput;
  /** Secret values by the placeholder name that reads them. */
  sealed: Record<string, string>;
  /** The non-secret values the operator gave, by field key (kept, so an update keeps them). */
  inputs: Record<string, string>;
}

const runners: Record<string, string> = { npm: 'npx', pypi: 'uvx', oci: 'docker', nuget: 'dnx' };

/** The mcpb package a target installs (whose bundle the install needs, and the plan when it can be checked), or null. */
export function bundlePackage(server: RegistryServerDetail, target: InstallTarget): { pkg: RegistryPackage; checkable: boolean } | null {
  if (target.kind !== 'package') return null;
  const pkg = targetOf(server, target) as RegistryPackage;
  return pkg.registryType === 'mcpb' ? { pkg, checkable: unsupportedPackage(pkg) === null } : null;
}

export function defaultTarget(server: RegistryServerDetail): InstallTarget {
  const index = server.packages.findIndex((pkg) => unsupportedPackage(pkg) === null);
  if (index >= 0) return { kind: 'package', index };
  if (server.remotes.length > 0) return { kind: 'remote', index: 0 };
  return { kind: 'package', index: 0 };
}

function unsupportedPackage(pkg: RegistryPackage): string | null {
  if (pkg.registryType === 'mcpb') {
    return /^[a-f0-9]{64}$/i.test(pkg.fileSha256 ?? '') ? null : 'the registry gives no fileSha256 for this bundle, so what would be downloaded could not be checked';
  }
  if (!(pkg.registryType in runners)) return `its package registry is "${pkg.registryType}", which names no way to run it`;
  if (pkg.transport.type !== 'stdio') return `the package serves ${pkg.transport.type} itself; start it yourself and add its URL as an MCP server`;
  return null;
}

function targetOf(server: RegistryServerDetail, target: InstallTarget): RegistryPackage | RegistryRemote {
  const list: ReadonlyArray<RegistryPackage | RegistryRemote> = target.kind === 'package' ? server.packages : server.remotes;
  const found = list[target.index];
  if (found) return found;
  throw new AppError(
    'registry_install_target_missing',
    `${server.name} ${server.version} has no ${target.kind} ${target.index} (it has ${server.packages.length} package(s) and ${server.remotes.length} remote(s)).`,
    'Choose one it has: `crewship registry show <name>` lists them, numbered from 0.',
  );
}

/** Each input as a field, keyed as `--env KEY=value` names it. */
interface FieldSource {
  field: RegistryInstallField;
  input: RegistryInput;
}

function field(key: string, kind: RegistryInstallField['kind'], label: string, input: RegistryInput): FieldSource {
  return {
    input,
    field: {
      key,
      kind,
      label,
      description: input.description,
      isRequired: input.isRequired,
      isSecret: input.isSecret,
      format: input.format,
      default: input.default,
      placeholder: input.placeholder,
      choices: input.choices,
    },
  };
}

/** An input with a fixed value asks only for the variables its value names; one without asks for itself. */
function fieldsOfInput(key: string, kind: RegistryInstallField['kind'], label: string, input: RegistryInput): FieldSource[] {
  if (input.value !== null) return Object.entries(input.variables).map(([name, variable]) => field(name, kind, `${label}: {${name}}`, variable));
  return [field(key, kind, label, input)];
}

function argumentKey(arg: RegistryArgument, i: number): string {
  return arg.type === 'named' ? arg.name : (arg.valueHint ?? `arg${i + 1}`);
}

function fieldSources(server: RegistryServerDetail, target: InstallTarget, bundle: BundleAt | null): FieldSource[] {
  const chosen = targetOf(server, target);
  if (target.kind === 'remote') {
    const remote = chosen as RegistryRemote;
    return [
      ...Object.entries(remote.variables).map(([name, input]) => field(name, 'url-variable', `URL {${name}}`, input)),
      ...remote.headers.flatMap((header) => fieldsOfInput(header.name, 'header', `Header ${header.name}`, header)),
    ];
  }
  const pkg = chosen as RegistryPackage;
  return [
    ...pkg.environmentVariables.flatMap((variable) => fieldsOfInput(variable.name, 'env', variable.name, variable)),
    ...[...pkg.runtimeArguments, ...pkg.packageArguments].flatMap((arg, i) => fieldsOfInput(argumentKey(arg, i), 'argument', `Argument ${argumentKey(arg, i)}`, arg)),
    ...(bundle ? bundleFields(bundle.manifest).map((setting) => ({ field: setting, input: settingInput })) : []),
  ];
}

/** A bundle's user_config option is given as it is (no fixed value, no variables of its own). */
const settingInput: RegistryInput = {
  description: null,
  isRequired: false,
  isSecret: false,
  format: 'string',
  value: null,
  default: null,
  placeholder: null,
  choices: [],
  variables: {},
};

export function installPlan(server: RegistryServerDetail, target: InstallTarget, bundle: BundleAt | null = null): RegistryInstallPlan {
  const chosen = targetOf(server, target);
  const unsupported = target.kind === 'package' ? unsupportedPackage(chosen as RegistryPackage) : null;
  const fields = fieldSources(server, target, bundle).map((source) => source.field);
  const summary = target.kind === 'remote' ? `${(chosen as RegistryRemote).type} ${(chosen as RegistryRemote).url}` : packageSummary(chosen as RegistryPackage, bundle);
  return { name: server.name, version: server.version, target, summary, fields, unsupported };
}

function packageSummary(pkg: RegistryPackage, bundle: BundleAt | null): string {
  if (unsupportedPackage(pkg) !== null || (pkg.registryType === 'mcpb' && bundle === null)) return `${pkg.registryType} ${pkg.identifier}${pkg.version ? ` ${pkg.version}` : ''}`;
  const { command, args } = commandOf(pkg, () => '<value>', new Set(pkg.environmentVariables.map((variable) => variable.name)), bundle);
  return [command, ...args].join(' ');
}

/** Builds the config's transport from the operator's values, checked against what the entry declares. */
export function buildInstall(server: RegistryServerDetail, target: InstallTarget, given: Readonly<Record<string, string>>, bundle: BundleAt | null = null): BuiltInstall {
  const chosen = targetOf(server, target);
  if (target.kind === 'package') {
    const reason = unsupportedPackage(chosen as RegistryPackage);
    if (reason) throw new AppError('registry_package_unsupported', `Package ${target.index} of ${server.name} cannot be installed: ${reason}.`, 'Choose another package with --package <i>, or a remote with --remote <i>.');
  }
  const sources = fieldSources(server, target, bundle);
  const known = new Set(sources.map((source) => source.field.key));
  const problems: string[] = [];
  for (const key of Object.keys(given)) if (!known.has(key)) problems.push(`${key}: ${server.name} asks for no such value (it asks for ${[...known].join(', ') || 'nothing'})`);
  const values: Record<string, string> = {};
  const missing: RegistryInstallField[] = [];
  for (const { field: f } of sources) {
    const value = given[f.key] ?? f.default ?? undefined;
    if (value === undefined || value === '') {
      if (f.isRequired) missing.push(f);
      continue;
    }
    const problem = checkValue(f, value);
    if (problem) problems.push(`${f.key}: ${problem}`);
    else values[f.key] = value;
  }
  if (missing.length > 0) {
    throw new AppError(
      'registry_install_input_missing',
      `${server.name} needs ${missing.map((f) => `${f.key}${f.description ? ` (${f.description})` : ''}`).join(', ')}.`,
      `Give ${missing.length === 1 ? 'it' : 'each'} with --env ${missing[0]?.key}=<value> (or in the install form)${missing.some((f) => f.isSecret) ? '; secret values are sealed in the vault' : ''}.`,
    );
  }
  if (problems.length > 0) throw new AppError('registry_install_input_invalid', `The values for ${server.name} do not fit: ${problems.join('; ')}.`, 'Correct them; `crewship registry show <name>` lists what each value accepts.');

  const secretKeys = new Set(sources.filter((source) => source.field.isSecret).map((source) => source.field.key));
  const sealed: Record<string, string> = {};
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (!secretKeys.has(key)) inputs[key] = value;
  /** A field's value for the config: the value, or for a secret `${NAME}` with the value sealed under NAME. */
  const valueOf = (key: string): string | undefined => {
    const value = values[key];
    if (value === undefined) return undefined;
    if (!secretKeys.has(key)) return value;
    const name = sealedName(key);
    sealed[name] = value;
    return `\${${name}}`;
  };
  const render = (key: string, input: RegistryInput): string | undefined => {
    if (input.value === null) return valueOf(key);
    let unresolved = false;
    const text = input.value.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
      if (!(name in input.variables)) return match;
      const value = valueOf(name);
      if (value === undefined) unresolved = true;
      return value ?? '';
    });
    return unresolved ? undefined : text;
  };

  if (target.kind === 'remote') {
    const remote = chosen as RegistryRemote;
    const url = remote.url.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => (name in remote.variables ? (valueOf(name) ?? '') : match));
    const headers: Record<string, string> = {};
    for (const header of remote.headers) {
      const value = render(header.name, header);
      if (value !== undefined) headers[header.name] = value;
    }
    return { transport: { type: remote.type, url, headers }, sealed, inputs };
  }
  const pkg = chosen as RegistryPackage;
  const env: Record<string, string> = {};
  for (const variable of pkg.environmentVariables) {
    const value = render(variable.name, variable);
    if (value !== undefined) env[variable.name] = value;
  }
  const { command, args, env: bundleEnv } = commandOf(pkg, (arg, i) => render(argumentKey(arg, i), arg), new Set(Object.keys(env)), bundle, valueOf);
  return { transport: { type: 'stdio', command, args, env: { ...bundleEnv, ...env }, cwd: bundle?.dir ?? null }, sealed, inputs };
}

/** The package's command line; `valueOf` gives an argument's value (undefined: left out). */
function commandOf(
  pkg: RegistryPackage,
  valueOf: (arg: RegistryArgument, i: number) => string | undefined,
  envNames: ReadonlySet<string>,
  bundle: BundleAt | null,
  settingOf: (key: string) => string | undefined = () => '<value>',
): { command: string; args: string[]; env?: Record<string, string> } {
  if (pkg.registryType === 'mcpb') {
    if (bundle === null) throw new Error('an mcpb package is built from its unpacked bundle');
    try {
      return bundleCommand(bundle.manifest, bundle.dir, settingOf);
    } catch (error) {
      if (error instanceof ManifestProblem) throw invalid(pkg, error.message);
      throw error;
    }
  }
  const all = [...pkg.runtimeArguments, ...pkg.packageArguments];
  const rendered = all.map((arg, i) => {
    const value = valueOf(arg, i);
    if (value === undefined) return [];
    return arg.type === 'named' ? [arg.name, value] : [value];
  });
  const runtimeArgs = rendered.slice(0, pkg.runtimeArguments.length).flat();
  const packageArgs = rendered.slice(pkg.runtimeArguments.length).flat();
  const command = pkg.runtimeHint ?? (runners[pkg.registryType] as string);
  const version = pkg.version;
  switch (pkg.registryType) {
    case 'npm':
      return { command, args: [...(runtimeArgs.length > 0 ? runtimeArgs : ['-y']), version ? `${pkg.identifier}@${version}` : pkg.identifier, ...packageArgs] };
    case 'pypi':
      return { command, args: [...runtimeArgs, version ? `${pkg.identifier}==${version}` : pkg.identifier, ...packageArgs] };
    case 'oci': {
      const lastPart = pkg.identifier.split('/').pop() ?? '';
      const image = version && !lastPart.includes(':') && !lastPart.includes('@') ? `${pkg.identifier}:${version}` : pkg.identifier;
      // The child's environment reaches the container only through -e.
      const passEnv = [...envNames].flatMap((name) => ['-e', name]);
      return { command, args: ['run', '-i', '--rm', ...runtimeArgs, ...passEnv, image, ...packageArgs] };
    }
    default:
      return { command, args: [...runtimeArgs, version ? `${pkg.identifier}@${version}` : pkg.identifier, '--yes', ...packageArgs] };
  }
}

/** The placeholder a secret field's value is sealed under: its key as an environment variable name. */
export function sealedName(key: string): string {
  const base = key.replace(/^-+/, '').toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  const name = /^[A-Z_]/.test(base) ? base : `_${base}`;
  return /^CREWSHIP_/.test(name) ? `SERVER_${name}` : name;
}

function checkValue(f: RegistryInstallField, value: string): string | null {
  if (value.includes('${')) return 'a value may not hold ${…} (it would be read as a placeholder)';
  if (value.length > 8192) return 'at most 8192 characters';
  if (f.choices.length > 0 && !f.choices.includes(value)) return `one of ${f.choices.join(', ')}`;
  if (f.format === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return 'a number';
  if (f.format === 'boolean' && !['true', 'false'].includes(value)) return 'true or false';
  return null;
}

