import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { Bindings } from './bindings.ts';
import type { DefaultConnector } from './default-connector.ts';
import type { ProjectKeys } from './project-key.ts';
import type { ActiveAccount, ScopedServers } from './scoped-servers.ts';
import type { ComposioAccount } from './types.ts';

/** The ACTIVE accounts as read at one moment (`readAt`, ISO): what a follow starts from. */
export interface AccountsReading {
  active: ActiveAccount[];
  readAt: string;
}

/** The ACTIVE accounts of a reading of the inventory begun at `readAt`, as the scoped servers see them. */
export function readingOf(accounts: readonly ComposioAccount[], readAt: string): AccountsReading {
  return { active: accounts.filter((account) => account.status === 'ACTIVE' && !account.disabled).map(({ id, userId, toolkit }) => ({ id, userId, toolkit })), readAt };
}

/**
 * Keeps agent access in step with connected accounts: after an account is connected, refreshed,
 * revoked, enabled or removed (here, or in another process: the follower republishes it), or a
 * reading of the inventory, the default connector's app set follows its user's ACTIVE accounts
 * and a binding whose account is gone is withheld (see Bindings.followAccounts). One follow at a
 * time; changes during one are seen by the next. A Composio that cannot be reached is left for
 * the next change; `settled` lets a closing core (a CLI command's) finish what it started.
 */
export class AccessFollower {
  private readonly deps: { ctx: DomainContext; keys: ProjectKeys; scoped: ScopedServers; bindings: Bindings; connector: DefaultConnector };
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  /** The accounts the queued follow starts from (a reading just made); undefined: read them live. */
  private reading: AccountsReading | undefined;

  constructor(deps: AccessFollower['deps']) {
    this.deps = deps;
  }

  schedule(reading?: AccountsReading): void {
    this.reading = reading;
    if (this.queued) return;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      const active = this.reading;
      this.reading = undefined;
      try {
        await this.follow(active);
      } catch (error) {
        // Composio refused or could not be reached: the next change (or inventory reading) follows again.
        if (!(error instanceof AppError)) this.deps.ctx.logInternalError('follow Composio accounts', error);
      }
    });
  }

  settled(): Promise<void> {
    return this.chain;
  }

  private async follow(reading: AccountsReading | undefined): Promise<void> {
    const { keys, scoped, bindings, connector, ctx } = this.deps;
    if (!keys.effective()) return;
    const state = connector.get();
    if (bindings.list().length === 0 && !state.serverId) return;
    const { active, readAt } = reading ?? { readAt: nowIso(), active: await scoped.activeAccounts() };
    for (const agentId of bindings.followAccounts(active, readAt, 'system')) ctx.bus.publish('access.changed', { agentId });
    await connector.follow(active, 'system');
  }
}
