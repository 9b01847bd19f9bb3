import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { requireJsonDepth } from '../../errors/json-depth.ts';
import type { MethodInput } from '../../rpc/contract.ts';
import type { McpCallRecord, McpContent, McpServerConfig, McpServerStatus, McpTool } from '../../mcp/types.ts';
import { callMethod } from '../core-session.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from '../exit-codes.ts';
import { printError, printJson, printTable, type Output } from '../output.ts';

type ScopeOptions = { crew?: string; agent?: string };
type ServerOptions = ScopeOptions & {
  command?: string;
  arg?: string[];
  env?: string[];
  cwd?: string;
  url?: string;
  transport?: string;
  header?: string[];
  credential?: string;
  inject?: string;
  provider?: string;
  timeout?: string;
  disabled?: boolean;
  json?: boolean;
};

type CreateInput = MethodInput<'mcp.servers.create'>;
type Scope = NonNullable<CreateInput['scope']>;
type Transport = CreateInput['transport'];
type Injection = NonNullable<MethodInput<'mcp.servers.bindCredential'>['injection']>;

/** Thrown by option parsing: printed as bad input (exit 2). */
class BadOption extends Error {}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerMcpCommands(program: Command): void {
  const mcp = program.command('mcp').description('MCP servers: configure them, see their status and tools, call a tool, import and export .mcp.json.');
  const withScope = (command: Command) =>
    command.option('--crew <crew>', 'the crew the config belongs to (id or slug)').option('--agent <agent>', 'the agent the config belongs to (id or slug)');

  withScope(mcp.command('list').description('List MCP server configs (of every scope, or of one).'))
    .option('--provider <provider>', 'only configs that declare this OAuth provider')
    .option('--json', 'print JSON')
    .action(async (options: ScopeOptions & { provider?: string; json?: boolean }) =>
      run(options, async (output) => {
        const scope = scopeOf(options);
        const servers = await callMethod('mcp.servers.list', { ...(scope ? { scope } : {}), provider: options.provider }, output);
        if (!servers) return;
        if (output.json) return printJson(servers);
        printTable(
          servers,
          [
            ['NAME', (s) => s.name],
            ['SCOPE', (s) => scopeLabel(s)],
            ['TRANSPORT', (s) => s.transport.type],
            ['TARGET', (s) => (s.transport.type === 'stdio' ? [s.transport.command, ...s.transport.args].join(' ') : s.transport.url)],
            ['ENABLED', (s) => (s.enabled ? 'yes' : 'no')],
            ['CREDENTIAL', (s) => (s.credential ? `${s.credential.credentialLabel ?? s.credential.credentialId} (${injectionLabel(s.credential.injection)})` : '-')],
            ['ID', (s) => s.id],
          ],
          'No MCP servers yet. Add one with `crewship mcp add <name> --command <cmd>` or `crewship mcp import .mcp.json`.',
        );
      }),
    );

