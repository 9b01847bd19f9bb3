import type { Command } from 'commander';
import type { ComposioBindingPreview, ComposioDefaultConnector } from '../../../composio/access-types.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { callMethod } from '../../core-session.ts';
import { BadOption, collect, EXIT_FAILURE, printJson, printLines, printTable, run } from '../../kit.ts';

/** `crewship integration composio bind|bindings|unbind|default …`: which agent may use which user's apps, and the default connector. */
export function registerAccess(composio: Command): void {
  registerBind(composio);
  registerBindings(composio);
  registerDefault(composio);
}

type BindingApps = MethodInput<'composio.bindings.set'>['apps'];

/** `--app gmail:read --app github:full`: each app once, with its scope. */
function bindingApps(values: string[]): BindingApps {
  if (values.length === 0) throw new BadOption('name at least one app with --app <app>:read or --app <app>:full', 'composio_app_scope_invalid', 'For example `--app gmail:read --app github:full`.');
  return values.map((value) => {
    const match = /^([A-Za-z0-9_-]+):(read|full)$/.exec(value.trim());
    if (!match) {
      throw new BadOption(
        `--app "${value}" is not app:read or app:full`,
        'composio_app_scope_invalid',
        'Write each app with its scope: `--app gmail:read` (only its read-only tools) or `--app github:full` (all of its tools).',
      );
    }
    return { app: (match[1] ?? '').toLowerCase(), scope: match[2] as 'read' | 'full' };
  });
}

const changeWords: Record<ComposioBindingPreview['apps'][number]['change'], string> = { add: 'added', scope: 'scope changed', unchanged: 'unchanged', remove: 'removed' };

function printPreview(preview: ComposioBindingPreview, done: boolean): void {
  const who = `${preview.agent.name} (${preview.agent.slug})`;
  const user = preview.changesUser ? `user ${preview.userId} (was ${preview.previousUserId ?? ''})` : `user ${preview.userId}`;
  printLines([done ? `Bound ${who} to ${user}:` : `Binding ${who} to ${user} would change:`]);
  printTable(
    preview.apps,
    [
      ['APP', (app) => app.app],
      ['SCOPE', (app) => (app.previousScope && app.previousScope !== app.scope ? `${app.previousScope} → ${app.scope}` : app.scope)],
      ['CHANGE', (app) => changeWords[app.change]],
      ['TOOLS', (app) => (app.change === 'remove' ? '-' : `${app.tools.length}${app.withheld > 0 ? ` (${app.withheld} not read-only, left out)` : ''}`)],
    ],
    '',
  );
  for (const problem of preview.problems) printLines([`refused: ${problem.message} [${problem.code}]`, `hint: ${problem.hint}`], 'stderr');
}

function registerBind(composio: Command): void {
  composio
    .command('bind <agent>')
    .description('Bind an agent to one Composio user with a scope per app (read: its read-only tools; full: all): one scoped Composio MCP server per app.')
    .requiredOption('--user <user_id>', 'the Composio user whose connected accounts the agent uses (an agent has one)')
    .option('--app <app:scope>', 'an app and its scope, repeated: --app gmail:read --app github:full', collect, [])
    .option('--replace', 'bind to another user than the current one: its bindings to that user go, and these apps become the whole set')
    .option('--dry-run', 'show what would change (and the tools each app and scope yields) without changing anything; exit 1 if it would be refused')
    .option('--json', 'print JSON')
    .action(async (agent: string, options: { user: string; app: string[]; replace?: boolean; dryRun?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        const input: MethodInput<'composio.bindings.set'> = { agent, user: options.user, apps: bindingApps(options.app), ...(options.replace ? { replace: true } : {}) };
        if (options.dryRun) {
          const preview = await callMethod('composio.bindings.preview', input, output);
          if (!preview) return;
          // A binding that would be refused fails the dry run too, so that a script can check before it binds.
          if (!preview.allowed) process.exitCode = EXIT_FAILURE;
          if (output.json) return printJson(preview);
          return printPreview(preview, false);
        }
        const result = await callMethod('composio.bindings.set', input, output);
        if (!result) return;
        if (output.json) return printJson(result);
        printPreview(result.preview, true);
        printLines([`\`crewship agent resolve ${result.preview.agent.slug}\` shows what the agent now gets.`]);
      }),
    );
}

