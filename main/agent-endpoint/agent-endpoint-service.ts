import type { AccessService } from '../access/access-service.ts';
import type { Agent } from '../agents/agent.ts';
import type { AgentsService } from '../agents/agents-service.ts';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { newCallId } from '../mcp/call-id.ts';
import type { McpGateway } from '../mcp/gateway.ts';
import { formatMcpJson } from '../mcp/mcp-json.ts';
import type { McpContent, McpProgress, McpPromptResult, McpResourceReadResult, McpUnavailableServer } from '../mcp/types.ts';
import type { Db } from '../store/database.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import { ApprovalDesk } from './approvals.ts';
import { NAMESPACE_SEPARATOR, namespacedTools, ruleKey, serverPrefixes, type RoutedTool } from './catalog.ts';
import { AgentTokens } from './tokens.ts';
import { DEFAULT_AGENTS_PORT } from './agents-port.ts';
import type { AgentEndpointPolicy, AgentEndpointSettings, AgentEndpointState, AgentEndpointTool, AgentMcpConfig, ToolPolicy } from './types.ts';

/** Sessions are held by the listener's process: rows left by one that ended are forgotten when a listener starts. */
export function forgetEndedSessions(db: Db): void {
  db.prepare('DELETE FROM agent_sessions').run();
}

export interface AgentEndpointOptions {
  /** How long a held ("ask") call waits for the operator; 5 minutes by default. */
  approvalTimeoutMs?: number;
  /** The port of the agents' listener (read when a URL is made: a listener on port 0 learns its own once it listens). */
  port?: () => number;
}

/** What a call answers the agent: the server's result as it came (the gateway removed injected secrets), or a tool error. */
export interface AgentToolResult {
  /** The protocol's result is open to fields of later versions. */
  [field: string]: unknown;
  content: McpContent[];
  structuredContent?: Record<string, unknown>;
  isError: boolean;
}

interface CallControls {
  signal: AbortSignal;
  onProgress?: ((progress: McpProgress) => void) | undefined;
}

interface AgentCatalog {
  tools: RoutedTool[];
  unavailable: McpUnavailableServer[];
}

const toolError = (text: string): AgentToolResult => ({ content: [{ type: 'text', text }], isError: true });

/**
 * One MCP endpoint per agent, over what resolves for it (the access domain): its tokens, its
 * per-tool policy, calls held for the operator, its sessions and activity, and the aggregation
 * the endpoint serves — every resolved server's tools, resources and prompts under
 * `<server>__<name>`, calls routed through the gateway with the agent recorded as the caller.
 */
export class AgentEndpointService {
  readonly tokens: AgentTokens;
  readonly approvals: ApprovalDesk;
  private readonly port: () => number;
  private readonly ctx: DomainContext;
  private readonly deps: { agents: AgentsService; access: AccessService; gateway: McpGateway };
  /**
   * Each agent's catalog as last built: a call looks its tool up here instead of resolving the
   * agent again. Forgotten with every change that can alter one (the same events that announce
   * list_changed), which other processes' changes publish too.
   */
  private readonly catalogs = new Map<string, Promise<AgentCatalog>>();

  constructor(ctx: DomainContext, deps: AgentEndpointService['deps'], options: AgentEndpointOptions = {}) {
    this.ctx = ctx;
    this.deps = deps;
    const forget = () => this.catalogs.clear();
    for (const name of ['access.changed', 'mcp.serversChanged', 'mcp.status', 'mcp.toolsChanged', 'agentEndpoint.changed', 'agents.changed'] as const) ctx.bus.on(name, forget);
    this.port = options.port ?? (() => DEFAULT_AGENTS_PORT);
    this.tokens = new AgentTokens(ctx);
    this.approvals = new ApprovalDesk(ctx, options.approvalTimeoutMs ?? 5 * 60_000);
  }

  agent(reference: string): Agent {
    return this.deps.agents.get(reference);
  }

  urlOf(agentSlug: string): string {
    return `http://127.0.0.1:${this.port()}/agents/${agentSlug}/mcp`;
  }

  // ---------------------------------------------------------------- settings and policy

  settings(): AgentEndpointSettings {
    const value = this.ctx.db.prepare('SELECT destructive_ask FROM agent_endpoint_settings WHERE workspace_id = ?').pluck().get(this.ctx.workspaceId) as number | undefined;
    return { destructiveAsk: value === 1 };
  }

