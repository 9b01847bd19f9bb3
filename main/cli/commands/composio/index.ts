import type { Command } from 'commander';
import type { ComposioAccount, ComposioAccountAction, ComposioAuthConfig, ComposioCatalogStatus, ComposioKeyInfo } from '../../../composio/types.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { callMethod, withCore, type CliSession } from '../../core-session.ts';
import { BadOption, positiveInt, printJson, printLines, printTable, readStdin, run, type Output } from '../../kit.ts';
import { registerAccess } from './access.ts';
import { registerConnect } from './connect.ts';
import { registerTriggers } from './triggers.ts';

/** `crewship integration composio …`: the project key, the catalog, auth configs, connect, inventory and accounts, triggers, bindings and the default connector. */
export function registerIntegrationCommands(program: Command): void {
  const integration = program.command('integration').description('Managed integrations: Composio (the project key, catalog, auth configs, connected accounts).');
  const composio = integration
    .command('composio')
    .description('Composio: the project key, the app catalog, auth configs, connecting accounts, the inventory by user, each account’s lifecycle, agents’ bindings and the default connector.');
  registerKey(composio);
  registerCatalog(composio);
  registerAuthConfigs(composio);
  registerConnect(composio);
  registerInventory(composio);
  registerAccounts(composio);
  registerTriggers(composio);
  registerAccess(composio);
}

function printKey(key: ComposioKeyInfo): void {
  const source = { workspace: 'this workspace (sealed in the vault)', environment: 'COMPOSIO_API_KEY', none: 'none' }[key.source];
  printLines([
    key.source === 'none' ? 'No Composio project key: set one with `crewship integration composio key set --key ak_…`.' : `Key:      ${key.preview ?? ''}${key.label ? ` (${key.label})` : ''}`,
    `Source:   ${source}${key.source === 'workspace' && key.environmentKeyPresent ? ' — COMPOSIO_API_KEY is set too, and not used here' : ''}`,
    `Base URL: ${key.baseUrl} (${{ workspace: 'this workspace’s setting', environment: 'COMPOSIO_BASE_URL', default: 'Composio’s' }[key.baseUrlSource]})`,
    ...(key.source === 'workspace' ? [`Checked:  ${key.validatedAt ?? 'not validated (stored with --no-validate)'}`] : []),
  ]);
  if (key.warning) printLines([`warning: ${key.warning.message}`, `hint: ${key.warning.hint}`], 'stderr');
}

function registerKey(composio: Command): void {
  const key = composio.command('key').description('The workspace’s Composio project key: set (validated, sealed), show (masked), remove.');
  key
    .command('set')
    .description('Set the project key: checked with one authenticated read, then sealed; a refused key is not stored.')
    .option('--key <key>', 'the project API key (ak_…); prefer --key-stdin, the command line is visible to other processes')
    .option('--key-stdin', 'read the key from standard input')
    .option('--label <label>', 'a name for the project')
    .option('--base-url <url>', 'the Composio API address for this workspace (default: COMPOSIO_BASE_URL, else Composio’s)')
    .option('--no-validate', 'store the key without checking it (Composio cannot be reached from here)')
    .option('--json', 'print JSON')
    .action(async (options: { key?: string; keyStdin?: boolean; label?: string; baseUrl?: string; validate: boolean; json?: boolean }) =>
      run(options, async (output) => {
        const value = options.keyStdin ? await readStdin() : options.key;
        if (!value) throw new BadOption('give the key with --key ak_… or --key-stdin');
        const input: MethodInput<'composio.key.set'> = { key: value, validate: options.validate, ...(options.label ? { label: options.label } : {}), ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
        const info = await callMethod('composio.key.set', input, output);
        if (!info) return;
        if (output.json) return printJson(info);
        printLines([options.validate ? 'Composio accepted the key; it is sealed in the vault.' : 'Stored without checking it; it is sealed in the vault.']);
        printKey(info);
      }),
    );
  key
    .command('show')
    .description('Which key is in effect (this workspace’s, else COMPOSIO_API_KEY), masked, and where it talks to.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const info = await callMethod('composio.key.get', {}, output);
        if (!info) return;
        if (output.json) return printJson(info);
        printKey(info);
      }),
    );
  key
    .command('remove')
    .description('Remove the workspace’s own key (COMPOSIO_API_KEY, when set, applies again).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const result = await callMethod('composio.key.remove', {}, output);
        if (!result) return;
        if (output.json) return printJson(result);
        printLines([result.removed ? 'Removed the workspace’s key.' : 'This workspace had no key of its own.']);
        printKey(result.key);
      }),
    );
}

