import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { AuthConfigs } from './auth-configs.ts';
import type { ComposioCalls } from './composio-calls.ts';
import type { ComposioAccount, ComposioAccountStatus, ComposioReconnect } from './types.ts';

/** The fields of a connected account the console reads, as Composio's API gives them (snake_case, user_id kept). */
export interface RawAccount {
  id: string;
  user_id: string;
  status: string;
  status_reason: string | null;
  is_disabled: boolean;
  created_at: string;
  updated_at: string;
  toolkit: { slug: string };
  auth_config: { id: string };
}

/** What the work on accounts (the inventory, its lifecycle, connecting) is done with. */
export interface AccountParts {
  ctx: DomainContext;
  calls: ComposioCalls;
  accounts: AccountRecords;
  authConfigs: AuthConfigs;
}

type ToolkitNames = Map<string, { name: string; logo: string }>;

const ATTENTION: ReadonlySet<string> = new Set(['EXPIRED', 'FAILED', 'INACTIVE']);

/** The connected accounts of one workspace as last read from Composio: made from the API's records, cached in SQLite. */
export class AccountRecords {
  private readonly ctx: DomainContext;

  constructor(ctx: DomainContext) {
    this.ctx = ctx;
  }

  /** Each app's name and logo from the catalog cache, by slug. */
  toolkitNames(): ToolkitNames {
    const rows = this.ctx.db.prepare('SELECT slug, name, logo FROM composio_toolkits WHERE workspace_id = ?').all(this.ctx.workspaceId) as Array<{ slug: string; name: string; logo: string }>;
    return new Map(rows.map((row) => [row.slug, { name: row.name, logo: row.logo }]));
  }

  cached(): ComposioAccount[] {
    const rows = this.ctx.db.prepare('SELECT record FROM composio_accounts WHERE workspace_id = ?').pluck().all(this.ctx.workspaceId) as string[];
    return rows.map((row) => JSON.parse(row) as ComposioAccount);
  }

  upsert(account: ComposioAccount): void {
    this.ctx.db
      .prepare('INSERT OR REPLACE INTO composio_accounts (workspace_id, id, user_id, toolkit_slug, status, record) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.ctx.workspaceId, account.id, account.userId, account.toolkit, account.status, JSON.stringify(account));
  }

  /** The cache becomes this complete reading, stamped now. */
  replace(accounts: ComposioAccount[]): void {
    const ws = this.ctx.workspaceId;
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_accounts WHERE workspace_id = ?').run(ws);
      for (const account of accounts) this.upsert(account);
      this.ctx.db.prepare('INSERT OR REPLACE INTO composio_inventory_state (workspace_id, fetched_at) VALUES (?, ?)').run(ws, nowIso());
    })();
  }

  delete(id: string): void {
    this.ctx.db.prepare('DELETE FROM composio_accounts WHERE workspace_id = ? AND id = ?').run(this.ctx.workspaceId, id);
  }

  /** When the last complete reading was made (null: never). */
  fetchedAt(): string | null {
    return (this.ctx.db.prepare('SELECT fetched_at FROM composio_inventory_state WHERE workspace_id = ?').pluck().get(this.ctx.workspaceId) as string | undefined) ?? null;
  }
}

export function toAccount(raw: RawAccount, names: ToolkitNames): ComposioAccount {
  const toolkit = raw.toolkit.slug;
  const status = raw.status as ComposioAccountStatus;
  const needsAttention = ATTENTION.has(status);
  return {
    id: raw.id,
    userId: raw.user_id,
    toolkit,
    toolkitName: names.get(toolkit)?.name ?? toolkit,
    logo: names.get(toolkit)?.logo ?? '',
    authConfigId: raw.auth_config.id,
    status,
    statusReason: raw.status_reason,
    disabled: raw.is_disabled,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    needsAttention,
    reconnect: needsAttention ? reconnectFor(raw.id, toolkit, raw.user_id, status) : null,
  };
}

function reconnectFor(id: string, toolkit: string, userId: string, status: ComposioAccountStatus): ComposioReconnect {
  if (status === 'INACTIVE') return { action: 'enable', explanation: 'It was disabled (revoked); enabling restores it as it was.', command: `crewship integration composio account enable ${id}` };
  if (status === 'EXPIRED') return { action: 'refresh', explanation: 'Its grant expired; a refresh renews it, or gives the link for the person to sign in again.', command: `crewship integration composio account refresh ${id}` };
  return { action: 'connect', explanation: 'The sign-in failed; the person connects again through a new link.', command: `crewship integration composio connect ${toolkit} --user ${userId}` };
}
