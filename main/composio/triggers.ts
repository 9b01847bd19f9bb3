import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import type { ComposioSdk } from './client.ts';
import type { ComposioCalls } from './composio-calls.ts';
import { checkTriggerConfig } from './trigger-config.ts';
import type { ComposioTriggerInstance, ComposioTriggerList, ComposioTriggerType, ComposioTriggerTypeList } from './trigger-shapes.ts';

/** A trigger type as Composio's API gives it (`@composio/client` triggers-types.d.ts). */
interface RawTriggerType {
  slug: string;
  name: string;
  description: string;
  instructions?: string | undefined;
  type?: 'webhook' | 'poll' | undefined;
  toolkit: { slug: string; name: string; logo: string };
  config: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** A trigger instance as the typed client gives it (the SDK's listActive drops user_id and takes no user filter). */
interface RawTriggerInstance {
  id: string;
  user_id: string;
  connected_account_id: string;
  trigger_name: string;
  trigger_config: Record<string, unknown>;
  disabled_at: string | null;
  updated_at: string;
}

function toType(raw: RawTriggerType): ComposioTriggerType {
  return {
    slug: raw.slug,
    name: raw.name,
    description: raw.description,
    instructions: raw.instructions ?? '',
    toolkit: raw.toolkit.slug,
    toolkitName: raw.toolkit.name,
    logo: raw.toolkit.logo,
    kind: raw.type ?? 'webhook',
    config: raw.config,
    payload: raw.payload,
  };
}

function toInstance(raw: RawTriggerInstance, toolkitOf: ReadonlyMap<string, string>): ComposioTriggerInstance {
  return {
    id: raw.id,
    slug: raw.trigger_name,
    toolkit: toolkitOf.get(raw.connected_account_id) ?? null,
    userId: raw.user_id,
    connectedAccountId: raw.connected_account_id,
    config: raw.trigger_config,
    enabled: raw.disabled_at === null,
    disabledAt: raw.disabled_at,
    updatedAt: raw.updated_at,
  };
}

function typeNotFound(slug: string): AppError {
  return new AppError('composio_trigger_type_not_found', `Composio has no trigger type "${slug}".`, '`crewship integration composio triggers types <app>` lists the trigger types of an app.');
}

function triggerNotFound(id: string): AppError {
  return new AppError('composio_trigger_not_found', `The Composio project has no trigger "${id}".`, '`crewship integration composio triggers list` shows the project’s triggers by user.');
}

type TriggerChange = 'created' | 'enabled' | 'disabled' | 'deleted';

/**
 * The project's triggers, read live from Composio through the SDK's `triggers` model (and its typed
 * client where the SDK drops the user): the types of an app with their config schemas, the
 * instances by user, and create (config checked against its schema first, on the user's ACTIVE
 * account of the app), enable, disable, delete.
 */
export class Triggers {
  private readonly ctx: DomainContext;
  private readonly calls: ComposioCalls;

  constructor(parts: { ctx: DomainContext; calls: ComposioCalls }) {
    this.ctx = parts.ctx;
    this.calls = parts.calls;
  }

  // The types are read through the typed client: the SDK's listTypes/getType drop `type` (webhook or poll).

  async types(toolkit: string): Promise<ComposioTriggerTypeList> {
    const types = await this.calls.withComposio(async (composio) => {
      const all: ComposioTriggerType[] = [];
      let cursor: string | undefined;
      do {
        const page = await composio.getClient().triggersTypes.list({ toolkit_slugs: [toolkit], toolkit_versions: 'latest', limit: 100, ...(cursor ? { cursor } : {}) });
        all.push(...page.items.map(toType));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    });
    return { toolkit, types };
  }

  async type(slug: string): Promise<ComposioTriggerType> {
    return this.calls.withComposio(async (composio) => toType(await composio.getClient().triggersTypes.retrieve(slug, { toolkit_versions: 'latest' })), () => typeNotFound(slug));
  }

  /** Every instance (enabled and disabled), of one user or all, of one app or all, grouped by user. */
  async list(input: { user?: string | undefined; toolkit?: string | undefined }): Promise<ComposioTriggerList> {
    const instances = await this.calls.withComposio(async (composio) => {
      const toolkitOf = await this.accountToolkits(composio, input.user);
      const raw: RawTriggerInstance[] = [];
      let cursor: string | undefined;
      do {
        const page = await composio.getClient().triggerInstances.listActive({ show_disabled: true, limit: 100, ...(input.user ? { user_ids: [input.user] } : {}), ...(cursor ? { cursor } : {}) });
        raw.push(...(page.items as RawTriggerInstance[]));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return raw.map((item) => toInstance(item, toolkitOf));
    });
    const shown = instances.filter((instance) => !input.toolkit || instance.toolkit === input.toolkit);
    const byUser = new Map<string, ComposioTriggerInstance[]>();
    for (const instance of shown) byUser.set(instance.userId, [...(byUser.get(instance.userId) ?? []), instance]);
    const users = [...byUser.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([userId, triggers]) => ({ userId, triggers: triggers.sort((a, b) => a.slug.localeCompare(b.slug) || a.id.localeCompare(b.id)) }));
    return { users, total: shown.length };
  }

  /**
   * Creates a trigger for `user` on their ACTIVE account of the type's app. The config is checked
   * against the type's schema before anything is sent; a user without such an account is refused.
   */
  async create(input: { user: string; slug: string; config: Record<string, unknown> }, actor: Actor): Promise<ComposioTriggerInstance> {
    const type = await this.type(input.slug);
    checkTriggerConfig(type.slug, type.config, input.config);
    const instance = await this.calls.withComposio(async (composio) => {
      const accounts = await composio.getClient().connectedAccounts.list({ user_ids: [input.user], toolkit_slugs: [type.toolkit], statuses: ['ACTIVE'], limit: 1 });
      const account = accounts.items[0];
      if (!account) {
        throw new AppError(
          'composio_trigger_no_account',
          `${input.user} has no ACTIVE ${type.toolkitName} account, which ${type.slug} listens on.`,
          `Connect it first: \`crewship integration composio connect ${type.toolkit} --user ${input.user}\` (or the Connected accounts tab), then create the trigger.`,
        );
      }
      const { triggerId } = await composio.triggers.create(input.user, type.slug, { connectedAccountId: account.id, triggerConfig: input.config });
      return this.read(composio, triggerId, new Map([[account.id, type.toolkit]]));
    });
    this.changed(actor, 'created', instance);
    return instance;
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioTriggerInstance> {
    const instance = await this.calls.withComposio(
      async (composio) => {
        await (enabled ? composio.triggers.enable(id) : composio.triggers.disable(id));
        return this.read(composio, id);
      },
      () => triggerNotFound(id),
    );
    this.changed(actor, enabled ? 'enabled' : 'disabled', instance);
    return instance;
  }

  async delete(id: string, actor: Actor): Promise<ComposioTriggerInstance> {
    const instance = await this.calls.withComposio(
      async (composio) => {
        const instance = await this.read(composio, id);
        await composio.triggers.delete(id);
        return instance;
      },
      () => triggerNotFound(id),
    );
    this.changed(actor, 'deleted', instance);
    return instance;
  }

  /** Connected account id → app, for the instances' app (Composio's instances name only the account). */
  private async accountToolkits(composio: ComposioSdk, user: string | undefined): Promise<Map<string, string>> {
    const toolkitOf = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await composio.getClient().connectedAccounts.list({ limit: 100, ...(user ? { user_ids: [user] } : {}), ...(cursor ? { cursor } : {}) });
      for (const account of page.items) toolkitOf.set(account.id, account.toolkit.slug);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return toolkitOf;
  }

  private async read(composio: ComposioSdk, id: string, toolkitOf?: Map<string, string>): Promise<ComposioTriggerInstance> {
    const page = await composio.getClient().triggerInstances.listActive({ trigger_ids: [id], show_disabled: true });
    const raw = page.items[0] as RawTriggerInstance | undefined;
    if (!raw) throw triggerNotFound(id);
    if (toolkitOf?.has(raw.connected_account_id)) return toInstance(raw, toolkitOf);
    // An account deleted since leaves its triggers behind at Composio: they are shown without an app.
    const account = await composio
      .getClient()
      .connectedAccounts.retrieve(raw.connected_account_id)
      .catch((error: unknown) => {
        if ((error as { status?: unknown }).status === 404) return null;
        throw error;
      });
    return toInstance(raw, new Map(account ? [[account.id, account.toolkit.slug]] : []));
  }

  private changed(actor: Actor, change: TriggerChange, instance: ComposioTriggerInstance): void {
    const action = { created: 'create', enabled: 'enable', disabled: 'disable', deleted: 'delete' }[change];
    this.ctx.audit.append(actor, `composio.trigger.${action}`, instance.id, { slug: instance.slug, userId: instance.userId, toolkit: instance.toolkit });
    this.ctx.bus.publish('composio.triggersChanged', { change, id: instance.id });
  }
}