function age(catalog: ComposioCatalogStatus): string {
  if (catalog.ageSeconds === null) return 'never refreshed';
  const s = catalog.ageSeconds;
  const text = s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : s < 172_800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86_400)} days`;
  return `refreshed ${text} ago`;
}

function catalogFooter(catalog: ComposioCatalogStatus): string[] {
  return [
    `Catalog: ${catalog.toolkitCount} apps, ${catalog.toolCount} tools, ${age(catalog)}.`,
    ...(catalog.lastError ? [`The last refresh failed: ${catalog.lastError.message} (shown from the cache)`] : []),
  ];
}

/** Refreshes the catalog with a progress line per phase, or per 5,000 tools. */
async function syncWithProgress(output: Output): Promise<ComposioCatalogStatus | undefined> {
  let lastPrinted = '';
  return callMethod('composio.catalog.sync', { wait: true }, output, {
    onEvent: (event) => {
      if (output.json || event.name !== 'composio.catalogSync') return;
      const p = event.payload;
      const line =
        p.phase === 'toolkits' ? `Reading apps… ${p.toolkitsDone}${p.toolkitsTotal ? ` of ${p.toolkitsTotal}` : ''}` : p.phase === 'tools' ? `Reading tools… ${Math.floor(p.toolsDone / 5000) * 5000 || p.toolsDone}` : p.phase === 'storing' ? 'Storing the catalog…' : '';
      if (line && line !== lastPrinted && (p.phase !== 'toolkits' || p.toolkitsDone === p.toolkitsTotal)) {
        lastPrinted = line;
        printLines([line], 'stderr');
      }
    },
  });
}

function registerCatalog(composio: Command): void {
  composio
    .command('sync')
    .description('Refresh the app catalog from Composio now (apps and their tools), with progress.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const status = await syncWithProgress(output);
        if (!status) return;
        if (output.json) return printJson(status);
        printLines(catalogFooter(status));
      }),
    );
  composio
    .command('toolkits')
    .description('The app catalog from the cache (refreshed first when it was never read): logo, categories, auth schemes, tools, auth configs.')
    .option('--search <words>', 'apps whose slug, name, description or category start with these words')
    .option('--category <slug>', 'apps of one category (crm, communication, developer-tools, …)')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(async (options: { search?: string; category?: string; limit?: string; json?: boolean }) =>
      run(options, async (output) => {
        const limit = options.limit ? positiveInt(options.limit, '--limit') : 100;
        await withCore(output, async (session) => {
          const status = await session.call('composio.catalog.status', {});
          if (!status) return;
          if (status.syncedAt === null && session.core.composio.keyInfo().source !== 'none') {
            if (!(await syncWithProgressIn(session, output))) return;
          }
          const input: MethodInput<'composio.toolkits.list'> = { limit, ...(options.search ? { search: options.search } : {}), ...(options.category ? { category: options.category } : {}) };
          const list = await session.call('composio.toolkits.list', input);
          if (!list) return;
          if (output.json) return printJson(list);
          printTable(
            list.toolkits,
            [
              ['APP', (t) => t.slug],
              ['NAME', (t) => t.name],
              ['CATEGORIES', (t) => t.categories.map((c) => c.slug).join(',')],
              ['AUTH', (t) => t.authSchemes.join(',') || 'none'],
              ['MANAGED', (t) => (t.composioManaged ? 'yes' : 'no')],
              ['TOOLS', (t) => String(t.toolCount)],
              ['AUTH CONFIGS', (t) => String(t.authConfigCount)],
            ],
            status.syncedAt === null && list.catalog.syncedAt === null ? 'The catalog was never read: set a key, then `crewship integration composio sync`.' : 'No app matches.',
          );
          printLines([...(list.total > list.toolkits.length ? [`${list.toolkits.length} of ${list.total} shown (--limit).`] : []), ...catalogFooter(list.catalog)]);
        });
      }),
    );
  composio
    .command('toolkit <app>')
    .description('One app of the catalog: its tools with their hints (read-only, destructive) and the project’s auth configs for it.')
    .option('--search <words>', 'only tools matching these words')
    .option('--json', 'print JSON')
    .action(async (app: string, options: { search?: string; json?: boolean }) =>
      run(options, async (output) => {
        const page = await callMethod('composio.toolkits.get', { toolkit: app, ...(options.search ? { search: options.search } : {}) }, output);
        if (!page) return;
        if (output.json) return printJson(page);
        const t = page.toolkit;
        printLines([
          `${t.name} (${t.slug}) — ${t.description}`,
          `Categories: ${t.categories.map((c) => c.name).join(', ') || 'none'}; auth: ${t.authSchemes.join(', ') || 'none'}${t.composioManaged ? ' (Composio-managed)' : ''}.`,
          `Auth configs: ${page.authConfigs.length === 0 ? 'none (connect creates a managed one)' : page.authConfigs.map((c) => `${c.id} ${c.status.toLowerCase()}`).join(', ')}.`,
          '',
        ]);
        printTable(
          page.tools,
          [
            ['TOOL', (tool) => tool.slug],
            ['NAME', (tool) => tool.name],
            ['HINTS', (tool) => [tool.readOnly ? 'read-only' : '', tool.destructive ? 'destructive' : ''].filter(Boolean).join(',') || '-'],
          ],
          'No tool matches.',
        );
      }),
    );
}

async function syncWithProgressIn(session: CliSession, output: Output): Promise<boolean> {
  if (!output.json) printLines(['The catalog was never read: refreshing it from Composio first…'], 'stderr');
  const unsubscribe = session.core.bus.subscribe((event) => {
    if (output.json || event.name !== 'composio.catalogSync' || event.payload.phase !== 'storing') return;
    printLines([`Storing ${event.payload.toolkitsDone} apps and ${event.payload.toolsDone} tools…`], 'stderr');
  });
  try {
    return (await session.call('composio.catalog.sync', { wait: true })) !== undefined;
  } finally {
    unsubscribe();
  }
}

function printAuthConfigs(configs: ComposioAuthConfig[]): void {
  printTable(
    configs,
    [
      ['ID', (c) => c.id],
      ['APP', (c) => c.toolkit],
      ['NAME', (c) => c.name],
      ['KIND', (c) => (c.composioManaged ? 'managed' : `custom${c.clientId ? ` (${c.clientId})` : ''}`)],
      ['SCHEME', (c) => c.authScheme ?? '-'],
      ['STATUS', (c) => c.status.toLowerCase()],
      ['CONNECTIONS', (c) => String(c.connections)],
    ],
    'No auth configs: `crewship integration composio auth-config create <app>` (connect creates one too).',
  );
}

function registerAuthConfigs(composio: Command): void {
  const authConfig = composio.command('auth-config').description('Auth configs (the per-app OAuth blueprint): list, create (managed or custom), enable, disable, delete.');
  authConfig
    .command('list')
    .description('The project’s auth configs, read from Composio.')
    .option('--app <app>', 'only this app’s')
    .option('--json', 'print JSON')
    .action(async (options: { app?: string; json?: boolean }) =>
      run(options, async (output) => {
        const configs = await callMethod('composio.authConfigs.list', options.app ? { toolkit: options.app } : {}, output);
        if (!configs) return;
        if (output.json) return printJson(configs);
        printAuthConfigs(configs);
      }),
    );
  authConfig
    .command('create <app>')
    .description('Create an auth config: Composio-managed by default, or with your own OAuth client (its secret is sealed, never shown).')
    .option('--name <name>', 'its name')
    .option('--client-id <id>', 'a custom OAuth client: its id')
    .option('--client-secret-stdin', 'a custom OAuth client: read its secret from standard input')
    .option('--scope <scope...>', 'a custom OAuth client: the scopes to ask for')
    .option('--json', 'print JSON')
    .action(async (app: string, options: { name?: string; clientId?: string; clientSecretStdin?: boolean; scope?: string[]; json?: boolean }) =>
      run(options, async (output) => {
        if (Boolean(options.clientId) !== Boolean(options.clientSecretStdin)) throw new BadOption('a custom OAuth client needs both --client-id and --client-secret-stdin');
        const secret = options.clientSecretStdin ? await readStdin() : '';
        if (options.clientSecretStdin && !secret) throw new BadOption('no client secret arrived on standard input');
        const input: MethodInput<'composio.authConfigs.create'> = {
          toolkit: app,
          ...(options.name ? { name: options.name } : {}),
          ...(options.clientId ? { custom: { clientId: options.clientId, clientSecret: secret, ...(options.scope ? { scopes: options.scope } : {}) } } : {}),
        };
        const created = await callMethod('composio.authConfigs.create', input, output);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Created ${created.composioManaged ? 'a Composio-managed' : 'a custom'} auth config for ${created.toolkit}: ${created.id}.`]);
      }),
    );
  for (const [name, method, done] of [
    ['enable', 'composio.authConfigs.enable', 'Enabled'],
    ['disable', 'composio.authConfigs.disable', 'Disabled (no new connections through it)'],
  ] as const) {
    authConfig
      .command(`${name} <id>`)
      .description(`${name === 'enable' ? 'Enable' : 'Disable'} an auth config.`)
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }) =>
        run(options, async (output) => {
          const config = await callMethod(method, { authConfig: id }, output);
          if (!config) return;
          if (output.json) return printJson(config);
          printLines([`${done}: ${config.id} (${config.toolkit}).`]);
        }),
      );
  }
  authConfig
    .command('delete <id>')
    .description('Delete an auth config at Composio (its connected accounts go with it).')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const deleted = await callMethod('composio.authConfigs.delete', { authConfig: id }, output);
        if (!deleted) return;
        if (output.json) return printJson(deleted);
        printLines([`Deleted the auth config ${deleted.id}.`]);
      }),
    );
}

