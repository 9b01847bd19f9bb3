import type { AccessMode } from '../access/types.ts';
import type { Agent } from '../agents/agent.ts';
import type { AgentsService } from '../agents/agents-service.ts';
import type { Actor } from '../audit/audit-log.ts';
import { AppError, type ErrorBody } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { ComposioBinding, ComposioBindingPreview, ComposioBindingResult } from './access-types.ts';
import type { CatalogStore } from './catalog-store.ts';
import type { ActiveAccount, ScopedServers } from './scoped-servers.ts';

interface BindingRow {
  agent_id: string;
  agent_slug: string;
  agent_name: string;
  app: string;
  app_name: string | null;
  scope: AccessMode;
  user_id: string;
  server_id: string;
  server_name: string | null;
  composio_server_id: string;
  allowed_tools: string;
  account_active: number;
  created_at: string;
  updated_at: string;
}

const bindingSelect = `SELECT b.agent_id, a.slug AS agent_slug, a.name AS agent_name, b.app, t.name AS app_name, b.scope, b.user_id, b.server_id,
    s.name AS server_name, b.composio_server_id, b.allowed_tools, b.account_active, b.created_at, b.updated_at
  FROM composio_bindings b
  JOIN agents a ON a.id = b.agent_id
  LEFT JOIN mcp_servers s ON s.id = b.server_id
  LEFT JOIN composio_toolkits t ON t.workspace_id = b.workspace_id AND t.slug = b.app`;

