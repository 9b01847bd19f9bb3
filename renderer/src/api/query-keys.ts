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
  mcpCalls: ['mcp', 'calls'] as const,
  mcpElicitations: ['mcp', 'elicitations'] as const,
  /** Read on demand ("Read again"), not by events: a resource read may be costly for its server. */
  mcpResource: ['mcp', 'resource'] as const,
  registrySync: ['registry', 'sync'] as const,
  registryEntries: ['registry', 'entries'] as const,
  registryInstalls: ['registry', 'installs'] as const,
  registrySettings: ['registry', 'settings'] as const,
};