  mcp
    .command('show <server>')
    .description('Show one MCP server config.')
    .option('--json', 'print JSON')
    .action(async (server: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const found = await callMethod('mcp.servers.get', { server }, output);
        if (!found) return;
        if (output.json) return printJson(found);
        printConfig(found);
      }),
    );

  serverOptions(withScope(mcp.command('add <name>').description('Add an MCP server: stdio (--command) or remote (--url).')))
    .option('--disabled', 'add it switched off')
    .action(async (name: string, options: ServerOptions) =>
      run(options, async (output) => {
        const transport = newTransport(options);
        const created = await callMethod(
          'mcp.servers.create',
          {
            name,
            scope: scopeOf(options) ?? { kind: 'workspace' },
            transport,
            credential: credentialOf(options, transport.type) ?? null,
            provider: options.provider ?? null,
            enabled: !options.disabled,
            connectTimeoutMs: timeoutOf(options),
          },
          output,
        );
        if (!created) return;
        if (output.json) return printJson(created);
        process.stdout.write(`Added MCP server ${created.name} (${scopeLabel(created)}, ${created.transport.type}).\n`);
      }),
    );

  serverOptions(mcp.command('edit <server>').description('Edit an MCP server; options given replace those values (--arg, --env, --header replace the whole list).'))
    .option('--name <name>', 'rename it')
    .option('--no-credential', 'remove its credential')
    .action(async (server: string, options: Omit<ServerOptions, 'credential'> & { name?: string; credential?: string | false }) =>
      run(options, async (output) => {
        const current = await callMethod('mcp.servers.get', { server }, output);
        if (!current) return;
        const transport = editedTransport(current, options);
        const credential =
          options.credential === false ? null : credentialOf({ credential: options.credential, inject: options.inject }, (transport ?? current.transport).type, current);
        const updated = await callMethod(
          'mcp.servers.update',
          {
            server: current.id,
            name: options.name,
            transport,
            credential,
            provider: options.provider,
            connectTimeoutMs: options.timeout === undefined ? undefined : timeoutOf(options),
          },
          output,
        );
        if (!updated) return;
        if (output.json) return printJson(updated);
        process.stdout.write(`Updated MCP server ${updated.name}.\n`);
      }),
    );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    mcp
      .command(`${verb} <server>`)
      .description(`${verb === 'enable' ? 'Enable' : 'Disable'} an MCP server.`)
      .action(async (server: string) =>
        run({}, async (output) => {
          const changed = await callMethod('mcp.servers.setEnabled', { server, enabled }, output);
          if (changed) process.stdout.write(`${changed.name} is ${enabled ? 'enabled' : 'disabled'}.\n`);
        }),
      );
  }

  mcp
    .command('duplicate <server>')
    .description('Copy an MCP server config (the copy starts disabled).')
    .option('--name <name>', 'the copy’s name (default: <name>-copy)')
    .action(async (server: string, options: { name?: string }) =>
      run({}, async (output) => {
        const copy = await callMethod('mcp.servers.duplicate', { server, name: options.name }, output);
        if (copy) process.stdout.write(`Copied to ${copy.name} (disabled).\n`);
      }),
    );

  mcp
    .command('remove <server>')
    .description('Delete an MCP server config.')
    .action(async (server: string) =>
      run({}, async (output) => {
        const removed = await callMethod('mcp.servers.delete', { server }, output);
        if (removed) process.stdout.write(`Removed MCP server ${server}.\n`);
      }),
    );

  mcp
    .command('status [server]')
    .description('Connect every enabled server (or one) and report its status.')
    .option('--json', 'print JSON')
    .action(async (server: string | undefined, options: { json?: boolean }) =>
      run(options, async (output) => {
        const statuses = await callMethod('mcp.servers.connect', { server }, output);
        if (!statuses) return;
        if (output.json) return printJson(statuses);
        printStatuses(statuses);
      }),
    );

  mcp
    .command('tools <server>')
    .description('List the tools of one server (it is connected for the command).')
    .option('--json', 'print JSON')
    .action(async (server: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const list = await callMethod('mcp.tools.list', { server }, output);
        if (!list) return;
        if (output.json) return printJson(list);
        for (const missing of list.unavailable) {
          printError(missing.error ?? { code: 'mcp_server_not_ready', message: `${missing.serverName} is ${missing.state}.`, hint: 'Enable it and try again.' }, output);
          process.exitCode = EXIT_FAILURE;
        }
        printTools(list.tools);
      }),
    );

  mcp
    .command('call <server> <tool>')
    .description('Call a tool; prints its text content (--json: the whole result). Exits 1 when the result has isError.')
    .option('--args <json>', 'the arguments as a JSON object', '{}')
    .option('--agent <agent>', 'the agent the call is made for')
    .option('--timeout <ms>', 'give up after this many milliseconds without progress')
    .option('--json', 'print the whole call record as JSON; progress as JSON lines on stderr')
    .action(async (server: string, tool: string, options: { args: string; agent?: string; timeout?: string; json?: boolean }) =>
      run(options, async (output) => {
        const args = parseArgs(options.args);
        const record = await callMethod(
          'mcp.tools.call',
          { server, tool, arguments: args, agent: options.agent, timeoutMs: options.timeout === undefined ? undefined : positiveInt(options.timeout, '--timeout') },
          output,
          { onEvent: (event) => event.name === 'mcp.callProgress' && printProgress(event.payload, output) },
        );
        if (!record) return;
        printCall(record, output);
        if (record.status !== 'succeeded') process.exitCode = EXIT_FAILURE;
      }),
    );

  withScope(mcp.command('import <file>').description('Import a .mcp.json (`mcpServers` by name) into the workspace, a crew or an agent.'))
    .option('--json', 'print JSON')
    .action(async (file: string, options: ScopeOptions & { json?: boolean }) =>
      run(options, async (output) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new BadOption(`cannot read ${file}`);
        }
        const report = await callMethod('mcp.config.import', { scope: scopeOf(options) ?? { kind: 'workspace' }, text, fileName: file }, output);
        if (!report) return;
        if (output.json) return printJson(report);
        const part = (label: string, names: string[]) => (names.length > 0 ? `${label}: ${names.join(', ')}` : undefined);
        const parts = [part('created', report.created), part('updated', report.updated), part('unchanged', report.unchanged)].filter(Boolean);
        process.stdout.write(`${parts.length > 0 ? parts.join('; ') : 'The file has no servers.'}\n`);
      }),
    );

  withScope(mcp.command('export').description('Print the .mcp.json of the workspace, a crew, or an agent (merged with its crew and the workspace).'))
    .option('--unmerged', 'for an agent: only its own entries')
    .option('--write', 'for an agent: write the merged file to <data>/crew/agents/<slug>/.mcp.json')
    .action(async (options: ScopeOptions & { unmerged?: boolean; write?: boolean }) =>
      run({}, async (output) => {
        if (options.write) {
          if (!options.agent) throw new BadOption('--write needs --agent');
          const written = await callMethod('mcp.config.writeAgentFile', { agent: options.agent }, output);
          if (written) process.stdout.write(`Wrote ${written.serverCount} server(s) to ${written.path}\n`);
          return;
        }
        const exported = await callMethod('mcp.config.export', { scope: scopeOf(options) ?? { kind: 'workspace' }, merged: !options.unmerged }, output);
        if (exported) process.stdout.write(exported.json);
      }),
    );

  mcp
    .command('history')
    .description('Recent tool calls, newest first.')
    .option('--server <server>', 'only this server’s calls')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { server?: string; limit: string; json?: boolean }) =>
      run(options, async (output) => {
        const calls = await callMethod('mcp.calls.list', { server: options.server, limit: positiveInt(options.limit, '--limit') }, output);
        if (!calls) return;
        if (output.json) return printJson(calls);
        printTable(
          calls,
          [
            ['STARTED', (c) => c.startedAt],
            ['SERVER', (c) => c.serverName],
            ['TOOL', (c) => c.tool],
            ['STATUS', (c) => c.status],
            ['MS', (c) => (c.durationMs === null ? '-' : String(Math.round(c.durationMs)))],
            ['ID', (c) => c.callId],
          ],
          'No tool calls yet.',
        );
      }),
    );

  mcp
    .command('stats')
    .description('How many tool calls started in the last hours (every door’s), how many failed, and their median duration.')
    .option('--hours <n>', 'the window, in hours', '24')
    .option('--json', 'print JSON')
    .action(async (options: { hours: string; json?: boolean }) =>
      run(options, async (output) => {
        const hours = positiveInt(options.hours, '--hours');
        const stats = await callMethod('mcp.calls.stats', { hours }, output);
        if (!stats) return;
        if (output.json) return printJson(stats);
        const median = stats.medianDurationMs === null ? '' : `, median ${Math.round(stats.medianDurationMs)} ms`;
        const running = stats.running > 0 ? `, ${stats.running} running` : '';
        process.stdout.write(`${stats.calls} tool calls in the last ${hours === 1 ? 'hour' : `${hours} hours`} (${stats.failed} failed${running}${median}).\n`);
      }),
    );
}