function toBinding(row: BindingRow): ComposioBinding {
  return {
    agentId: row.agent_id,
    agentSlug: row.agent_slug,
    agentName: row.agent_name,
    userId: row.user_id,
    app: row.app,
    appName: row.app_name ?? row.app,
    scope: row.scope,
    serverId: row.server_id,
    serverName: row.server_name ?? '',
    composioServerId: row.composio_server_id,
    tools: JSON.parse(row.allowed_tools) as string[],
    accountActive: row.account_active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface BindingInput {
  agent: string;
  user: string;
  apps: ReadonlyArray<{ app: string; scope: AccessMode }>;
  replace?: boolean | undefined;
}

/** The name of a binding's MCP server config in the agent's scope (the key in its `.mcp.json`). */
const configName = (app: string) => `composio-${app}`;

/**
 * Agents' Composio bindings: one per (agent, app) with its scope, all of an agent's with one user,
 * each with its own scoped Composio MCP server. Binding to another user needs replace; an app the
 * user has no ACTIVE account of is refused; everything is checked before anything is made.
 */
export class Bindings {
  private readonly ctx: DomainContext;
  private readonly agents: AgentsService;
  private readonly catalog: CatalogStore;
  private readonly scoped: ScopedServers;

  constructor(deps: { ctx: DomainContext; agents: AgentsService; catalog: CatalogStore; scoped: ScopedServers }) {
    this.ctx = deps.ctx;
    this.agents = deps.agents;
    this.catalog = deps.catalog;
    this.scoped = deps.scoped;
  }

  list(agentReference?: string): ComposioBinding[] {
    const agentId = agentReference ? this.agents.get(agentReference).id : null;
    const rows = this.ctx.db
      .prepare(`${bindingSelect} WHERE b.workspace_id = ? ${agentId ? 'AND b.agent_id = ?' : ''} ORDER BY a.slug, b.app`)
      .all(this.ctx.workspaceId, ...(agentId ? [agentId] : [])) as BindingRow[];
    return rows.map(toBinding);
  }

  /** The agent's bindings (by agent id), for resolution. */
  of(agentId: string): ComposioBinding[] {
    return (this.ctx.db.prepare(`${bindingSelect} WHERE b.workspace_id = ? AND b.agent_id = ? ORDER BY b.app`).all(this.ctx.workspaceId, agentId) as BindingRow[]).map(toBinding);
  }

  boundAgentCount(): number {
    return this.ctx.db.prepare('SELECT COUNT(DISTINCT agent_id) FROM composio_bindings WHERE workspace_id = ?').pluck().get(this.ctx.workspaceId) as number;
  }

  async preview(input: BindingInput): Promise<ComposioBindingPreview> {
    const agent = this.agents.get(input.agent);
    return this.previewWith(agent, input, await this.scoped.activeAccounts(input.user));
  }

  private previewWith(agent: Agent, input: BindingInput, accounts: ActiveAccount[]): ComposioBindingPreview {
    const current = this.of(agent.id);
    const previousUserId = current[0]?.userId ?? null;
    const changesUser = previousUserId !== null && previousUserId !== input.user;
    const problems: ErrorBody[] = [];
    if (changesUser && !input.replace) {
      problems.push(
        new AppError('composio_binding_other_user', `Agent ${agent.slug} is bound to user ${previousUserId}, not ${input.user}.`, 'Bind it with replace (`--replace`): its bindings to the other user are removed.').toBody(),
      );
    }
    const apps: ComposioBindingPreview['apps'] = input.apps.map(({ app, scope }) => {
      const before = changesUser ? undefined : current.find((binding) => binding.app === app);
      const { tools, withheld, problem } = this.toolsOf(app, scope);
      const account = accounts.find((candidate) => candidate.toolkit === app && candidate.userId === input.user) ?? null;
      // A withheld binding named again as it is stays as it is (withheld until an account is ACTIVE):
      // an editor saving the whole set keeps it; a scope change or a new binding needs an ACTIVE account.
      const keptWithheld = before !== undefined && !before.accountActive && before.scope === scope;
      const missing = account || keptWithheld
        ? null
        : new AppError('composio_app_not_connected', `User ${input.user} has no ACTIVE connected account of ${app}.`, `Connect it first: \`crewship integration composio connect ${app} --user ${input.user}\`.`).toBody();
      const itsProblem = problem ?? missing;
      if (itsProblem) problems.push(itsProblem);
      const change = !before ? 'add' : before.scope === scope ? 'unchanged' : 'scope';
      return { app, appName: this.catalog.toolkit(app)?.name ?? app, scope, previousScope: before?.scope ?? null, change, tools, withheld, accountId: account?.id ?? null, problem: itsProblem };
    });
    const named = new Set(input.apps.map(({ app }) => app));
    const removed = changesUser || input.replace ? current.filter((binding) => !named.has(binding.app) || changesUser) : [];
    for (const binding of removed) {
      apps.push({ app: binding.app, appName: binding.appName, scope: binding.scope, previousScope: binding.scope, change: 'remove', tools: [], withheld: 0, accountId: null, problem: null });
    }
    return { agent: { id: agent.id, slug: agent.slug, name: agent.name }, userId: input.user, previousUserId, changesUser, apps, allowed: problems.length === 0, problems };
  }

  /** The tools an app's scope yields, from the catalog cache (read: those hinted read-only). */
  private toolsOf(app: string, scope: AccessMode): { tools: ComposioBindingPreview['apps'][number]['tools']; withheld: number; problem: ErrorBody | null } {
    if (!this.catalog.toolkit(app)) {
      const problem = new AppError('composio_app_not_in_catalog', `${app} is not in the catalog cache.`, 'Refresh it (`crewship integration composio toolkits --sync`, or Sync on the Catalog tab) and bind again.').toBody();
      return { tools: [], withheld: 0, problem };
    }
    const all = this.catalog.searchTools({ toolkit: app, limit: 100_000, offset: 0 }).tools;
    const tools = all.filter((tool) => scope === 'full' || tool.readOnly).map(({ slug, name, readOnly, destructive }) => ({ slug, name, readOnly, destructive }));
    const problem = tools.length === 0 ? new AppError('composio_scope_empty', `${app} has no read-only tools, so a read binding would give the agent nothing.`, `Bind it full (\`--app ${app}:full\`), or leave it out.`).toBody() : null;
    return { tools, withheld: all.length - tools.length, problem };
  }

  /** Checks everything first (the preview); then makes, updates and removes each app's scoped server. */
  async set(input: BindingInput, actor: Actor): Promise<ComposioBindingResult> {
    const agent = this.agents.get(input.agent);
    const preview = this.previewWith(agent, input, await this.scoped.activeAccounts(input.user));
    const first = preview.problems[0];
    if (first) throw new AppError(first.code, first.message, first.hint);
    const current = new Map(this.of(agent.id).map((binding) => [binding.app, binding]));
    // Removals first: a replaced user's app of the same name frees its config's name for the new one.
    const ordered = [...preview.apps].sort((a, b) => Number(b.change === 'remove') - Number(a.change === 'remove'));
    for (const app of ordered) {
      const existing = current.get(app.app);
      const tools = app.tools.map((tool) => tool.slug);
      if (app.change === 'remove' && existing) await this.drop(existing, actor);
      else if (app.change === 'add') await this.add(agent, input.user, app.app, app.scope, tools, actor);
      else if (app.change === 'scope' && existing) await this.rescope(existing, app.scope, tools, actor);
    }
    this.ctx.bus.publish('access.changed', { agentId: agent.id });
    return { bindings: this.of(agent.id), preview };
  }

  private async add(agent: Agent, userId: string, app: string, scope: AccessMode, tools: string[], actor: Actor): Promise<void> {
    const made = await this.scoped.create(app, [app], tools, userId);
    const now = nowIso();
    try {
      this.ctx.db.transaction(() => {
        const config = this.scoped.createConfig(configName(app), { kind: 'agent', agent: agent.id }, made.url, actor);
        this.ctx.db
          .prepare(
            `INSERT INTO composio_bindings (workspace_id, agent_id, app, scope, user_id, server_id, composio_server_id, allowed_tools, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(this.ctx.workspaceId, agent.id, app, scope, userId, config.id, made.composioServerId, JSON.stringify(made.allowedTools), now, now);
        this.ctx.audit.append(actor, 'composio.binding.set', agent.id, { agent: agent.slug, app, scope, user: userId });
      })();
    } catch (error) {
      // The config could not be stored (a server of that name in the agent's scope): the Composio server goes too.
      await this.scoped.remove(made.composioServerId);
      throw error;
    }
  }

  private async rescope(binding: ComposioBinding, scope: AccessMode, tools: string[], actor: Actor): Promise<void> {
    const allowed = await this.scoped.update(binding.composioServerId, [binding.app], tools);
    this.ctx.db.transaction(() => {
      this.ctx.db
        .prepare('UPDATE composio_bindings SET scope = ?, allowed_tools = ?, updated_at = ? WHERE agent_id = ? AND app = ?')
        .run(scope, JSON.stringify(allowed), nowIso(), binding.agentId, binding.app);
      this.ctx.audit.append(actor, 'composio.binding.set', binding.agentId, { agent: binding.agentSlug, app: binding.app, scope, user: binding.userId });
    })();
  }

  private async drop(binding: ComposioBinding, actor: Actor): Promise<void> {
    await this.scoped.remove(binding.composioServerId);
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('DELETE FROM composio_bindings WHERE agent_id = ? AND app = ?').run(binding.agentId, binding.app);
      this.scoped.deleteConfig(binding.serverId, actor);
      this.ctx.audit.append(actor, 'composio.binding.remove', binding.agentId, { agent: binding.agentSlug, app: binding.app });
    })();
  }

  /**
   * Follows a change of connected accounts (`active`: every ACTIVE one, read live): a binding
   * whose user has no ACTIVE account of its app any more is kept but withheld from resolution
   * (its scoped server stays at Composio), and given back when one is ACTIVE again. A binding made
   * or changed after the reading began is not withheld by it (it was bound to an ACTIVE account,
   * which the reading may predate). Answers the agents whose access changed.
   */
  followAccounts(active: ActiveAccount[], readAt: string, actor: Actor): string[] {
    const has = new Set(active.map((account) => `${account.userId}\n${account.toolkit}`));
    const changed = this.list().filter((binding) => {
      const accountActive = has.has(`${binding.userId}\n${binding.app}`);
      return binding.accountActive !== accountActive && (accountActive || binding.updatedAt < readAt);
    });
    if (changed.length === 0) return [];
    this.ctx.db.transaction(() => {
      for (const binding of changed) {
        const accountActive = !binding.accountActive;
        this.ctx.db.prepare('UPDATE composio_bindings SET account_active = ?, updated_at = ? WHERE agent_id = ? AND app = ?').run(accountActive ? 1 : 0, nowIso(), binding.agentId, binding.app);
        this.ctx.audit.append(actor, 'composio.binding.account', binding.agentId, { agent: binding.agentSlug, app: binding.app, user: binding.userId, accountActive });
      }
    })();
    return [...new Set(changed.map((binding) => binding.agentId))];
  }

  async remove(input: { agent: string; app?: string | undefined }, actor: Actor): Promise<{ removed: string[] }> {
    const agent = this.agents.get(input.agent);
    const bindings = this.of(agent.id).filter((binding) => !input.app || binding.app === input.app);
    if (bindings.length === 0) {
      throw new AppError(
        'composio_binding_not_found',
        input.app ? `Agent ${agent.slug} has no Composio binding of ${input.app}.` : `Agent ${agent.slug} has no Composio bindings.`,
        `\`crewship integration composio bindings ${agent.slug}\` lists what it has.`,
      );
    }
    for (const binding of bindings) await this.drop(binding, actor);
    this.ctx.bus.publish('access.changed', { agentId: agent.id });
    return { removed: bindings.map((binding) => binding.app) };
  }
}
