import type { ApprovalStatus } from './types.ts';

/** What the agent endpoint domain publishes. */
export interface AgentEndpointEvents {
  /** An agent's tokens, policy, the workspace's endpoint setting or its sessions changed. */
  'agentEndpoint.changed': { agentId: string | null; change: 'tokens' | 'policy' | 'settings' | 'sessions' };
  /** A held call ("ask") was requested, or answered, or expired. */
  'agentEndpoint.approval': { approvalId: string; agentId: string; status: ApprovalStatus };
}