function serverOptions(command: Command): Command {
  return command
    .option('--command <cmd>', 'stdio: the program to run')
    .option('--arg <arg>', 'stdio: an argument (repeat for more)', collect)
    .option('--env <K=V>', 'stdio: an environment variable (repeat; values may hold ${VAR})', collect)
    .option('--cwd <dir>', 'stdio: the working directory')
    .option('--url <url>', 'remote: the server URL')
    .option('--transport <type>', 'remote: streamable-http or sse')
    .option('--header <"K: V">', 'remote: a header (repeat; values may hold ${VAR})', collect)
    .option('--credential <id>', 'a credential to inject at connect time')
    .option('--inject <how>', 'bearer | api_key:<Header> | basic | env:<VAR>')
    .option('--provider <provider>', 'the OAuth provider this server uses (auto-bind)')
    .option('--timeout <ms>', 'connect timeout in milliseconds')
    .option('--json', 'print JSON');
}

/** Runs one command; option errors are bad input (exit 2), with the same error format as the contract's. */
async function run(options: { json?: boolean }, work: (output: Output) => Promise<void>): Promise<void> {
  const output = { json: Boolean(options.json) };
  try {
    await work(output);
  } catch (error) {
    if (!(error instanceof BadOption)) throw error;
    printError({ code: 'invalid_option', message: `${error.message}.`, hint: 'Run the command with --help for its options.' }, output);
    process.exitCode = EXIT_BAD_INPUT;
  }
}

