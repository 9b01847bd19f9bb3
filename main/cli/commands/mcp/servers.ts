import type { Command } from 'commander';
import type { McpServerConfig } from '../../../mcp/types.ts';
import { callMethod } from '../../core-session.ts';
import { printJson, printLines, printTable, run } from '../../kit.ts';
import { scopeLabel, scopeOf, withScope, type ScopeOptions } from './scope.ts';
import { credentialOf, editedTransport, injectionLabel, newTransport, serverOptions, timeoutOf, type ServerOptions } from './server-options.ts';

/** mcp list and show. */
export function registerServerReads(mcp: Command): void {
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
}

/** mcp add and edit. */
export function registerServerWrites(mcp: Command): void {
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
            allowedEnv: options.allowEnv ?? [],
            provider: options.provider ?? null,
            enabled: !options.disabled,
            connectTimeoutMs: timeoutOf(options),
          },
          output,
        );
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Added MCP server ${created.name} (${scopeLabel(created)}, ${created.transport.type}).`]);
      }),
    );

  serverOptions(mcp.command('edit <server>').description('Edit an MCP server; options given replace those values (--arg, --env, --header replace the whole list).'))
    .option('--name <name>', 'rename it')
    .option('--no-credential', 'remove its credential')
    .option('--no-allow-env', 'allow no environment variables')
    .action(async (server: string, options: Omit<ServerOptions, 'credential' | 'allowEnv'> & { name?: string; credential?: string | false; allowEnv?: string[] | false }) =>
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
            allowedEnv: options.allowEnv === false ? [] : options.allowEnv,
            provider: options.provider,
            connectTimeoutMs: options.timeout === undefined ? undefined : timeoutOf(options),
          },
          output,
        );
        if (!updated) return;
        if (output.json) return printJson(updated);
        printLines([`Updated MCP server ${updated.name}.`]);
      }),
    );
}

/** mcp enable, disable, duplicate and remove. */
export function registerServerSwitches(mcp: Command): void {
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
          if (changed) printLines([`${changed.name} is ${enabled ? 'enabled' : 'disabled'}.`]);
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
        if (copy) printLines([`Copied to ${copy.name} (disabled).`]);
      }),
    );

  mcp
    .command('remove <server>')
    .description('Delete an MCP server config.')
    .action(async (server: string) =>
      run({}, async (output) => {
        const removed = await callMethod('mcp.servers.delete', { server }, output);
        if (removed) printLines([`Removed MCP server ${server}.`]);
      }),
    );
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
    ...(config.allowedEnv.length > 0 ? [`  allowed env: ${config.allowedEnv.join(', ')}`] : []),
    ...(config.provider ? [`  provider: ${config.provider}`] : []),
  ];
  printLines(lines);
}
