import type { Actor } from '../audit/audit-log.ts';
import { AppError, type ErrorBody } from '../errors/app-error.ts';
import { toAccount, type AccountParts, type RawAccount } from './accounts.ts';
import type { ComposioSdk } from './client.ts';
import { FALLBACK_ERRORS } from './composio-calls.ts';
import { accountNotFound } from './not-found.ts';
import type { ComposioAccount, ComposioAccountAction, ComposioAccountStatus, ComposioAuthConfig, ComposioCounts, ComposioInventory, ComposioUserAccounts } from './types.ts';

/** The project's connected accounts by user (read live, or the last reading), and each account's lifecycle: refresh, revoke/enable, remove. */
export class Inventory {
  private readonly parts: AccountParts;

  constructor(parts: AccountParts) {
    this.parts = parts;
  }

  private async fetchAccounts(composio: ComposioSdk): Promise<ComposioAccount[]> {
    const names = this.parts.accounts.toolkitNames();
    const accounts: ComposioAccount[] = [];
    let cursor: string | undefined;
    do {
      // connectedAccounts.list() of the SDK drops user_id; its typed client keeps every field.
      const page = await composio.getClient().connectedAccounts.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const item of page.items as RawAccount[]) accounts.push(toAccount(item, names));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return accounts;
  }

  /**
   * Auth configs and connected accounts grouped by user (the operator's view; no agent-facing
   * door returns it). Read live; when Composio cannot be reached, the last reading with its age.
   */
  async inventory(input: { user?: string | undefined; app?: string | undefined; status?: ComposioAccountStatus | undefined }): Promise<ComposioInventory> {
    let source: ComposioInventory['source'] = 'live';
    let error: ErrorBody | null = null;
    let accounts: ComposioAccount[];
    let authConfigs: ComposioAuthConfig[];
    try {
      ({ accounts, authConfigs } = await this.parts.calls.withComposio(async (composio) => ({ authConfigs: await this.parts.authConfigs.fetch(composio), accounts: await this.fetchAccounts(composio) })));
      this.parts.accounts.replace(accounts);
    } catch (caught) {
      if (!(caught instanceof AppError) || !FALLBACK_ERRORS.has(caught.code)) throw caught;
      source = 'cache';
      error = caught.toBody();
      accounts = this.parts.accounts.cached();
      authConfigs = this.parts.authConfigs.cached();
    }
    const fetchedAt = this.parts.accounts.fetchedAt();
    const app = input.app?.toLowerCase();
    const shown = accounts.filter((account) => (!input.user || account.userId === input.user) && (!app || account.toolkit === app) && (!input.status || account.status === input.status));
    return {
      source,
      fetchedAt,
      error,
      counts: countsOf(accounts),
      authConfigs,
      users: groupByUser(shown),
      attention: sortAccounts(shown.filter((account) => account.needsAttention)),
      apps: [...new Set(accounts.map((account) => account.toolkit))].sort(),
      userIds: [...new Set(accounts.map((account) => account.userId))].sort(),
    };
  }

  // ------------------------------------------------------------------ account lifecycle

  private async account(composio: ComposioSdk, id: string): Promise<ComposioAccount> {
    const raw = (await composio.getClient().connectedAccounts.retrieve(id)) as RawAccount;
    const account = toAccount(raw, this.parts.accounts.toolkitNames());
    this.parts.accounts.upsert(account);
    return account;
  }

  /** Asks Composio to refresh the account; the link to sign in again when it needs the person. Shows the state Composio returns after it. */
  async refreshAccount(id: string, actor: Actor): Promise<ComposioAccountAction> {
    const { refreshed, account } = await this.parts.calls.withComposio(
      async (composio) => {
        const refreshed = await composio.connectedAccounts.refresh(id);
        return { refreshed, account: await this.account(composio, id) };
      },
      () => accountNotFound(id),
    );
    const redirectUrl = refreshed.redirect_url ?? null;
    this.parts.ctx.audit.append(actor, 'composio.account.refresh', id, { userId: account.userId, toolkit: account.toolkit, status: account.status });
    this.parts.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { account, redirectUrl, needsReauth: redirectUrl !== null && account.status !== 'ACTIVE' };
  }

  /** revoke = disable: the account is INACTIVE and its tools stop at once; enable restores it. */
  async setAccountEnabled(id: string, enabled: boolean, actor: Actor): Promise<ComposioAccountAction> {
    const account = await this.parts.calls.withComposio(
      async (composio) => {
        await (enabled ? composio.connectedAccounts.enable(id) : composio.connectedAccounts.disable(id));
        return this.account(composio, id);
      },
      () => accountNotFound(id),
    );
    this.parts.ctx.audit.append(actor, enabled ? 'composio.account.enable' : 'composio.account.revoke', id, { userId: account.userId, toolkit: account.toolkit });
    this.parts.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { account, redirectUrl: null, needsReauth: false };
  }

  /** Deletes the account at Composio for good. */
  async removeAccount(id: string, actor: Actor): Promise<{ id: string; userId: string; toolkit: string }> {
    const account = await this.parts.calls.withComposio(
      async (composio) => {
        const account = await this.account(composio, id);
        await composio.connectedAccounts.delete(id);
        return account;
      },
      () => accountNotFound(id),
    );
    this.parts.ctx.db.transaction(() => {
      this.parts.accounts.delete(id);
      this.parts.ctx.audit.append(actor, 'composio.account.remove', id, { userId: account.userId, toolkit: account.toolkit });
    })();
    this.parts.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id });
    return { id, userId: account.userId, toolkit: account.toolkit };
  }
}

function sortAccounts(accounts: ComposioAccount[]): ComposioAccount[] {
  return [...accounts].sort((a, b) => Number(b.needsAttention) - Number(a.needsAttention) || a.toolkit.localeCompare(b.toolkit) || a.id.localeCompare(b.id));
}

function groupByUser(accounts: ComposioAccount[]): ComposioUserAccounts[] {
  const byUser = new Map<string, ComposioAccount[]>();
  for (const account of accounts) byUser.set(account.userId, [...(byUser.get(account.userId) ?? []), account]);
  return [...byUser.entries()]
    .map(([userId, list]) => ({ userId, accounts: sortAccounts(list), needsAttention: list.filter((account) => account.needsAttention).length }))
    .sort((a, b) => Number(b.needsAttention > 0) - Number(a.needsAttention > 0) || a.userId.localeCompare(b.userId));
}

/** The KPI header: accounts, users, apps, and the accounts needing attention. */
export function countsOf(accounts: ComposioAccount[]): ComposioCounts {
  return {
    accounts: accounts.length,
    users: new Set(accounts.map((account) => account.userId)).size,
    apps: new Set(accounts.map((account) => account.toolkit)).size,
    needsAttention: accounts.filter((account) => account.needsAttention).length,
  };
}
