import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { RegistryInput, RegistryPackage, RegistryServerDetail, RegistrySource, RegistrySyncStatus } from '../../registry/types.ts';
import { callMethod } from '../core-session.ts';
import { BadOption, collect, EXIT_FAILURE, positiveInt, printJson, printLines, printTable, rewriteLine, run } from '../kit.ts';
import { scopeOf, withScope, type ScopeOptions } from './mcp/scope.ts';

const registryOption = ['--registry <url>', 'the registry’s base URL (default: CREWSHIP_REGISTRY_URL, the setting, else the official registry)'] as const;

export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('The MCP registry: sync a local cache, search and show entries, install one as an MCP server.');
  registerCacheCommands(registry);
  registerBrowseCommands(registry);
  registerInstallCommands(registry);
  registerSourceCommands(registry);
}

/** registry source add|list|enable|disable|remove|sync: the registries the cache syncs from. */
function registerSourceCommands(registry: Command): void {
  const source = registry.command('source').description('The registries the cache syncs from: the official one by default, and any that speak the same API (a company’s sub-registry).');
  const printSources = (sources: RegistrySource[]) =>
    printTable(sources, [
      ['NAME', (row) => row.name],
      ['URL', (row) => row.url],
      ['STATE', (row) => `${row.enabled ? 'enabled' : 'disabled'}${row.origin === 'primary' ? ', in use' : ''}`],
      ['ENTRIES', (row) => String(row.entries)],
      ['LAST SYNC', (row) => (row.sync.error ? `${row.sync.state}: [${row.sync.error.code}] ${row.sync.error.message}` : row.sync.state)],
    ], 'No sources. Add one with `crewship registry source add <url>`.');

  source
    .command('list')
    .description('The sources, their entries and last sync.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const sources = await callMethod('registry.sources.list', {}, output);
        if (!sources) return;
        if (output.json) return printJson(sources);
        printSources(sources);
      }),
    );

  source
    .command('add <url>')
    .description('Add a registry that speaks the MCP registry API (its base URL; the console asks <base>/v0.1/servers).')
    .option('--name <name>', 'how lists show it (default: its host)')
    .option('--json', 'print JSON')
    .action(async (url: string, options: { name?: string; json?: boolean }) =>
      run(options, async (output) => {
        const added = await callMethod('registry.sources.add', { url, name: options.name }, output);
        if (!added) return;
        if (output.json) return printJson(added);
        printLines([`Added registry source ${added.name} (${added.url}).`, '  sync it: crewship registry sync --all']);
      }),
    );

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    source
      .command(`${verb} <source>`)
      .description(enabled ? 'Sync this source again with the others.' : 'Leave this source out of syncs (its cached entries stay).')
      .option('--json', 'print JSON')
      .action(async (ref: string, options: { json?: boolean }) =>
        run(options, async (output) => {
          const updated = await callMethod('registry.sources.update', { source: ref, enabled }, output);
          if (!updated) return;
          if (output.json) return printJson(updated);
          printLines([`Registry source ${updated.name} is ${updated.enabled ? 'enabled' : 'disabled'}.`]);
        }),
      );
  }

  source
    .command('rename <source> <name>')
    .description('Give a source (by URL or name) another name, as lists and --source show it.')
    .option('--json', 'print JSON')
    .action(async (ref: string, name: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const renamed = await callMethod('registry.sources.update', { source: ref, name }, output);
        if (!renamed) return;
        if (output.json) return printJson(renamed);
        printLines([`Registry source ${renamed.url} is now named ${renamed.name}.`]);
      }),
    );

  source
    .command('remove <source>')
    .description('Remove an added source (by URL or name) and its cached entries; MCP servers installed from it stay.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const removed = await callMethod('registry.sources.remove', { source: ref }, output);
        if (!removed) return;
        if (output.json) return printJson(removed);
        printLines([`Removed registry source ${removed.name} (${removed.url}) and its ${removed.entriesRemoved} cached entries.`]);
      }),
    );
}

