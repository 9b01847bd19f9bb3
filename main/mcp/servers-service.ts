import type { DomainContext } from '../store/domain-context.ts';
import type { Actor } from '../audit/audit-log.ts';
import type { AgentsService } from '../agents/agents-service.ts';
import type { CrewsService } from '../crews/crews-service.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../store/constraints.ts';
import { newId, nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { CredentialBindingInput, InjectionInput, ScopeInput, TransportInput } from './inputs.ts';
import { allowEnvHint, disallowedPlaceholders, isReservedVariable, placeholderNotAllowed, requireAllowableVariables, requireAllowedPlaceholders } from './placeholders.ts';
import { requireSecretName, type McpServerSecrets } from './server-secrets.ts';
import { credentialVariable, scopeOrder, scopeRank, serverSelect, toConfig, toScope, type ServerRow } from './server-rows.ts';
import type { McpImportReport, McpImportVariable, McpResolvedServer, McpScope, McpServerConfig, McpTransportConfig } from './types.ts';

export interface McpServerDraft {
  name: string;
  scope: ScopeInput;
  transport: TransportInput;
  credential: CredentialBindingInput | null;
  allowedEnv: readonly string[];
  provider: string | null;
  enabled: boolean;
  connectTimeoutMs: number | null;
  /** Secret values its `${NAME}` placeholders read, sealed by the vault (McpServerSecrets). */
  sealed?: Readonly<Record<string, string>> | undefined;
  /** The domain that keeps it (see McpServerConfig.managedBy); only that domain writes it after. */
  managedBy?: 'composio' | undefined;
}

export interface McpServerPatch {
  server: string;
  name?: string | undefined;
  scope?: ScopeInput | undefined;
  transport?: TransportInput | undefined;
  credential?: CredentialBindingInput | null | undefined;
  allowedEnv?: readonly string[] | undefined;
  provider?: string | null | undefined;
  enabled?: boolean | undefined;
  connectTimeoutMs?: number | null | undefined;
  /** Sets each named sealed value; null removes it. Those not named stay. */
  sealed?: Readonly<Record<string, string | null>> | undefined;
}

interface ScopeColumns {
  kind: 'workspace' | 'crew' | 'agent';
  crewId: string | null;
  agentId: string | null;
  key: string;
  /** For messages: `the workspace`, `crew ops`, `agent scout`. */
  label: string;
}

const importAllowEnvHint = '`crewship mcp import <file> --allow-env VAR`, or tick it in the import panel';

/** Sorted, each once; `CREWSHIP_*` refused. */
function allowList(variables: readonly string[]): string[] {
  requireAllowableVariables(variables);
  return [...new Set(variables)].sort();
}

export function describeScope(scope: McpScope): string {
  if (scope.kind === 'crew') return `crew ${scope.crewSlug}`;
  if (scope.kind === 'agent') return `agent ${scope.agentSlug}`;
  return 'the workspace';
}

/** MCP server configs: the `mcp_servers` table, its scopes, and the merge that decides what an agent gets. */
export class McpServersService {
  private readonly ctx: DomainContext;
  private readonly crews: CrewsService;
  private readonly agents: AgentsService;
  private readonly sql: ReturnType<typeof statementCache>;
  private readonly secrets: McpServerSecrets;
  private agentResolver: ((agentReference: string) => McpServerConfig[]) | null = null;

  constructor(ctx: DomainContext, crews: CrewsService, agents: AgentsService, secrets: McpServerSecrets) {
    this.ctx = ctx;
    this.crews = crews;
    this.agents = agents;
    this.secrets = secrets;
    this.sql = statementCache(ctx.db);
  }

  list(filter: { scope?: ScopeInput | undefined; provider?: string | undefined } = {}): McpServerConfig[] {
    const where = ['s.workspace_id = ?'];
    const params: unknown[] = [this.ctx.workspaceId];
    if (filter.scope) {
      where.push('s.scope_key = ?');
      params.push(this.scopeColumns(filter.scope).key);
    }
    if (filter.provider) {
      where.push('s.provider = ?');
      params.push(filter.provider);
    }
    const rows = this
      .sql(`${serverSelect} WHERE ${where.join(' AND ')} ORDER BY s.name COLLATE NOCASE, ${scopeOrder}, s.id`)
      .all(...params) as ServerRow[];
    return rows.map(toConfig);
  }

  /** Configs whose server declares it uses this OAuth provider (auto-bind looks them up). */
  findByProvider(provider: string): McpServerConfig[] {
    return this.list({ provider });
  }

  findById(id: string): McpServerConfig | undefined {
    const row = this.sql(`${serverSelect} WHERE s.workspace_id = ? AND s.id = ?`).get(this.ctx.workspaceId, id) as ServerRow | undefined;
    return row ? toConfig(row) : undefined;
  }

  /** By id, or by name when only one scope has a server of that name. */
  get(reference: string): McpServerConfig {
    const rows = this
      .sql(`${serverSelect} WHERE s.workspace_id = ? AND (s.id = ? OR s.name = ?) ORDER BY ${scopeOrder}`)
      .all(this.ctx.workspaceId, reference, reference) as ServerRow[];
    const byId = rows.find((row) => row.id === reference);
    if (byId) return toConfig(byId);
    if (rows.length === 1) return toConfig(rows[0] as ServerRow);
    if (rows.length === 0) {
      throw new AppError(
        'mcp_server_not_found',
        `There is no MCP server "${reference}".`,
        'Run `crewship mcp list` (or open the MCP servers page) to see the servers that exist.',
      );
    }
    const scopes = rows.map((row) => describeScope(toScope(row))).join(', ');
    throw new AppError(
      'mcp_server_ambiguous',
      `${rows.length} MCP servers are named "${reference}" (${scopes}).`,
      'Name the server by its id; `crewship mcp list` shows the ids.',
    );
  }

  create(draft: McpServerDraft, actor: Actor): McpServerConfig {
    const id = this.insert(draft, actor);
    this.ctx.bus.publish('mcp.serversChanged', { serverId: id, change: 'created' });
    return this.get(id);
  }

  update(patch: McpServerPatch, actor: Actor): McpServerConfig {
    const id = this.change(patch, actor);
    this.ctx.bus.publish('mcp.serversChanged', { serverId: id, change: 'updated' });
    return this.get(id);
  }

  /** The keeper's own edit of a config it manages (its URL, its name); nobody else's. */
  updateManaged(patch: McpServerPatch, actor: Actor): McpServerConfig {
    const id = this.change(patch, actor, true);
    this.ctx.bus.publish('mcp.serversChanged', { serverId: id, change: 'updated' });
    return this.get(id);
  }

  /**
   * What an agent resolves to, when a resolver is installed (the access domain: Composio bindings,
   * the default connector, legacy servers); without one, the legacy merge.
   */
  configsForAgent(agentReference: string): McpServerConfig[] {
    return this.agentResolver ? this.agentResolver(agentReference) : this.resolveForAgent(agentReference).configs;
  }

  useAgentResolver(resolver: (agentReference: string) => McpServerConfig[]): void {
    this.agentResolver = resolver;
  }

  private insert(draft: McpServerDraft, actor: Actor): string {
    const id = newId('mcp');
    const scope = this.scopeColumns(draft.scope);
    this.checkCredential(draft.transport, draft.credential);
    const allowedEnv = allowList(draft.allowedEnv);
    const sealed = draft.sealed ?? {};
    Object.keys(sealed).forEach(requireSecretName);
    checkPlaceholders(draft.name, draft.transport, draft.credential, allowedEnv, Object.keys(sealed));
    const now = nowIso();
    this.write(draft.name, scope, () => {
      this
        .sql(
          `INSERT INTO mcp_servers (id, workspace_id, name, scope_kind, crew_id, agent_id, scope_key, transport_type, transport,
             credential_id, injection, allowed_env, provider, managed_by, enabled, connect_timeout_ms, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          this.ctx.workspaceId,
          draft.name,
          scope.kind,
          scope.crewId,
          scope.agentId,
          scope.key,
          draft.transport.type,
          JSON.stringify(draft.transport),
          draft.credential?.credentialId ?? null,
          draft.credential ? JSON.stringify(draft.credential.injection) : null,
          JSON.stringify(allowedEnv),
          draft.provider,
          draft.managedBy ?? null,
          draft.enabled ? 1 : 0,
          draft.connectTimeoutMs,
          now,
          now,
        );
      this.secrets.write(id, sealed);
      this.ctx.audit.append(actor, 'mcp.server.create', id, {
        name: draft.name,
        scope: scope.label,
        transport: draft.transport.type,
        ...(Object.keys(sealed).length > 0 ? { sealed: Object.keys(sealed).sort() } : {}),
      });
    });
    return id;
  }

  private change(patch: McpServerPatch, actor: Actor, keeper = false): string {
    const current = this.get(patch.server);
    if (current.managedBy && !keeper) throw managedByAnother(current);
    const name = patch.name ?? current.name;
    const scope = this.scopeColumns(patch.scope ?? scopeInputOf(current.scope));
    const transport = patch.transport ?? current.transport;
    const credential =
      patch.credential === undefined
        ? current.credential && { credentialId: current.credential.credentialId, injection: current.credential.injection }
        : patch.credential;
    this.checkCredential(transport, credential);
    const allowedEnv = allowList(patch.allowedEnv ?? current.allowedEnv);
    const sealedPatch = patch.sealed ?? {};
    Object.keys(sealedPatch).forEach(requireSecretName);
    const sealedNames = [...new Set([...current.sealedVariables, ...Object.keys(sealedPatch)])].filter((key) => sealedPatch[key] !== null);
    checkPlaceholders(name, transport, credential, allowedEnv, sealedNames);
    const changed = Object.keys(patch).filter((key) => key !== 'server' && patch[key as keyof McpServerPatch] !== undefined);
    this.write(name, scope, () => {
      this
        .sql(
          `UPDATE mcp_servers SET name = ?, scope_kind = ?, crew_id = ?, agent_id = ?, scope_key = ?, transport_type = ?, transport = ?,
             credential_id = ?, injection = ?, allowed_env = ?, provider = ?, enabled = ?, connect_timeout_ms = ?, updated_at = ? WHERE id = ?`,
        )
        .run(
          name,
          scope.kind,
          scope.crewId,
          scope.agentId,
          scope.key,
          transport.type,
          JSON.stringify(transport),
          credential?.credentialId ?? null,
          credential ? JSON.stringify(credential.injection) : null,
          JSON.stringify(allowedEnv),
          patch.provider === undefined ? current.provider : patch.provider,
          (patch.enabled ?? current.enabled) ? 1 : 0,
          patch.connectTimeoutMs === undefined ? current.connectTimeoutMs : patch.connectTimeoutMs,
          nowIso(),
          current.id,
        );
      this.secrets.write(current.id, sealedPatch);
      this.ctx.audit.append(actor, 'mcp.server.update', current.id, { name, fields: changed });
    });
    return current.id;
  }

  setEnabled(input: { server: string; enabled: boolean }, actor: Actor): McpServerConfig {
    return this.update({ server: input.server, enabled: input.enabled }, actor);
  }

  /** The copy starts disabled, so that a duplicate never starts a second process by surprise. */
  duplicate(input: { server: string; name?: string | undefined; scope?: ScopeInput | undefined }, actor: Actor): McpServerConfig {
    const source = this.get(input.server);
    if (source.managedBy) throw managedByAnother(source);
    const scope = input.scope ?? scopeInputOf(source.scope);
    const name = input.name ?? this.freeCopyName(source.name, this.scopeColumns(scope).key);
    return this.create(
      {
        name,
        scope,
        transport: source.transport,
        credential: source.credential && { credentialId: source.credential.credentialId, injection: source.credential.injection },
        allowedEnv: source.allowedEnv,
        provider: source.provider,
        enabled: false,
        connectTimeoutMs: source.connectTimeoutMs,
        sealed: source.sealedVariables.length > 0 ? this.secrets.values(source.id) : undefined,
      },
      actor,
    );
  }

  delete(input: { server: string }, actor: Actor, keeper = false): { id: string } {
    const server = this.get(input.server);
    if (server.managedBy && !keeper) throw managedByAnother(server);
    this.ctx.db.transaction(() => {
      this.sql('DELETE FROM mcp_servers WHERE id = ?').run(server.id);
      this.ctx.audit.append(actor, 'mcp.server.delete', server.id, { name: server.name, scope: describeScope(server.scope) });
    })();
    this.ctx.bus.publish('mcp.serversChanged', { serverId: server.id, change: 'deleted' });
    return { id: server.id };
  }

  /**
   * Sets (or with null removes) the credential injected into a server's connection. Without an
   * injection, a remote server gets a bearer token and a stdio server the env var `<NAME>_TOKEN`.
   * The OAuth domain's auto-bind calls this for the configs `findByProvider` returns.
   */
  bindCredential(server: string, credentialId: string | null, injection: InjectionInput | undefined, actor: Actor): McpServerConfig {
    const current = this.get(server);
    if (credentialId === null) return this.update({ server: current.id, credential: null }, actor);
    const chosen: InjectionInput =
      injection ??
      current.credential?.injection ??
      (current.transport.type === 'stdio' ? { kind: 'env', variable: credentialVariable(current.name, { kind: 'bearer' }) } : { kind: 'bearer' });
    return this.update({ server: current.id, credential: { credentialId, injection: chosen } }, actor);
  }

  /**
   * Creates or replaces the scope's entries of these names in one transaction: every entry is
   * checked before anything is written. A replaced entry keeps its id, credential, enabled flag
   * and allowed variables. A file cannot allow variables itself (the file may come from anyone):
   * the operator allows them at import (`allowEnv`), each for the entries that name it.
   */
  importEntries(
    scopeInput: ScopeInput,
    entries: ReadonlyArray<{ name: string; transport: McpTransportConfig }>,
    allowEnv: readonly string[],
    actor: Actor,
  ): McpImportReport {
    const scope = this.scopeColumns(scopeInput);
    const plans = this.importPlans(scopeInput, entries, allowList(allowEnv));
    const disallowed = plans.flatMap((plan) => disallowedPlaceholders(plan.transport, plan.policy));
    if (disallowed.length > 0) throw placeholderNotAllowed(disallowed, importAllowEnvHint);
    const report: McpImportReport = { created: [], updated: [], unchanged: [] };
    this.ctx.db.transaction(() => {
      for (const { name, transport, current, policy } of plans) {
        const allowedEnv = [...policy.allowedEnv];
        if (!current) {
          this.insert({ name, scope: scopeInput, transport, credential: null, allowedEnv, provider: null, enabled: true, connectTimeoutMs: null }, actor);
          report.created.push(name);
        } else if (JSON.stringify(current.transport) === JSON.stringify(transport) && current.allowedEnv.join() === allowedEnv.join()) {
          report.unchanged.push(name);
        } else {
          this.change({ server: current.id, transport, allowedEnv }, actor);
          report.updated.push(name);
        }
      }
      this.ctx.audit.append(actor, 'mcp.config.import', scope.key, { scope: scope.label, ...countsOf(report), allowedEnv: [...new Set(allowEnv)] });
    })();
    if (report.created.length + report.updated.length > 0) this.ctx.bus.publish('mcp.serversChanged', { serverId: null, change: 'updated' });
    return report;
  }

  /** The variables importing these entries would need the operator to allow, with the servers that name each. */
  importVariables(scopeInput: ScopeInput, entries: ReadonlyArray<{ name: string; transport: McpTransportConfig }>): McpImportVariable[] {
    const servers = new Map<string, Set<string>>();
    for (const plan of this.importPlans(scopeInput, entries, [])) {
      for (const { variable } of disallowedPlaceholders(plan.transport, plan.policy)) servers.set(variable, (servers.get(variable) ?? new Set()).add(plan.name));
    }
    return [...servers]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, names]) => ({ name, servers: [...names], reserved: isReservedVariable(name) }));
  }

  /**
   * Each entry with the config it replaces and what its placeholders may read once imported: what
   * the replaced config allowed, and of `allowEnv` the variables this entry needs (an entry that
   * only names a variable with a default keeps its default).
   */
  private importPlans(scopeInput: ScopeInput, entries: ReadonlyArray<{ name: string; transport: McpTransportConfig }>, allowEnv: readonly string[]) {
    const existing = new Map(this.list({ scope: scopeInput }).map((config) => [config.name, config]));
    return entries.map(({ name, transport }) => {
      const current = existing.get(name);
      const kept = { serverName: name, credentialVariable: current?.credential?.variable ?? null, allowedEnv: current?.allowedEnv ?? [], sealedVariables: current?.sealedVariables ?? [] };
      const needed = new Set(disallowedPlaceholders(transport, kept).map(({ variable }) => variable));
      const allowedEnv = [...new Set([...kept.allowedEnv, ...allowEnv.filter((variable) => needed.has(variable))])].sort();
      return { name, transport, current, policy: { ...kept, allowedEnv } };
    });
  }

  /**
   * What an agent gets: the workspace's entries, replaced by its crew's of the same name, replaced
   * by its own. A disabled entry still replaces (that is how an agent turns a crew server off),
   * and is then left out.
   */
  resolveForAgent(agentReference: string): { configs: McpServerConfig[]; resolved: McpResolvedServer[] } {
    const agent = this.agents.get(agentReference);
    const rows = this
      .sql(`${serverSelect} WHERE s.workspace_id = ? AND s.managed_by IS NULL AND (s.scope_kind = 'workspace' OR s.crew_id = ? OR s.agent_id = ?)`)
      .all(this.ctx.workspaceId, agent.crewId, agent.id) as ServerRow[];
    const byName = new Map<string, { config: McpServerConfig; shadows: string[] }>();
    for (const config of rows.map(toConfig).sort((a, b) => scopeRank[a.scope.kind] - scopeRank[b.scope.kind])) {
      const wider = byName.get(config.name);
      byName.set(config.name, { config, shadows: wider ? [...wider.shadows, wider.config.id] : [] });
    }
    const winners = [...byName.values()].filter(({ config }) => config.enabled).sort((a, b) => a.config.name.localeCompare(b.config.name));
    return {
      configs: winners.map(({ config }) => config),
      resolved: winners.map(({ config, shadows }) => ({ name: config.name, serverId: config.id, scope: config.scope, shadows })),
    };
  }

  scopeColumns(scope: ScopeInput): ScopeColumns {
    if (scope.kind === 'crew') {
      const crew = this.crews.get(scope.crew);
      return { kind: 'crew', crewId: crew.id, agentId: null, key: crew.id, label: `crew ${crew.slug}` };
    }
    if (scope.kind === 'agent') {
      const agent = this.agents.get(scope.agent);
      return { kind: 'agent', crewId: null, agentId: agent.id, key: agent.id, label: `agent ${agent.slug}` };
    }
    return { kind: 'workspace', crewId: null, agentId: null, key: 'workspace', label: 'the workspace' };
  }

  private write(name: string, scope: ScopeColumns, change: () => void): void {
    try {
      this.ctx.db.transaction(change)();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError(
        'mcp_server_name_taken',
        `${scope.label[0]?.toUpperCase()}${scope.label.slice(1)} already has an MCP server named "${name}".`,
        'Choose another name, or edit the existing server.',
      );
    }
  }

  private checkCredential(transport: TransportInput | McpTransportConfig, credential: CredentialBindingInput | null | undefined): void {
    if (!credential) return;
    const isStdio = transport.type === 'stdio';
    if (isStdio !== (credential.injection.kind === 'env')) {
      throw new AppError(
        'mcp_injection_mismatch',
        isStdio
          ? `A stdio server takes its credential in an environment variable, not as ${credential.injection.kind}.`
          : `A ${transport.type} server takes its credential in a header (bearer, api_key or basic), not in an environment variable.`,
        isStdio ? 'Use the injection env:<VAR>.' : 'Use bearer, api_key:<Header> or basic.',
      );
    }
    const exists = this.sql('SELECT 1 FROM credentials WHERE workspace_id = ? AND id = ?').get(this.ctx.workspaceId, credential.credentialId);
    if (!exists) {
      throw new AppError(
        'credential_not_found',
        `There is no credential "${credential.credentialId}".`,
        'Bind a credential that exists (see the Credentials page or `crewship credential list`).',
      );
    }
  }

  private freeCopyName(name: string, scopeKey: string): string {
    const taken = new Set(
      (this.sql('SELECT name FROM mcp_servers WHERE workspace_id = ? AND scope_key = ?').all(this.ctx.workspaceId, scopeKey) as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const base = `${name.slice(0, 56)}-copy`;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}

/** A config's placeholders, checked on what is about to be stored: its name, transport, credential and allow-list. */
function checkPlaceholders(
  name: string,
  transport: McpTransportConfig,
  credential: CredentialBindingInput | null | undefined,
  allowedEnv: readonly string[],
  sealedVariables: readonly string[] = [],
): void {
  const credentialVar = credential ? credentialVariable(name, credential.injection) : null;
  requireAllowedPlaceholders(transport, { serverName: name, credentialVariable: credentialVar, allowedEnv, sealedVariables }, allowEnvHint(name));
}

function managedByAnother(config: McpServerConfig): AppError {
  return new AppError(
    'mcp_server_managed',
    `MCP server "${config.name}" is managed by Composio: it cannot be edited, duplicated or deleted by hand.`,
    'Change the agent’s Composio binding (`crewship integration composio bind|unbind`) or the default connector (`crewship integration composio default …`); the server follows.',
  );
}

function scopeInputOf(scope: McpScope): ScopeInput {
  if (scope.kind === 'crew') return { kind: 'crew', crew: scope.crewId };
  if (scope.kind === 'agent') return { kind: 'agent', agent: scope.agentId };
  return { kind: 'workspace' };
}

function countsOf(report: McpImportReport): Record<string, number> {
  return { created: report.created.length, updated: report.updated.length, unchanged: report.unchanged.length };
}
