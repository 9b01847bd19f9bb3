/** What the access domain publishes. */
export interface AccessEvents {
  /**
   * What resolves for an agent may have changed: its bindings, the default connector, the flag or
   * the key, a managed or a legacy server. agentId null: any agent.
   */
  'access.changed': { agentId: string | null };
}