/** registry sync, status and url: the local cache of the registry and where it is read from. */
function registerCacheCommands(registry: Command): void {
  registry
    .command('sync')
    .description('Sync the local cache from the registry (incremental after the first; an interrupted sync goes on from its last page).')
    .option(...registryOption)
    .option('--all', 'every enabled source (`crewship registry source list`), each from where it left off')
    .option('--json', 'print JSON')
    .action(async (options: { registry?: string; all?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        if (options.all) {
          if (options.registry) throw new BadOption('give --registry or --all, not both');
          return syncAll(output);
        }
        let shown = false;
        const status = await callMethod('registry.sync.start', { registry: options.registry, wait: true }, output, {
          onEvent: (event) => {
            if (output.json || event.name !== 'registry.syncProgress') return;
            shown = true;
            rewriteLine(progressLine(event.payload));
          },
        });
        if (shown) printLines(['']);
        if (!status) return;
        if (output.json) return printJson(status);
        printLines(syncLines(status));
      }),
    );

  registry
    .command('status')
    .description('The cache and its last sync: pages, servers, skipped entries, rate, the last error.')
    .option(...registryOption)
    .option('--json', 'print JSON')
    .action(async (options: { registry?: string; json?: boolean }) =>
      run(options, async (output) => {
        const status = await callMethod('registry.sync.status', { registry: options.registry }, output);
        if (!status) return;
        if (output.json) return printJson(status);
        printLines(syncLines(status));
      }),
    );

  registry
    .command('url [url]')
    .description('Show the registry URL syncs use, or set it (the setting; CREWSHIP_REGISTRY_URL and --registry still win).')
    .option('--reset', 'back to the official registry')
    .option('--json', 'print JSON')
    .action(async (url: string | undefined, options: { reset?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        if (url && options.reset) throw new BadOption('give a URL or --reset, not both');
        const result = url || options.reset ? await callMethod('registry.settings.update', { url: url ?? null }, output) : await callMethod('registry.settings.get', {}, output);
        if (!result) return;
        if (output.json) return printJson(result);
        printLines([`${result.url} (${result.from === 'default' ? 'the official registry' : `from ${result.from}`})`]);
      }),
    );
}

const SOURCE_OPTION = 'only the entries of this source, by name or URL (`crewship registry source list`)';

/** registry search and show: what the cache holds. */
function registerBrowseCommands(registry: Command): void {
  registry
    .command('search [words...]')
    .description('Search the cache by name, title and description (every word as a prefix); no words lists everything.')
    .option('--transport <type>', 'stdio, streamable-http or sse')
    .option('--package-type <type>', 'npm, pypi, oci, nuget, mcpb…')
    .option('--remote', 'only servers with a remote')
    .option('--local', 'only servers with a package')
    .option('--category <category>', 'e.g. databases, "developer tools", search, communication')
    .option('--all-versions', 'every version, not only the latest')
    .option('--source <source>', SOURCE_OPTION)
    .option('--limit <n>', 'at most this many (default 50)', (value) => positiveInt(value, '--limit'))
    .option('--json', 'print JSON')
    .action(async (words: string[], options: SearchOptions) =>
      run(options, async (output) => {
        if (options.remote && options.local) throw new BadOption('give --remote or --local, not both');
        const transport = options.transport;
        if (transport !== undefined && !['stdio', 'streamable-http', 'sse'].includes(transport)) throw new BadOption(`--transport "${transport}" is not stdio, streamable-http or sse`);
        const result = await callMethod(
          'registry.search',
          {
            query: words.join(' ') || undefined,
            transport: transport as 'stdio' | 'streamable-http' | 'sse' | undefined,
            packageType: options.packageType,
            kind: options.remote ? 'remote' : options.local ? 'local' : undefined,
            category: options.category,
            latestOnly: !options.allVersions,
            source: options.source,
            limit: Math.min(options.limit ?? 50, 1000),
          },
          output,
        );
        if (!result) return;
        if (output.json) return printJson(result);
        printTable(
          result.rows,
          [
            ['NAME', (row) => row.name],
            ['VERSION', (row) => `${row.version}${row.status === 'active' ? '' : ` (${row.status})`}`],
            ['CATEGORY', (row) => row.category],
            ['RUNS', (row) => [...row.packageTypes, ...(row.hasRemotes ? ['remote'] : [])].join(', ')],
            ['DESCRIPTION', (row) => (row.description.length > 70 ? `${row.description.slice(0, 69)}…` : row.description)],
          ],
          'Nothing matches. Sync first (`crewship registry sync`) if the cache is empty, or try fewer words.',
        );
        if (result.total > result.rows.length) printLines([`${result.rows.length} of ${result.total}; --limit shows more.`]);
      }),
    );

  registry
    .command('show <name>')
    .description('One entry: packages and remotes (numbered, for install), the values they ask for, verification, versions.')
    .option('--version <version>', 'this version instead of the latest')
    .option('--source <source>', SOURCE_OPTION)
    .option('--json', 'print JSON')
    .action(async (name: string, options: { version?: string; source?: string; json?: boolean }) =>
      run(options, async (output) => {
        const server = await callMethod('registry.show', { name, version: options.version, source: options.source }, output);
        if (!server) return;
        if (output.json) return printJson(server);
        printLines(detailLines(server));
      }),
    );
}

