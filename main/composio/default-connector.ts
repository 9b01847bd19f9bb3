import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { ComposioDefaultConnector } from './access-types.ts';
import type { AccountRecords } from './accounts.ts';
import type { ProjectKeys } from './project-key.ts';
import type { ActiveAccount, ScopedServers } from './scoped-servers.ts';

interface ConnectorRow {
  user_id: string;
  server_id: string | null;
  server_name: string | null;
  composio_server_id: string | null;
  apps: string;
  allowed_tools: string;
  provisioned_at: string | null;
}

/** The default connector's MCP server config, in the workspace's scope. */
const CONFIG_NAME = 'composio-default';

/** COMPOSIO_DEFAULT_CONNECTOR is on only when it is `true` or `1`. */
function defaultConnectorFlag(env: NodeJS.ProcessEnv): boolean {
  const value = env.COMPOSIO_DEFAULT_CONNECTOR?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * The workspace's default connector: one Composio MCP server with full access to all of the
 * default user's connected apps. `enable` derives the user (exactly one with connected accounts)
 * unless one is pinned with `set`; re-running refreshes the app set, and changes nothing when the
 * apps are the same. It resolves for agents only while COMPOSIO_DEFAULT_CONNECTOR is on and a key is in effect.
 */
export class DefaultConnector {
  private readonly ctx: DomainContext;
  private readonly keys: ProjectKeys;
  private readonly accounts: AccountRecords;
  private readonly scoped: ScopedServers;
  private readonly env: NodeJS.ProcessEnv;

  constructor(deps: { ctx: DomainContext; keys: ProjectKeys; accounts: AccountRecords; scoped: ScopedServers; env: NodeJS.ProcessEnv }) {
    this.ctx = deps.ctx;
    this.keys = deps.keys;
    this.accounts = deps.accounts;
    this.scoped = deps.scoped;
    this.env = deps.env;
  }

  private row(): ConnectorRow | undefined {
    return this.ctx.db
      .prepare(
        `SELECT d.user_id, d.server_id, s.name AS server_name, d.composio_server_id, d.apps, d.allowed_tools, d.provisioned_at
         FROM composio_default_connector d LEFT JOIN mcp_servers s ON s.id = d.server_id WHERE d.workspace_id = ?`,
      )
      .get(this.ctx.workspaceId) as ConnectorRow | undefined;
  }

  get(): ComposioDefaultConnector {
    const row = this.row();
    const flag = defaultConnectorFlag(this.env);
    const keyConfigured = this.keys.effective() !== null;
    const provisioned = Boolean(row?.server_id && row.server_name);
    const connectedUsers = new Set(this.accounts.cached().filter((account) => account.status === 'ACTIVE' && !account.disabled).map((account) => account.userId)).size;
    const apps = row ? (JSON.parse(row.apps) as string[]) : [];
    // Its user's accounts all revoked or removed: provisioned still, but it gives agents nothing until one is ACTIVE again.
    const active = flag && keyConfigured && provisioned && apps.length > 0;
    return {
      flag,
      keyConfigured,
      active,
      userId: row?.user_id ?? null,
      serverId: provisioned ? (row?.server_id ?? null) : null,
      serverName: provisioned ? (row?.server_name ?? null) : null,
      composioServerId: row?.composio_server_id ?? null,
      apps,
      toolCount: row ? (JSON.parse(row.allowed_tools) as string[]).length : 0,
      connectedUsers,
      provisionedAt: row?.provisioned_at ?? null,
      hint: active ? null : hintFor(flag, keyConfigured, provisioned, row?.user_id ?? null, apps.length),
    };
  }

  /** The one user with connected accounts (or the pinned one), provisioned; errors with none or several. */
  async enable(actor: Actor): Promise<ComposioDefaultConnector> {
    this.keys.require();
    const pinned = this.row()?.user_id;
    if (pinned) return this.provision(pinned, await this.scoped.activeAccounts(pinned), actor);
    const accounts = await this.scoped.activeAccounts();
    const users = [...new Set(accounts.map((account) => account.userId))].sort();
    if (users.length === 0) {
      throw new AppError('composio_default_no_users', 'No Composio user has a connected account yet: connect an account first.', 'Connect one: `crewship integration composio connect <app> --user <user_id>`, then run `default enable` again.');
    }
    if (users.length > 1) {
      throw new AppError(
        'composio_default_several_users',
        `${users.length} Composio users have connected accounts (${users.slice(0, 5).join(', ')}${users.length > 5 ? ', …' : ''}).`,
        'Pin the one the default connector acts for: `crewship integration composio default set <user_id>`.',
      );
    }
    const [user] = users as [string];
    return this.provision(user, accounts, actor);
  }

  /** Pins the user and provisions the connector for their connected apps. */
  async set(userId: string, actor: Actor): Promise<ComposioDefaultConnector> {
    this.keys.require();
    return this.provision(userId, await this.scoped.activeAccounts(userId), actor);
  }

  /**
   * Follows a change of connected accounts (`active`: every ACTIVE one, read live): the apps of
   * its user, updated at Composio when they differ (connected sessions see tools/list_changed);
   * with none left it keeps its server and gives nothing until one is ACTIVE again. Not provisioned: nothing to do.
   */
  async follow(active: ActiveAccount[], actor: Actor): Promise<void> {
    const row = this.row();
    if (!row?.server_id || !row.server_name || !row.composio_server_id) return;
    if (active.some((account) => account.userId === row.user_id)) {
      await this.provision(row.user_id, active, actor);
      return;
    }
    if (row.apps === '[]') return;
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare("UPDATE composio_default_connector SET apps = '[]', updated_at = ? WHERE workspace_id = ?").run(nowIso(), this.ctx.workspaceId);
      this.ctx.audit.append(actor, 'composio.default.provision', this.ctx.workspaceId, { user: row.user_id, apps: [] });
    })();
    this.ctx.bus.publish('access.changed', { agentId: null });
  }

  private async provision(userId: string, accounts: ActiveAccount[], actor: Actor): Promise<ComposioDefaultConnector> {
    const apps = [...new Set(accounts.filter((account) => account.userId === userId).map((account) => account.toolkit))].sort();
    if (apps.length === 0) {
      throw new AppError('composio_default_user_not_connected', `User ${userId} has no ACTIVE connected account.`, `Connect one first: \`crewship integration composio connect <app> --user ${userId}\`.`);
    }
    const row = this.row();
    const sameUser = row?.user_id === userId && row.composio_server_id && row.server_id && row.server_name;
    if (sameUser && row.apps === JSON.stringify(apps)) return this.get();
    let composioServerId: string;
    let allowedTools: string[];
    let url: string | null = null;
    if (sameUser && row.composio_server_id) {
      composioServerId = row.composio_server_id;
      allowedTools = await this.scoped.update(composioServerId, apps, null);
    } else {
      const made = await this.scoped.create('default', apps, null, userId);
      ({ composioServerId, allowedTools, url } = made);
      if (row?.composio_server_id) await this.scoped.remove(row.composio_server_id);
    }
    this.store(userId, composioServerId, apps, allowedTools, url, row, actor);
    this.ctx.bus.publish('access.changed', { agentId: null });
    return this.get();
  }

  private store(userId: string, composioServerId: string, apps: string[], allowedTools: string[], url: string | null, row: ConnectorRow | undefined, actor: Actor): void {
    const now = nowIso();
    this.ctx.db.transaction(() => {
      let serverId = row?.server_name ? row.server_id : null;
      if (url && serverId) this.scoped.pointConfig(serverId, url, actor);
      else if (url) serverId = this.scoped.createConfig(CONFIG_NAME, { kind: 'workspace' }, url, actor).id;
      this.ctx.db
        .prepare(
          `INSERT INTO composio_default_connector (workspace_id, user_id, server_id, composio_server_id, apps, allowed_tools, provisioned_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id) DO UPDATE SET user_id = excluded.user_id, server_id = excluded.server_id, composio_server_id = excluded.composio_server_id,
             apps = excluded.apps, allowed_tools = excluded.allowed_tools, provisioned_at = excluded.provisioned_at, updated_at = excluded.updated_at`,
        )
        .run(this.ctx.workspaceId, userId, serverId, composioServerId, JSON.stringify(apps), JSON.stringify(allowedTools), now, now);
      this.ctx.audit.append(actor, 'composio.default.provision', this.ctx.workspaceId, { user: userId, apps });
    })();
  }
}

function hintFor(flag: boolean, keyConfigured: boolean, provisioned: boolean, userId: string | null, appCount: number): string {
  if (!keyConfigured) return 'Set a Composio project key first (`crewship integration composio key set --key ak_…`): the flag never enables Composio by itself.';
  if (!provisioned) return 'Provision it: `crewship integration composio default enable` (or `default set <user_id>` to pin a user).';
  if (appCount === 0) return `Its user ${userId ?? ''} has no ACTIVE connected account any more: connect or enable one, and it follows.`;
  if (!flag) return 'It is provisioned but off: set COMPOSIO_DEFAULT_CONNECTOR=true in the console’s environment to give it to agents without a binding.';
  return 'It is on.';
}
