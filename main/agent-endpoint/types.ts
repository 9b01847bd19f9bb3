/**
 * The agent endpoint as the doors and the renderer see it: plain shapes, never a token (only its
 * preview) and never a credential of the servers behind it.
 */
import type { McpCallSummary, McpIcon, McpToolAnnotations, McpUnavailableServer } from '../mcp/types.ts';

export type ToolPolicy = 'allow' | 'ask' | 'deny';

export interface AgentToken {
  id: string;
  agentId: string;
  label: string;
  /** The first characters of the token, to tell tokens apart: `cwa_3kQ9…`. */
  preview: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What creating a token answers: the token itself, this once, and its record. */
export interface CreatedAgentToken extends AgentToken {
  token: string;
}

/** One tool as the agent sees it, and the policy that decides whether it is listed and how it is called. */
export interface AgentEndpointTool {
  /** `<server>__<tool>`, what the agent calls. */
  name: string;
  serverId: string;
  serverName: string;
  /** The tool's own name on its server. */
  tool: string;
  /** The server's prefix took a suffix (`_2`) because another resolved server's name makes the same one. */
  collision: boolean;
  description: string | null;
  annotations: McpToolAnnotations | null;
  icons: McpIcon[];
  destructive: boolean;
  policy: ToolPolicy;
  /** set: the operator chose it for this agent; default: allow; destructive: the workspace's setting made it ask. */
  policySource: 'set' | 'default' | 'destructive';
}

export interface AgentEndpointPolicy {
  agentId: string;
  agentSlug: string;
  destructiveAsk: boolean;
  tools: AgentEndpointTool[];
  /** Resolved servers that are not ready: their tools are missing (the agent is told which). */
  unavailable: McpUnavailableServer[];
}

export interface AgentEndpointSettings {
  /** Tools a server marks destructive (not read-only, destructiveHint not false) default to "ask". */
  destructiveAsk: boolean;
}

export type ApprovalStatus = 'pending' | 'approved' | 'refused' | 'expired';

export interface AgentApproval {
  id: string;
  agentId: string;
  agentSlug: string;
  serverId: string;
  serverName: string;
  /** The namespaced name the agent called. */
  tool: string;
  serverTool: string;
  arguments: Record<string, unknown>;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
  answeredBy: string | null;
}

export interface AgentEndpointState {
  agentId: string;
  agentSlug: string;
  url: string;
  /** MCP sessions open on the endpoint now. */
  sessions: number;
  lastCallAt: string | null;
  callsToday: number;
  failuresToday: number;
  pendingApprovals: number;
  recentCalls: McpCallSummary[];
}

export interface AgentMcpConfig {
  agentId: string;
  url: string;
  /** The `.mcp.json` text: the endpoint with a `${CREWSHIP_AGENT_TOKEN}` placeholder, never the token. */
  json: string;
}