/** registry install and update: an entry as an MCP server config of the workspace. */
function registerInstallCommands(registry: Command): void {
  withScope(
    registry
      .command('install [name]')
      .description('Install an entry’s package (or remote) as an MCP server; values with --env KEY=value, secret ones sealed in the vault.')
      .option('--version <version>', 'this version instead of the latest')
      .option('--source <source>', SOURCE_OPTION)
      .option('--package <i>', 'the package to run, numbered as `registry show` lists them', (value) => index(value, '--package'))
      .option('--remote <i>', 'the remote to reach instead', (value) => index(value, '--remote'))
      .option('--env <KEY=value>', 'a value it asks for: an environment variable, argument, header or URL variable (repeatable)', collect)
      .option('--name <name>', 'the MCP server’s name (default: the last part of the registry name)')
      .option('--file <server.json>', 'install from a server.json file instead of the cache'),
  )
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, options: InstallOptions) =>
      run(options, async (output) => {
        if ((name === undefined) === (options.file === undefined)) throw new BadOption('give a registry server name or --file server.json');
        if (options.package !== undefined && options.remote !== undefined) throw new BadOption('give --package or --remote, not both');
        const installed = await callMethod(
          'registry.install',
          {
            name,
            version: options.version,
            source: options.source,
            file: options.file === undefined ? undefined : readFile(options.file),
            target: options.remote !== undefined ? { kind: 'remote', index: options.remote } : options.package !== undefined ? { kind: 'package', index: options.package } : undefined,
            values: values(options.env),
            serverName: options.name,
            scope: scopeOf(options) ?? { kind: 'workspace' },
          },
          output,
        );
        if (!installed) return;
        if (output.json) return printJson(installed);
        printLines([
          `Installed ${installed.registryName} ${installed.version} as MCP server ${installed.server.name}.`,
          `  runs: ${installed.summary}`,
          ...(installed.sealed.length > 0 ? [`  sealed in the vault: ${installed.sealed.join(', ')} (the config reads them as \${NAME})`] : []),
          `  connect it: crewship mcp status ${installed.server.name}`,
        ]);
      }),
    );

  registry
    .command('update <server>')
    .description('Move an MCP server installed from the registry to the latest cached version, keeping its values.')
    .option('--env <KEY=value>', 'a value to change or that the new version asks for (repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (server: string, options: { env?: string[]; json?: boolean }) =>
      run(options, async (output) => {
        const updated = await callMethod('registry.installs.update', { server, values: values(options.env) }, output);
        if (!updated) return;
        if (output.json) return printJson(updated);
        printLines([`${updated.server.name} is now ${updated.registryName} ${updated.version}.`, `  runs: ${updated.summary}`]);
      }),
    );
}

async function syncAll(output: Parameters<typeof callMethod>[2]): Promise<void> {
  const sources = await callMethod('registry.sources.sync', { wait: true }, output);
  if (!sources) return;
  if (output.json) return printJson(sources);
  printLines(
    sources.map((source) =>
      !source.enabled
        ? `${source.name} (${source.url}): disabled, not synced; ${source.entries} cached entries.`
        : source.sync.error
          ? `${source.name} (${source.url}): ${source.sync.state}: [${source.sync.error.code}] ${source.sync.error.message}`
          : `${source.name} (${source.url}): ${source.sync.state}, ${source.sync.servers} servers read; ${source.entries} cached entries.`,
    ),
  );
  if (sources.some((source) => source.enabled && source.sync.error)) process.exitCode = EXIT_FAILURE;
}

interface SearchOptions {
  transport?: string;
  packageType?: string;
  remote?: boolean;
  local?: boolean;
  category?: string;
  allVersions?: boolean;
  source?: string;
  limit?: number;
  json?: boolean;
}

