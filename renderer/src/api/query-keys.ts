/** The first part of every key read in a workspace: `[WORKSPACE_KEY, workspaceId, ...key]`. */
export const WORKSPACE_KEY = 'workspace';

/**
 * A query read in a workspace is cached under that workspace, so switching never shows another
 * workspace's rows (nor lets an answer for one land in another's cache). Keys of what belongs to
 * no workspace (preferences, the list of workspaces) are used as they are.
 */
export function workspaceKey(workspaceId: string, key: readonly unknown[]): readonly unknown[] {
  return [WORKSPACE_KEY, workspaceId, ...key];
}

/** Every query key in one place, so event → invalidation wiring and hooks cannot drift apart. */
export const queryKeys = {
  crews: ['crews'] as const,
  agents: ['agents'] as const,
  systemInfo: ['system', 'info'] as const,
  preferences: ['preferences'] as const,
  credentials: ['credentials'] as const,
  credentialProviders: ['credential-providers'] as const,
  oauthFlows: ['oauth-flows'] as const,
  mcpServers: ['mcp', 'servers'] as const,
  mcpStatus: ['mcp', 'status'] as const,
  mcpCatalog: ['mcp', 'catalog'] as const,
  mcpToolPins: ['mcp', 'toolPins'] as const,
  mcpCalls: ['mcp', 'calls'] as const,
  mcpElicitations: ['mcp', 'elicitations'] as const,
  mcpSampling: ['mcp', 'sampling'] as const,
  mcpRoots: ['mcp', 'roots'] as const,
  mcpAuth: ['mcpAuth'] as const,
  /** Read on demand ("Read again"), not by events: a resource read may be costly for its server. */
  mcpResource: ['mcp', 'resource'] as const,
  composioStatus: ['composio', 'status'] as const,
  composioCatalog: ['composio', 'catalog'] as const,
  composioInventory: ['composio', 'inventory'] as const,
  composioConnects: ['composio', 'connects'] as const,
  /** Trigger types (by app) and instances, read live from Composio. */
  composioTriggers: ['composio', 'triggers'] as const,
  /** What resolves for agents: bindings, the default connector, endpoints, prompt blocks, usage. */
  composioAccess: ['composio', 'access'] as const,
  /**
   * A binding's preview asks Composio for the user's accounts: re-read when bindings or accounts
   * change, not on every connection's status (which re-reads the rest of composioAccess).
   */
  composioBindingPreview: ['composio', 'binding-preview'] as const,
  /** The workspaces belong to none: one list for every workspace's pages (see workspaceKey). */
  workspaces: ['workspaces'] as const,
  /** Every crew connection (with unread counts), then under it each connection's messages and files. */
  connections: ['connections'] as const,
  connectionMessages: ['connections', 'messages'] as const,
  connectionFiles: ['connections', 'files'] as const,
  registrySync: ['registry', 'sync'] as const,
  registryEntries: ['registry', 'entries'] as const,
  registryInstalls: ['registry', 'installs'] as const,
  registrySettings: ['registry', 'settings'] as const,
  registrySources: ['registry', 'sources'] as const,
  /** Agents' MCP endpoints: tokens, policy, state and held calls. */
  agentEndpoint: ['agentEndpoint'] as const,
  agentApprovals: ['agentEndpoint', 'approvals'] as const,
};