function registerBindings(composio: Command): void {
  composio
    .command('bindings <agent>')
    .description('An agent’s Composio bindings: its user, each app’s scope, the tools it yields, its server, and whether the account is still ACTIVE.')
    .option('--json', 'print JSON')
    .action(async (agent: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const bindings = await callMethod('composio.bindings.list', { agent }, output);
        if (!bindings) return;
        if (output.json) return printJson(bindings);
        if (bindings.length > 0) printLines([`${bindings[0]?.agentName ?? agent} (${bindings[0]?.agentSlug ?? agent}) is bound to user ${bindings[0]?.userId ?? ''}:`]);
        printTable(
          bindings,
          [
            ['APP', (b) => b.app],
            ['SCOPE', (b) => b.scope],
            ['TOOLS', (b) => String(b.tools.length)],
            ['SERVER', (b) => b.serverName],
            ['ACCOUNT', (b) => (b.accountActive ? 'active' : 'no ACTIVE account: withheld until one is')],
          ],
          `Agent ${agent} has no Composio bindings: \`crewship integration composio bind ${agent} --user <user_id> --app <app>:read\`.`,
        );
      }),
    );
  composio
    .command('unbind <agent>')
    .description('Remove an agent’s binding of one app (--app), or all of its bindings; their Composio servers are deleted.')
    .option('--app <app>', 'only this app’s binding')
    .option('--json', 'print JSON')
    .action(async (agent: string, options: { app?: string; json?: boolean }) =>
      run(options, async (output) => {
        const removed = await callMethod('composio.bindings.remove', { agent, ...(options.app ? { app: options.app } : {}) }, output);
        if (!removed) return;
        if (output.json) return printJson(removed);
        printLines([`Unbound ${agent} from ${removed.removed.join(', ')}.`]);
      }),
    );
}

function printDefault(state: ComposioDefaultConnector): void {
  printLines([
    `Flag:            COMPOSIO_DEFAULT_CONNECTOR ${state.flag ? 'on' : 'off'}${state.keyConfigured ? '' : ' (no project key: it never enables Composio by itself)'}`,
    `State:           ${state.active ? 'active: agents without a binding get it, and legacy MCP servers are off' : 'not active'}`,
    `Default user:    ${state.userId ?? 'none (`default enable` derives it, `default set <user_id>` pins it)'}`,
    `Server:          ${state.serverName ? `${state.serverName} (${state.toolCount} tools, full access)` : 'not provisioned'}`,
    `Apps:            ${state.apps.join(', ') || 'none'}`,
    `Connected users: ${state.connectedUsers}`,
    ...(state.hint ? [`hint: ${state.hint}`] : []),
  ]);
}

function registerDefault(composio: Command): void {
  const defaults = composio.command('default').description('The workspace’s default connector (COMPOSIO_DEFAULT_CONNECTOR): show, enable, set <user_id>.');
  defaults
    .command('show')
    .description('The flag, the default user, its server and apps, and how many users have connected accounts.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const state = await callMethod('composio.default.get', {}, output);
        if (!state) return;
        if (output.json) return printJson(state);
        printDefault(state);
      }),
    );
  defaults
    .command('enable')
    .description('Provision it for the one user with connected accounts (or the pinned one): full access to all of their connected apps; re-running refreshes the apps.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const state = await callMethod('composio.default.enable', {}, output);
        if (!state) return;
        if (output.json) return printJson(state);
        printLines([`The default connector acts for ${state.userId ?? ''} with ${state.apps.join(', ')}.`]);
        printDefault(state);
      }),
    );
  defaults
    .command('set <user_id>')
    .description('Pin the user the default connector acts for, and provision it for their connected apps.')
    .option('--json', 'print JSON')
    .action(async (user: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const state = await callMethod('composio.default.set', { user }, output);
        if (!state) return;
        if (output.json) return printJson(state);
        printLines([`Pinned ${state.userId ?? user}: the default connector acts for them with ${state.apps.join(', ')}.`]);
        printDefault(state);
      }),
    );
}