const statusOf = (a: ComposioAccount) => `${a.status}${a.statusReason ? ` (${a.statusReason})` : ''}`;

function registerInventory(composio: Command): void {
  composio
    .command('inventory')
    .description('The operator’s view: auth configs and connected accounts grouped by user, those needing attention first (never given to agents).')
    .option('--user <user_id>', 'one user’s accounts')
    .option('--app <app>', 'one app’s accounts')
    .option('--status <status>', 'accounts in one state (ACTIVE, INITIATED, EXPIRED, FAILED, INACTIVE)')
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; app?: string; status?: string; json?: boolean }) =>
      run(options, async (output) => {
        const input = { ...(options.user ? { user: options.user } : {}), ...(options.app ? { app: options.app } : {}), ...(options.status ? { status: options.status.toUpperCase() } : {}) };
        const inventory = await callMethod('composio.inventory', input as MethodInput<'composio.inventory'>, output);
        if (!inventory) return;
        if (output.json) return printJson(inventory);
        const { counts } = inventory;
        printLines([
          `${counts.accounts} connected accounts, ${counts.users} users, ${counts.apps} apps; ${counts.needsAttention} need attention.`,
          ...(inventory.source === 'cache' ? [`Composio could not be reached (${inventory.error?.message ?? ''}); showing the reading of ${inventory.fetchedAt ?? 'never'}.`] : []),
          '',
          'Auth configs:',
        ]);
        printAuthConfigs(inventory.authConfigs);
        if (inventory.users.length === 0) {
          printLines(['', 'No connected accounts: `crewship integration composio connect <app> --user <user_id>`.']);
          return;
        }
        for (const user of inventory.users) {
          printLines(['', `User ${user.userId}${user.needsAttention > 0 ? ` — ${user.needsAttention} need attention` : ''}:`]);
          printTable(
            user.accounts,
            [
              ['ACCOUNT', (a) => a.id],
              ['APP', (a) => a.toolkit],
              ['STATUS', statusOf],
              ['RECONNECT', (a) => a.reconnect?.command ?? '-'],
            ],
            '',
          );
        }
      }),
    );
}

