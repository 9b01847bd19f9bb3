import type { AgentsService } from '../agents/agents-service.ts';
import type { AgentEndpoint, AgentEndpointTest, ComposioUsage } from '../composio/access-types.ts';
import type { ComposioService } from '../composio/composio-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { CallHistory } from '../mcp/call-history.ts';
import type { McpGateway } from '../mcp/gateway.ts';
import { formatMcpJson, toMcpJsonEntry } from '../mcp/mcp-json.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { AccessService } from './access-service.ts';

/** Composio's free tier: tool calls a month. */
const FREE_TIER_CALLS = 20_000;

/** Query parameters whose values are secrets wherever they appear in a URL. */
const SECRET_PARAM = /key|token|secret|password|auth|signature|sig/i;

/** A URL as the endpoints tab shows it: no user info, and the values of secret-looking parameters masked. */
function maskedUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    for (const name of [...url.searchParams.keys()]) if (SECRET_PARAM.test(name)) url.searchParams.set(name, '••••');
    return url.toString();
  } catch {
    return '••••';
  }
}

/** The MCP endpoints tab: each agent's resolved endpoints, a test through the gateway, and the usage figures. */
export class AgentEndpoints {
  private readonly deps: { access: AccessService; agents: AgentsService; servers: McpServersService; gateway: McpGateway; history: CallHistory; composio: ComposioService };

  constructor(deps: AgentEndpoints['deps']) {
    this.deps = deps;
  }

  list(agentReference?: string): AgentEndpoint[] {
    const agents = agentReference ? [this.deps.agents.get(agentReference)] : this.deps.agents.list();
    const statuses = new Map(this.deps.gateway.status().map((status) => [status.serverId, status]));
    const bindings = new Map(this.deps.composio.listBindings().map((binding) => [binding.serverId, binding]));
    const connector = this.deps.composio.defaultConnector();
    return agents.flatMap((agent) =>
      this.deps.access.resolveAgent(agent.id).servers.flatMap((server): AgentEndpoint[] => {
        const config = this.deps.servers.findById(server.serverId);
        if (!config) return [];
        const status = statuses.get(server.serverId);
        const known = bindings.get(server.serverId)?.tools.length ?? (server.serverId === connector.serverId ? connector.toolCount : null);
        return [
          {
            ...server,
            agentId: agent.id,
            agentSlug: agent.slug,
            agentName: agent.name,
            transport: config.transport.type,
            url: config.transport.type === 'stdio' ? null : maskedUrl(config.transport.url),
            toolCount: status?.state === 'ready' ? status.toolCount : known,
            state: status?.state ?? 'idle',
            mcpJson: formatMcpJson([{ name: config.name, entry: toMcpJsonEntry(config) }]),
          },
        ];
      }),
    );
  }

  async test(agentReference: string, server: string): Promise<AgentEndpointTest> {
    const { agent, servers } = this.deps.access.resolveAgent(agentReference);
    const config = this.deps.servers.get(server);
    if (!servers.some((resolved) => resolved.serverId === config.id)) {
      throw new AppError('composio_endpoint_not_resolved', `MCP server "${config.name}" does not resolve for agent ${agent.slug}.`, `\`crewship agent resolve ${agent.slug}\` lists the servers it gets.`);
    }
    const started = performance.now();
    const [status] = await this.deps.gateway.connect({ server: config.id });
    const listed = status?.state === 'ready' ? await this.deps.gateway.tools({ server: config.id }) : { tools: [] };
    return {
      agentId: agent.id,
      serverId: config.id,
      state: status?.state ?? 'failed',
      tools: listed.tools.map((tool) => ({ name: tool.name, description: tool.description })),
      latencyMs: Math.round(performance.now() - started),
      error: status?.error ?? null,
    };
  }

  usage(): ComposioUsage {
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const managed = this.deps.servers.list().filter((config) => config.managedBy === 'composio');
    const ids = new Set(managed.map((config) => config.id));
    const ready = this.deps.gateway.status().filter((status) => ids.has(status.serverId) && status.state === 'ready').length;
    return {
      boundAgents: this.deps.composio.boundAgentCount(),
      toolCallsThisMonth: this.deps.history.countSince([...ids], monthStart),
      freeTierLimit: FREE_TIER_CALLS,
      monthStart,
      managedServers: managed.length,
      managedReady: ready,
    };
  }
}
