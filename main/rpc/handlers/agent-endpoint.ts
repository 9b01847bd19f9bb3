import type { AgentEndpointService } from '../../agent-endpoint/agent-endpoint-service.ts';
import type { agentEndpointMethods } from '../methods/agent-endpoint.ts';
import type { HandlersOf } from '../router.ts';

export interface AgentEndpointServices {
  agentEndpoint: AgentEndpointService;
}

export function agentEndpointHandlers({ agentEndpoint }: AgentEndpointServices): HandlersOf<keyof typeof agentEndpointMethods> {
  const agentId = (reference: string) => agentEndpoint.agent(reference).id;
  return {
    'agents.tokens.create': ({ agent, label }, { actor }) => agentEndpoint.tokens.create(agentId(agent), label, actor),
    'agents.tokens.list': ({ agent }) => agentEndpoint.tokens.list(agentId(agent)),
    'agents.tokens.revoke': ({ agent, token }, { actor }) => agentEndpoint.tokens.revoke(agentId(agent), token, actor),
    'agents.policy.get': ({ agent }) => agentEndpoint.policy(agent),
    'agents.policy.set': ({ agent, tool, policy }, { actor }) => agentEndpoint.setPolicy(agent, tool, policy, actor),
    'agents.endpoint.settings.get': () => agentEndpoint.settings(),
    'agents.endpoint.settings.update': (patch, { actor }) => agentEndpoint.updateSettings(patch, actor),
    'agents.approvals.list': ({ agent, status, limit }) => agentEndpoint.approvals.list({ agentId: agent === undefined ? undefined : agentId(agent), status, limit }),
    'agents.approvals.answer': ({ approval, answer }, { actor }) => agentEndpoint.approvals.answer(approval, answer, actor),
    'agents.endpoint.state': ({ agent }) => agentEndpoint.state(agent),
    'agents.endpoint.mcpConfig': ({ agent }) => agentEndpoint.mcpConfig(agent),
  };
}