function scopeOf(options: ScopeOptions): Scope | undefined {
  if (options.crew && options.agent) throw new BadOption('give --crew or --agent, not both');
  if (options.crew) return { kind: 'crew', crew: options.crew };
  if (options.agent) return { kind: 'agent', agent: options.agent };
  return undefined;
}

function newTransport(options: ServerOptions): Transport {
  if (options.command && options.url) throw new BadOption('give --command (stdio) or --url (remote), not both');
  if (options.command) {
    if (options.header || options.transport) throw new BadOption('--header and --transport are for remote servers');
    return { type: 'stdio', command: options.command, args: options.arg ?? [], env: pairs(options.env ?? [], '=', '--env'), cwd: options.cwd ?? null };
  }
  if (options.url) {
    if (options.arg || options.env || options.cwd) throw new BadOption('--arg, --env and --cwd are for stdio servers');
    return { type: remoteType(options.transport ?? 'streamable-http'), url: options.url, headers: pairs(options.header ?? [], ':', '--header') };
  }
  throw new BadOption('give --command <cmd> for a stdio server or --url <url> for a remote one');
}

function editedTransport(current: McpServerConfig, options: Omit<ServerOptions, 'credential'>): Transport | undefined {
  const touched = [options.command, options.arg, options.env, options.cwd, options.url, options.transport, options.header].some((value) => value !== undefined);
  if (!touched) return undefined;
  if (options.command || (current.transport.type === 'stdio' && !options.url)) {
    const base = current.transport.type === 'stdio' ? current.transport : undefined;
    const command = options.command ?? base?.command;
    if (!command) throw new BadOption('a stdio server needs --command');
    return {
      type: 'stdio',
      command,
      args: options.arg ?? base?.args ?? [],
      env: options.env ? pairs(options.env, '=', '--env') : (base?.env ?? {}),
      cwd: options.cwd ?? base?.cwd ?? null,
    };
  }
  const base = current.transport.type !== 'stdio' ? current.transport : undefined;
  const url = options.url ?? base?.url;
  if (!url) throw new BadOption('a remote server needs --url');
  return {
    type: remoteType(options.transport ?? base?.type ?? 'streamable-http'),
    url,
    headers: options.header ? pairs(options.header, ':', '--header') : (base?.headers ?? {}),
  };
}

function credentialOf(
  options: { credential?: string; inject?: string },
  transportType: string,
  current?: McpServerConfig,
): { credentialId: string; injection: Injection } | undefined {
  if (!options.credential && !options.inject) return undefined;
  const credentialId = options.credential ?? current?.credential?.credentialId;
  if (!credentialId) throw new BadOption('--inject needs --credential');
  const injection = options.inject ? parseInjection(options.inject) : (current?.credential?.injection ?? defaultInjection(transportType));
  return { credentialId, injection };
}

function defaultInjection(transportType: string): Injection {
  if (transportType === 'stdio') throw new BadOption('a stdio server needs --inject env:<VAR>');
  return { kind: 'bearer' };
}

function parseInjection(spec: string): Injection {
  if (spec === 'bearer' || spec === 'basic') return { kind: spec };
  const [kind, value] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  if (kind === 'api_key' && value) return { kind: 'api_key', header: value };
  if (kind === 'env' && value) return { kind: 'env', variable: value };
  throw new BadOption(`--inject "${spec}" is not bearer, basic, api_key:<Header> or env:<VAR>`);
}

function remoteType(value: string): 'streamable-http' | 'sse' {
  if (value === 'streamable-http' || value === 'http') return 'streamable-http';
  if (value === 'sse') return 'sse';
  throw new BadOption(`--transport "${value}" is not streamable-http or sse`);
}

function pairs(values: string[], separator: string, option: string): Record<string, string> {
  return Object.fromEntries(
    values.map((value) => {
      const at = value.indexOf(separator);
      if (at <= 0) throw new BadOption(`${option} "${value}" is not of the form K${separator === '=' ? '=V' : ': V'}`);
      return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
    }),
  );
}

