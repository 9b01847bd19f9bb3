import { z } from 'zod';
import type {
  AgentApproval,
  AgentEndpointPolicy,
  AgentEndpointSettings,
  AgentEndpointState,
  AgentEndpointTool,
  AgentMcpConfig,
  AgentToken,
  CreatedAgentToken,
} from '../../agent-endpoint/types.ts';
import { method, reference } from '../method.ts';

const toolPolicy = z.enum(['allow', 'ask', 'deny']);

export const agentEndpointMethods = {
  'agents.tokens.create': method<CreatedAgentToken>()(
    z.object({ agent: reference, label: z.string().trim().max(80).optional() }).strict(),
    'Makes a token that opens only this agent’s MCP endpoint; the token is in this answer once and stored only as a hash.',
  ),
  'agents.tokens.list': method<AgentToken[]>()(z.object({ agent: reference }).strict(), 'The agent’s endpoint tokens: label, preview, created, last used, revoked — never the token.'),
  'agents.tokens.revoke': method<AgentToken>()(
    z.object({ agent: reference, token: z.string().trim().min(1).max(200) }).strict(),
    'Revokes one of the agent’s tokens (by id): its next request, even on an open session, answers 401.',
  ),
  'agents.policy.get': method<AgentEndpointPolicy>()(
    z.object({ agent: reference }).strict(),
    'Every tool that resolves for the agent under its namespaced name, with its policy (allow, ask, deny) and where that comes from, and the servers that are down.',
  ),
  'agents.policy.set': method<AgentEndpointTool>()(
    z.object({ agent: reference, tool: z.string().trim().min(1).max(300), policy: toolPolicy.nullable() }).strict(),
    'Sets allow, ask or deny for one of the agent’s tools (its namespaced name); null returns it to the default.',
  ),
  'agents.endpoint.settings.get': method<AgentEndpointSettings>()(z.object({}).strict(), 'The workspace’s endpoint setting: whether destructive tools default to "ask".'),
  'agents.endpoint.settings.update': method<AgentEndpointSettings>()(
    z.object({ destructiveAsk: z.boolean() }).strict(),
    'Makes tools that servers mark destructive default to "ask" for every agent of the workspace (or not).',
  ),
  'agents.approvals.list': method<AgentApproval[]>()(
    z.object({ agent: reference.optional(), status: z.enum(['pending', 'approved', 'refused', 'expired']).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    'Calls held for the operator ("ask"), newest first: the tool, its arguments and the agent.',
  ),
  'agents.approvals.answer': method<AgentApproval>()(
    z.object({ approval: z.string().trim().min(1).max(100), answer: z.enum(['approve', 'refuse']) }).strict(),
    'Approves a held call (it goes on through the gateway) or refuses it (the agent gets a tool error).',
  ),
  'agents.endpoint.state': method<AgentEndpointState>()(
    z.object({ agent: reference }).strict(),
    'The agent’s endpoint: its URL, open sessions, last call, calls and failures today, pending approvals and recent calls.',
  ),
  'agents.endpoint.mcpConfig': method<AgentMcpConfig>()(
    z.object({ agent: reference }).strict(),
    'The `.mcp.json` that points the agent at its endpoint (type http, the URL, and the token as ${CREWSHIP_AGENT_TOKEN}, never the token).',
  ),
} as const;
