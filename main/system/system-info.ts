export interface SystemInfo {
  appVersion: string;
  nodeVersion: string;
  dataDir: string;
  databasePath: string;
  schemaVersion: number;
  latestSchemaVersion: number;
  keyProvider: string;
  workspaceId: string;
  /** Set only by `npm run demo`: the data is seeded and thrown away, and the UI says so. */
  demo: boolean;
  /** CREWSHIP_LEGACY_MCP_INTEGRATIONS is on: the Integrations page opens on the self-hosted MCP servers, whatever the Settings toggle says. */
  legacyMcpViewFromEnv: boolean;
}