function timeoutOf(options: { timeout?: string }): number | null {
  return options.timeout === undefined ? null : positiveInt(options.timeout, '--timeout');
}

function positiveInt(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new BadOption(`${option} "${value}" is not a positive whole number`);
  return number;
}

function parseArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadOption(`--args is not valid JSON: ${text.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadOption('--args must be a JSON object');
  requireJsonDepth(value, '--args');
  return value as Record<string, unknown>;
}

function scopeLabel(config: McpServerConfig): string {
  const scope = config.scope;
  return scope.kind === 'crew' ? `crew ${scope.crewSlug}` : scope.kind === 'agent' ? `agent ${scope.agentSlug}` : 'workspace';
}

function injectionLabel(injection: Injection): string {
  return injection.kind === 'api_key' ? `api_key:${injection.header}` : injection.kind === 'env' ? `env:${injection.variable}` : injection.kind;
}

function printConfig(config: McpServerConfig): void {
  const t = config.transport;
  const lines = [
    `${config.name} (${scopeLabel(config)}, ${config.enabled ? 'enabled' : 'disabled'})`,
    `  id: ${config.id}`,
    `  transport: ${t.type}`,
    ...(t.type === 'stdio'
      ? [`  command: ${[t.command, ...t.args].join(' ')}`, ...Object.keys(t.env).map((key) => `  env: ${key}=${t.env[key]}`), ...(t.cwd ? [`  cwd: ${t.cwd}`] : [])]
      : [`  url: ${t.url}`, ...Object.keys(t.headers).map((key) => `  header: ${key}: ${t.headers[key]}`)]),
    ...(config.credential
      ? [`  credential: ${config.credential.credentialLabel ?? `${config.credential.credentialId} (missing)`} as ${injectionLabel(config.credential.injection)}, \${${config.credential.variable}}`]
      : []),
    ...(config.provider ? [`  provider: ${config.provider}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printStatuses(statuses: McpServerStatus[]): void {
  printTable(
    statuses,
    [
      ['NAME', (s) => s.name],
      ['STATE', (s) => s.state],
      ['TOOLS', (s) => String(s.toolCount)],
      ['SINCE', (s) => s.connectedSince ?? '-'],
      ['REASON', (s) => s.error?.message ?? ''],
    ],
    'No MCP servers configured.',
  );
  if (statuses.some((status) => status.state === 'failed')) process.exitCode = EXIT_FAILURE;
}

function printTools(tools: McpTool[]): void {
  printTable(
    tools,
    [
      ['TOOL', (t) => t.name],
      ['HINTS', (t) => hints(t)],
      ['DESCRIPTION', (t) => (t.description ?? '').split('\n')[0]?.slice(0, 80) ?? ''],
    ],
    'The server has no tools.',
  );
}

function hints(tool: McpTool): string {
  const a = tool.annotations;
  if (!a) return '';
  return [a.readOnlyHint && 'read-only', a.destructiveHint && 'destructive', a.idempotentHint && 'idempotent', a.openWorldHint && 'open-world'].filter(Boolean).join(',');
}

function printProgress(progress: { progress: number; total: number | null; message: string | null }, output: Output): void {
  if (output.json) {
    process.stderr.write(`${JSON.stringify({ progress })}\n`);
    return;
  }
  const share = progress.total ? ` of ${progress.total}` : '';
  process.stderr.write(`progress: ${progress.progress}${share}${progress.message ? ` — ${progress.message}` : ''}\n`);
}

function printCall(record: McpCallRecord, output: Output): void {
  if (output.json) return printJson(record);
  if (record.error) {
    printError(record.error, output);
    return;
  }
  const result = record.result;
  if (!result) return;
  const text = result.content.map(describeContent).join('\n');
  const shown = text || (result.structuredContent ? JSON.stringify(result.structuredContent, null, 2) : '');
  (result.isError ? process.stderr : process.stdout).write(`${shown}\n`);
  if (result.outputValidation.valid === false) process.stderr.write(`warning: structuredContent does not match the outputSchema: ${result.outputValidation.errors.join('; ')}\n`);
}

function describeContent(content: McpContent): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'audio':
      return `[${content.type} ${content.mimeType}, ${Math.round((content.data.length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[resource link ${content.uri}]`;
    case 'resource':
      return 'text' in content.resource ? content.resource.text : `[resource ${content.resource.uri}]`;
    default:
      return JSON.stringify(content);
  }
}