interface InstallOptions extends ScopeOptions {
  source?: string;
  version?: string;
  package?: number;
  remote?: number;
  env?: string[];
  name?: string;
  file?: string;
  json?: boolean;
}

function index(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new BadOption(`${option} "${value}" is not a number from 0`);
  return number;
}

function values(pairs: string[] = []): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new BadOption(`--env "${pair}" is not KEY=value`);
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new BadOption(`cannot read ${path}`, 'invalid_option', 'Check the path of the server.json file.');
  }
}

function progressLine(status: RegistrySyncStatus): string {
  return `Syncing ${status.source}: page ${status.pages}, ${status.servers} servers${status.skipped > 0 ? `, ${status.skipped} skipped` : ''}, ${status.ratePerSecond}/s`;
}

function syncLines(status: RegistrySyncStatus): string[] {
  const state =
    status.state === 'never'
      ? 'never synced — run `crewship registry sync`'
      : status.state === 'finished'
        ? `synced ${status.finishedAt}`
        : status.state === 'running'
          ? 'a sync is running'
          : `${status.state} — \`crewship registry sync\` goes on from its last page`;
  return [
    `${status.source}: ${state}`,
    `  cache: ${status.cached} entries`,
    ...(status.state === 'never'
      ? []
      : [`  last run: ${status.pages} pages, ${status.servers} servers, ${status.skipped} skipped, ${status.ratePerSecond}/s${status.updatedSince ? `, changes since ${status.updatedSince}` : ''}`]),
    ...status.problems.slice(0, 5).map((problem) => `  skipped (page ${problem.page}) ${problem.name ?? 'an entry without a name'}: ${problem.reason}`),
    ...(status.error ? [`  error: ${status.error.message} [${status.error.code}]`, `  hint: ${status.error.hint}`] : []),
  ];
}

function inputLine(key: string, input: RegistryInput): string {
  const flags = [input.isRequired ? 'required' : 'optional', ...(input.isSecret ? ['secret'] : []), ...(input.default !== null ? [`default ${input.default}`] : []), ...(input.choices.length > 0 ? [`one of ${input.choices.join('|')}`] : [])];
  return `      ${key} (${flags.join(', ')})${input.description ? `: ${input.description}` : ''}`;
}

function packageLines(pkg: RegistryPackage, i: number): string[] {
  return [
    `  package ${i}: ${pkg.registryType} ${pkg.identifier}${pkg.version ? ` ${pkg.version}` : ''} (${pkg.transport.type}${pkg.runtimeHint ? `, runs with ${pkg.runtimeHint}` : ''})`,
    ...pkg.environmentVariables.map((variable) => inputLine(variable.name, variable)),
    ...[...pkg.runtimeArguments, ...pkg.packageArguments].filter((arg) => arg.value === null).map((arg) => inputLine(arg.type === 'named' ? arg.name : (arg.valueHint ?? 'argument'), arg)),
  ];
}

function detailLines(server: RegistryServerDetail): string[] {
  return [
    `${server.name} ${server.version}${server.isLatest ? ' (latest)' : ''}${server.title ? ` — ${server.title}` : ''}`,
    `  ${server.description || '(no description)'}`,
    `  status: ${server.status}${server.statusMessage ? ` (${server.statusMessage})` : ''}`,
    `  category: ${server.category}${server.categorySource === 'classifier' ? ' (from its words)' : ' (from the publisher)'}`,
    `  verification: ${server.verification.statement}`,
    ...(server.repository ? [`  repository: ${server.repository.url}${server.repository.subfolder ? ` (${server.repository.subfolder})` : ''}`] : []),
    ...(server.websiteUrl ? [`  website: ${server.websiteUrl}`] : []),
    `  source: ${server.source}`,
    ...server.packages.flatMap(packageLines),
    ...server.remotes.flatMap((remote, i) => [
      `  remote ${i}: ${remote.type} ${remote.url}`,
      ...Object.entries(remote.variables).map(([key, input]) => inputLine(`{${key}}`, input)),
      ...remote.headers.map((header) => inputLine(`header ${header.name}`, header)),
    ]),
    `  versions: ${server.versions.map((version) => `${version.version}${version.isLatest ? '*' : ''}${version.status === 'active' ? '' : ` (${version.status})`}`).join(', ')}`,
  ];
}
