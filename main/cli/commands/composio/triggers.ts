import type { Command } from 'commander';
import type { ComposioTriggerInstance, ComposioTriggerType } from '../../../composio/trigger-shapes.ts';
import { callMethod, withCore } from '../../core-session.ts';
import { BadOption, collect, jsonObjectOption, printJson, printLines, printTable, run } from '../../kit.ts';

/** `crewship integration composio triggers …`: an app's trigger types, the project's triggers by user, and each trigger's lifecycle. */
export function registerTriggers(composio: Command): void {
  const triggers = composio.command('triggers').description('Triggers: an app’s trigger types and their fields, the triggers by user, create, enable, disable, delete.');
  registerTypes(triggers);
  registerList(triggers);
  registerCreate(triggers);
  registerLifecycle(triggers);
}

interface SchemaProperty {
  type?: unknown;
  default?: unknown;
}

const propertiesOf = (type: ComposioTriggerType) => (type.config.properties ?? {}) as Record<string, SchemaProperty>;

/** `owner*, repo*` (required), `labelIds=INBOX` (its default). */
function fieldsOf(type: ComposioTriggerType): string {
  const required = Array.isArray(type.config.required) ? (type.config.required as string[]) : [];
  const fields = Object.entries(propertiesOf(type)).map(([name, property]) => `${name}${required.includes(name) ? '*' : ''}${property.default !== undefined ? `=${JSON.stringify(property.default)}` : ''}`);
  return fields.join(', ') || '-';
}

function registerTypes(triggers: Command): void {
  triggers
    .command('types <app>')
    .description('The app’s trigger types: slug, webhook or poll, its config fields (* required, =default) and what it does.')
    .option('--json', 'print JSON (each type with its config and payload schemas)')
    .action(async (app: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const list = await callMethod('composio.triggers.types', { toolkit: app }, output);
        if (!list) return;
        if (output.json) return printJson(list);
        printTable(
          list.types,
          [
            ['SLUG', (type) => type.slug],
            ['KIND', (type) => type.kind],
            ['FIELDS', fieldsOf],
            ['DESCRIPTION', (type) => type.description],
          ],
          `${list.toolkit} has no trigger types.`,
        );
      }),
    );
}

function printTriggers(instances: ComposioTriggerInstance[]): void {
  printTable(
    instances,
    [
      ['TRIGGER', (t) => t.id],
      ['TYPE', (t) => t.slug],
      ['APP', (t) => t.toolkit ?? '(account gone)'],
      ['STATUS', (t) => (t.enabled ? 'enabled' : 'disabled')],
      ['CONFIG', (t) => JSON.stringify(t.config)],
    ],
    '',
  );
}

function registerList(triggers: Command): void {
  triggers
    .command('list')
    .description('The project’s triggers, enabled and disabled, grouped by user.')
    .option('--user <user_id>', 'one user’s triggers')
    .option('--app <app>', 'one app’s triggers')
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; app?: string; json?: boolean }) =>
      run(options, async (output) => {
        const list = await callMethod('composio.triggers.list', { ...(options.user ? { user: options.user } : {}), ...(options.app ? { toolkit: options.app } : {}) }, output);
        if (!list) return;
        if (output.json) return printJson(list);
        if (list.total === 0) {
          printLines(['No triggers: create one with `crewship integration composio triggers create <slug> --user <user_id> --set field=value`.']);
          return;
        }
        for (const user of list.users) {
          printLines([`User ${user.userId}:`]);
          printTriggers(user.triggers);
          printLines(['']);
        }
      }),
    );
}

/** `--set interval=5`: the value read as its field's type says (a number, a boolean), else as text; lists and objects go in --config. */
function setValue(assignment: string, type: ComposioTriggerType): [string, unknown] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new BadOption(`--set "${assignment}" is not field=value`);
  const name = assignment.slice(0, equals);
  const text = assignment.slice(equals + 1);
  const kind = propertiesOf(type)[name]?.type;
  if ((kind === 'integer' || kind === 'number') && text.trim() !== '' && Number.isFinite(Number(text))) return [name, Number(text)];
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return [name, text === 'true'];
  return [name, text];
}

function registerCreate(triggers: Command): void {
  triggers
    .command('create <slug>')
    .description('Create a trigger for a user on their ACTIVE account of the app; the config is checked against the type’s fields before anything is sent.')
    .requiredOption('--user <user_id>', 'the Composio user whose connected account it listens on')
    .option('--config <json>', 'the config as a JSON object')
    .option('--set <field=value>', 'one config field (repeatable), read as the field’s type says', collect, [])
    .option('--json', 'print JSON')
    .action(async (slug: string, options: { user: string; config?: string; set: string[]; json?: boolean }) =>
      run(options, async (output) => {
        const given = options.config ? jsonObjectOption(options.config, '--config') : {};
        await withCore(output, async (session) => {
          let config = given;
          if (options.set.length > 0) {
            const type = await session.call('composio.triggers.type', { slug });
            if (!type) return;
            config = { ...given, ...Object.fromEntries(options.set.map((assignment) => setValue(assignment, type))) };
          }
          const created = await session.call('composio.triggers.create', { user: options.user, slug, config });
          if (!created) return;
          if (output.json) return printJson(created);
          printLines([`Created ${created.id}: ${created.slug} for ${created.userId}, listening on ${created.connectedAccountId} (${created.toolkit ?? 'its app'}).`]);
        });
      }),
    );
}

function registerLifecycle(triggers: Command): void {
  for (const [name, method, done] of [
    ['enable', 'composio.triggers.enable', 'Enabled'],
    ['disable', 'composio.triggers.disable', 'Disabled'],
    ['delete', 'composio.triggers.delete', 'Deleted'],
  ] as const) {
    triggers
      .command(`${name} <trigger-id>`)
      .description({ enable: 'Enable a disabled trigger: it listens again.', disable: 'Disable a trigger: it stops listening, its config is kept.', delete: 'Delete a trigger at Composio for good.' }[name])
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }) =>
        run(options, async (output) => {
          const instance = await callMethod(method, { trigger: id }, output);
          if (!instance) return;
          if (output.json) return printJson(instance);
          printLines([`${done} ${instance.id} (${instance.slug} of ${instance.userId}).`]);
        }),
      );
  }
}
