import type { AgentsService } from '../agents/agents-service.ts';
import type { ComposioBinding } from '../composio/access-types.ts';
import type { ComposioService } from '../composio/composio-service.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { McpServerConfig } from '../mcp/types.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { connectedIntegrationsBlock } from './prompt-block.ts';
import type { AccessMode, AgentPromptBlock, AgentResolution, ResolvedAgentServer } from './types.ts';

const modeName = (access: AccessMode) => (access === 'read' ? 'Read' : 'Full');

/**
 * What resolves for an agent — the one function every door uses (agents.resolve, the tester's
 * "An agent's servers", mcp.config.resolve, the merged `.mcp.json`, the prompt block, the CLI):
 * its Composio bindings win; else the default connector, when it is on and provisioned; legacy
 * servers as the MCP domain merges them, except off while the default connector flag is on.
 */
export class AccessService {
  private readonly agents: AgentsService;
  private readonly servers: McpServersService;
  private readonly composio: ComposioService;

  constructor(ctx: DomainContext, deps: { agents: AgentsService; servers: McpServersService; composio: ComposioService }) {
    this.agents = deps.agents;
    this.servers = deps.servers;
    this.composio = deps.composio;
    // A key set or removed turns the flag's effect on or off; a server changed may be a legacy one that resolves.
    const changed = () => ctx.bus.publish('access.changed', { agentId: null });
    ctx.bus.on('composio.keyChanged', changed);
    ctx.bus.on('mcp.serversChanged', changed);
  }

  resolveAgent(agentReference: string): AgentResolution {
    const agent = this.agents.get(agentReference);
    const connector = this.composio.defaultConnector();
    const on = connector.flag && connector.keyConfigured;
    const bindings = this.composio.bindingsOf(agent.id);
    const composio: ResolvedAgentServer[] = [];
    const overridden = on && connector.active && connector.serverId ? [connector.serverId] : [];
    // A binding whose account is gone still holds the agent to its user: the default connector does not stand in for it.
    for (const binding of bindings.filter((candidate) => candidate.accountActive)) {
      const config = this.servers.findById(binding.serverId);
      if (config) composio.push(fromBinding(binding, config, overridden));
    }
    if (bindings.length === 0 && connector.active && connector.serverId && connector.userId) {
      const config = this.servers.findById(connector.serverId);
      if (config) {
        const apps = connector.apps;
        composio.push({ ...base(config), kind: 'composio', access: 'full', app: null, apps, userId: connector.userId, displayName: `Composio: ${apps.join(', ')} · Full`, reason: 'default_connector', shadows: [] });
      }
    }
    const legacy = this.servers.resolveForAgent(agent.id).resolved.map(
      (server): ResolvedAgentServer => ({ ...server, kind: 'legacy', access: null, app: null, apps: [], userId: null, displayName: server.name, reason: server.scope.kind }),
    );
    composio.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return {
      agent: { id: agent.id, slug: agent.slug, name: agent.name, crewId: agent.crewId, crewSlug: agent.crewSlug },
      servers: on ? composio : [...composio, ...legacy],
      defaultConnector: { on, active: connector.active },
      turnedOff: on ? legacy.map(({ serverId, name }) => ({ serverId, name })) : [],
      withheld: bindings.filter((binding) => !binding.accountActive).map(({ serverId, serverName, app, userId }) => ({ serverId, name: serverName, app, userId })),
    };
  }

  /** The configs the gateway connects for the agent (its tools, its merged `.mcp.json`). */
  configsForAgent(agentReference: string): McpServerConfig[] {
    return this.resolveAgent(agentReference).servers.flatMap((server) => this.servers.findById(server.serverId) ?? []);
  }

  promptBlock(agentReference: string): AgentPromptBlock {
    const { agent, servers } = this.resolveAgent(agentReference);
    return { agentId: agent.id, text: connectedIntegrationsBlock(servers), serverCount: servers.length };
  }
}

function base(config: McpServerConfig): Pick<ResolvedAgentServer, 'name' | 'serverId' | 'scope'> {
  return { name: config.name, serverId: config.id, scope: config.scope };
}

function fromBinding(binding: ComposioBinding, config: McpServerConfig, overridden: string[]): ResolvedAgentServer {
  return {
    ...base(config),
    kind: 'composio',
    access: binding.scope,
    app: binding.app,
    apps: [binding.app],
    userId: binding.userId,
    displayName: `Composio: ${binding.app} · ${modeName(binding.scope)}`,
    reason: 'binding',
    shadows: overridden,
  };
}
