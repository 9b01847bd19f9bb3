import { queryKeys } from './query-keys.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';

/** Agents' MCP endpoints: each agent's state, tokens and config, and the calls held for the operator. */
export const useAgentApprovals = () => useMethodQuery(queryKeys.agentApprovals, 'agents.approvals.list', { status: 'pending' });
export const useAnswerAgentApproval = () => useMethodMutation('agents.approvals.answer', 'agentEndpoint.approval');
export const useAgentEndpointState = (agent: string) => useMethodQuery([...queryKeys.agentEndpoint, 'state', agent], 'agents.endpoint.state', { agent });
export const useAgentTokens = (agent: string) => useMethodQuery([...queryKeys.agentEndpoint, 'tokens', agent], 'agents.tokens.list', { agent });
export const useAgentMcpConfig = (agent: string) => useMethodQuery([...queryKeys.agentEndpoint, 'config', agent], 'agents.endpoint.mcpConfig', { agent });
export const useCreateAgentToken = () => useMethodMutation('agents.tokens.create', 'agentEndpoint.changed');
export const useRevokeAgentToken = () => useMethodMutation('agents.tokens.revoke', 'agentEndpoint.changed');