function printAction(result: ComposioAccountAction, done: string): void {
  const { account } = result;
  printLines([`${done}: ${account.id} (${account.toolkit} of ${account.userId}) is ${statusOf(account)}.`]);
  if (result.needsReauth && result.redirectUrl) printLines(['It needs the person to sign in again; open this address:', '', `  ${result.redirectUrl}`]);
}

function registerAccounts(composio: Command): void {
  const account = composio.command('account').description('A connected account’s lifecycle: refresh, revoke (disable), enable, remove.');
  for (const [name, method, description, done] of [
    ['refresh', 'composio.accounts.refresh', 'Ask Composio to refresh it; prints the re-authorisation link when one is needed.', 'Refreshed'],
    ['revoke', 'composio.accounts.revoke', 'Disable it at once (INACTIVE: its tools stop); `enable` restores it.', 'Revoked'],
    ['enable', 'composio.accounts.enable', 'Enable a revoked (INACTIVE) account again.', 'Enabled'],
  ] as const) {
    account
      .command(`${name} <account-id>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }) =>
        run(options, async (output) => {
          const result = await callMethod(method, { account: id }, output);
          if (!result) return;
          if (output.json) return printJson(result);
          printAction(result, done);
        }),
      );
  }
  account
    .command('remove <account-id>')
    .description('Delete the account at Composio for good.')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const removed = await callMethod('composio.accounts.remove', { account: id }, output);
        if (!removed) return;
        if (output.json) return printJson(removed);
        printLines([`Removed ${removed.id} (${removed.toolkit} of ${removed.userId}) at Composio.`]);
      }),
    );
}
