/** What the agents domain publishes (agentId null: several, e.g. a crew deleted with its agents). */
export interface AgentEvents {
  'agents.changed': { agentId: string | null; change: 'created' | 'updated' | 'deleted' };
}