  updateSettings(patch: AgentEndpointSettings, actor: Actor): AgentEndpointSettings {
    this.ctx.db
      .prepare('INSERT INTO agent_endpoint_settings (workspace_id, destructive_ask, updated_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET destructive_ask = excluded.destructive_ask, updated_at = excluded.updated_at')
      .run(this.ctx.workspaceId, patch.destructiveAsk ? 1 : 0, nowIso());
    this.ctx.audit.append(actor, 'agentEndpoint.settings.update', this.ctx.workspaceId, { destructiveAsk: patch.destructiveAsk });
    this.ctx.bus.publish('agentEndpoint.changed', { agentId: null, change: 'settings' });
    return this.settings();
  }

  async policy(agentReference: string): Promise<AgentEndpointPolicy> {
    const agent = this.agent(agentReference);
    const { tools, unavailable } = await this.catalog(agent.id);
    return { agentId: agent.id, agentSlug: agent.slug, destructiveAsk: this.settings().destructiveAsk, tools: tools.map((tool) => tool.entry), unavailable };
  }

  /** `policy` null: back to the default. */
  async setPolicy(agentReference: string, name: string, policy: ToolPolicy | null, actor: Actor): Promise<AgentEndpointTool> {
    const agent = this.agent(agentReference);
    const routed = await this.findTool(agent.id, name, { includeDenied: true });
    const { serverId, tool } = routed.entry;
    if (policy === null) {
      this.ctx.db.prepare('DELETE FROM agent_tool_policies WHERE agent_id = ? AND server_id = ? AND tool = ?').run(agent.id, serverId, tool);
    } else {
      this.ctx.db
        .prepare(
          `INSERT INTO agent_tool_policies (workspace_id, agent_id, server_id, tool, policy, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (agent_id, server_id, tool) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
        )
        .run(this.ctx.workspaceId, agent.id, serverId, tool, policy, nowIso());
    }
    this.ctx.audit.append(actor, 'agentEndpoint.policy.set', agent.id, { serverId, tool, policy });
    this.ctx.bus.publish('agentEndpoint.changed', { agentId: agent.id, change: 'policy' });
    return (await this.findTool(agent.id, name, { includeDenied: true })).entry;
  }

  // ---------------------------------------------------------------- what the endpoint serves

  /** Every resolved tool under its namespaced name with its policy (denied ones included), and the servers that are down. */
  catalog(agentId: string): Promise<AgentCatalog> {
    const known = this.catalogs.get(agentId);
    if (known) return known;
    const building = this.buildCatalog(agentId);
    this.catalogs.set(agentId, building);
    // A failed build is not kept: the next request tries again.
    building.catch(() => {
      if (this.catalogs.get(agentId) === building) this.catalogs.delete(agentId);
    });
    return building;
  }

  private async buildCatalog(agentId: string): Promise<AgentCatalog> {
    const { tools, unavailable } = await this.deps.gateway.tools({ agent: agentId });
    return { tools: namespacedTools(tools, this.prefixesOf(agentId), this.rulesOf(agentId), this.settings().destructiveAsk), unavailable };
  }

  /** A call as the agent made it: denied = unknown; ask = held for the operator; then through the gateway. */
  async callTool(agentId: string, name: string, args: Record<string, unknown>, controls: CallControls): Promise<AgentToolResult> {
    const { entry } = await this.findTool(agentId, name);
    if (entry.policy === 'ask') {
      const request = { agentId, serverId: entry.serverId, serverName: entry.serverName, tool: entry.name, serverTool: entry.tool, arguments: args };
      const answer = await this.approvals.ask(request, controls.signal);
      if (answer === 'refused') return toolError(`The operator refused this call to ${entry.name}.`);
      if (answer !== 'approved') return toolError(`The call to ${entry.name} waited for the operator's approval and expired; call it again to ask again.`);
    }
    const callId = newCallId();
    const stopProgress = this.ctx.bus.on('mcp.callProgress', (event) => {
      if (event.callId === callId) controls.onProgress?.({ progress: event.progress, total: event.total, message: event.message });
    });
    const cancel = () => this.deps.gateway.cancel(callId);
    controls.signal.addEventListener('abort', cancel, { once: true });
    try {
      const record = await this.deps.gateway.call({ server: entry.serverId, tool: entry.tool, arguments: args, agent: agentId, callId }, 'agent');
      if (record.result) {
        const { content, structuredContent, isError } = record.result;
        return structuredContent ? { content, structuredContent, isError } : { content, isError };
      }
      return toolError(record.error ? `${record.error.message} ${record.error.hint}` : `The call to ${entry.name} did not finish.`);
    } finally {
      stopProgress();
      controls.signal.removeEventListener('abort', cancel);
    }
  }

  async resources(agentId: string) {
    const prefixes = this.prefixesOf(agentId);
    const listed = await this.deps.gateway.resources({ agent: agentId });
    const named = <T extends { serverId: string; name: string }>(item: T) => ({ ...item, name: `${prefixes.get(item.serverId)?.prefix ?? 'server'}${NAMESPACE_SEPARATOR}${item.name}` });
    return { resources: listed.resources.map(named), templates: listed.templates.map(named) };
  }

  /** A resource's URI is its server's: it is read from the first server that lists it, or whose template it fits. */
  async readResource(agentId: string, uri: string): Promise<McpResourceReadResult> {
    const { resources, templates } = await this.deps.gateway.resources({ agent: agentId });
    const owner =
      resources.find((resource) => resource.uri === uri)?.serverId ??
      templates.find((template) => uri.startsWith(template.uriTemplate.split('{')[0] ?? template.uriTemplate))?.serverId;
    if (!owner) throw new AppError('agent_tool_not_found', `No server of this agent serves the resource ${uri.slice(0, 120)}.`, 'List the resources (resources/list) and read one of those.');
    return this.deps.gateway.readResource(owner, uri);
  }

  async prompts(agentId: string) {
    const prefixes = this.prefixesOf(agentId);
    const listed = await this.deps.gateway.prompts({ agent: agentId });
    return listed.prompts.flatMap((prompt) => {
      const prefix = prefixes.get(prompt.serverId);
      return prefix ? [{ ...prompt, name: `${prefix.prefix}${NAMESPACE_SEPARATOR}${prompt.name}` }] : [];
    });
  }

  async getPrompt(agentId: string, name: string, args: Record<string, string>): Promise<McpPromptResult> {
    for (const [serverId, { prefix }] of this.prefixesOf(agentId)) {
      const start = `${prefix}${NAMESPACE_SEPARATOR}`;
      if (name.startsWith(start)) return this.deps.gateway.getPrompt(serverId, name.slice(start.length), args);
    }
    throw new AppError('agent_tool_not_found', `No prompt named ${name.slice(0, 120)} resolves for this agent.`, 'List the prompts (prompts/list) and use one of those names.');
  }

  /**
   * Calls `onChanged` when what the agent's lists show may have changed: what resolves for it (a
   * binding, an enabled server, a changed scope), a resolved server coming up or going down, its
   * own list changing, or the agent's policy. Returns the function that stops watching.
   */
  watch(agentId: string, onChanged: () => void): () => void {
    let last = this.listsFingerprint(agentId);
    let timer: NodeJS.Timeout | undefined;
    // Several events come with one change (a server saved, then connecting, then ready): one notice for them.
    const recheck = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = this.listsFingerprint(agentId);
        if (now !== last) onChanged();
        last = now;
      }, 50);
    };
    const stops = [
      this.ctx.bus.on('access.changed', recheck),
      this.ctx.bus.on('mcp.status', recheck),
      this.ctx.bus.on('agentEndpoint.changed', (event) => {
        if (event.change === 'policy' || event.change === 'settings') recheck();
      }),
      this.ctx.bus.on('mcp.toolsChanged', (event) => {
        if (this.prefixesOf(agentId).has(event.serverId)) onChanged();
      }),
    ];
    return () => {
      clearTimeout(timer);
      stops.forEach((stop) => stop());
    };
  }

  private listsFingerprint(agentId: string): string {
    let prefixes: Array<[string, unknown]>;
    try {
      prefixes = [...this.prefixesOf(agentId)];
    } catch {
      // The agent was deleted: its sessions end with its next request.
      return 'gone';
    }
    const ready = new Set(this.deps.gateway.status().filter((status) => status.state === 'ready').map((status) => status.serverId));
    const servers = prefixes.map(([serverId, prefix]) => [serverId, prefix, ready.has(serverId)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return JSON.stringify([servers, [...this.rulesOf(agentId)].sort(), this.settings().destructiveAsk]);
  }

  /** What the endpoint tells the agent at initialize: its servers, and which of them are down (their tools are missing). */
  instructions(agent: Agent, unavailable: readonly McpUnavailableServer[]): string {
    const servers = this.deps.access.resolveAgent(agent.id).servers;
    const lines = [
      `Crewship Console's MCP endpoint for agent ${agent.name} (${agent.slug}): the tools of ${servers.length} server${servers.length === 1 ? '' : 's'}, named <server>${NAMESPACE_SEPARATOR}<tool>.`,
    ];
    if (unavailable.length > 0) {
      lines.push(`Unavailable now (their tools are missing until they are back): ${unavailable.map((server) => `${server.serverName} (${server.state}${server.error ? `: ${server.error.message}` : ''})`).join('; ')}.`);
    }
    return lines.join('\n');
  }

  // ---------------------------------------------------------------- sessions, activity, config

  sessionOpened(sessionId: string, agentId: string): void {
    const now = nowIso();
    this.ctx.db.prepare('INSERT OR REPLACE INTO agent_sessions (id, workspace_id, agent_id, opened_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(sessionId, this.ctx.workspaceId, agentId, now, now);
    this.ctx.bus.publish('agentEndpoint.changed', { agentId, change: 'sessions' });
  }

  sessionClosed(sessionId: string, agentId: string): void {
    this.ctx.db.prepare('DELETE FROM agent_sessions WHERE id = ?').run(sessionId);
    this.ctx.bus.publish('agentEndpoint.changed', { agentId, change: 'sessions' });
  }

  state(agentReference: string): AgentEndpointState {
    const agent = this.agent(agentReference);
    const sessions = this.ctx.db.prepare('SELECT COUNT(*) FROM agent_sessions WHERE agent_id = ?').pluck().get(agent.id) as number;
    const dayStart = new Date(new Date().setUTCHours(0, 0, 0, 0)).toISOString();
    const calls = this.deps.gateway.listCalls({ agent: agent.id, limit: 1000 });
    const today = calls.filter((call) => call.startedAt >= dayStart);
    return {
      agentId: agent.id,
      agentSlug: agent.slug,
      url: this.urlOf(agent.slug),
      sessions,
      lastCallAt: calls[0]?.startedAt ?? null,
      callsToday: today.length,
      failuresToday: today.filter((call) => call.status === 'failed' || call.status === 'tool_error').length,
      pendingApprovals: this.approvals.pendingCount(agent.id),
      recentCalls: calls.slice(0, 20),
    };
  }

  /** The agent's `.mcp.json`: its endpoint, and the token as a placeholder the agent's environment fills. */
  mcpConfig(agentReference: string): AgentMcpConfig {
    const agent = this.agent(agentReference);
    const url = this.urlOf(agent.slug);
    // The placeholder is the text `${CREWSHIP_AGENT_TOKEN}`, never a token.
    const entry = { type: 'http', url, headers: { Authorization: 'Bearer ${CREWSHIP_AGENT_TOKEN}' } };
    return { agentId: agent.id, url, json: formatMcpJson([{ name: 'crewship', entry }]) };
  }

  // ---------------------------------------------------------------- internals

  /** A denied tool is not found for the agent; the operator (`includeDenied`) still finds it to allow it again. */
  private async findTool(agentId: string, name: string, { includeDenied = false } = {}): Promise<RoutedTool> {
    const found = (await this.catalog(agentId)).tools.find((tool) => tool.entry.name === name && (includeDenied || tool.entry.policy !== 'deny'));
    if (!found) throw new AppError('agent_tool_not_found', `No tool named ${name.slice(0, 120)} resolves for this agent.`, 'List the tools (tools/list, or `crewship agent policy <agent>`) and use one of those names.');
    return found;
  }

  private prefixesOf(agentId: string) {
    return serverPrefixes(this.deps.access.resolveAgent(agentId).servers);
  }

  private rulesOf(agentId: string): Map<string, ToolPolicy> {
    const rows = this.ctx.db.prepare('SELECT server_id, tool, policy FROM agent_tool_policies WHERE agent_id = ?').all(agentId) as Array<{ server_id: string; tool: string; policy: ToolPolicy }>;
    return new Map(rows.map((row) => [ruleKey(row.server_id, row.tool), row.policy]));
  }
}
