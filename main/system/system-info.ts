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
  /** How a command copied from the console runs in a terminal (the program, the data directory to name). */
  cli: CliLauncher;
  /** The system's folder dialog can be opened (`system.pickDirectory`): the desktop app. */
  directoryPicker: boolean;
}

/** How a command the console writes out (the tester's "Copy command") runs as pasted into a terminal. */
export interface CliLauncher {
  /** `crewship` when that name on PATH is this console's launcher (`npm link`), else the launcher's absolute path. */
  program: string;
  /** The data directory to name (`CREWSHIP_HOME=…`) when the CLI would not open this one by itself; null when it would. */
  dataDirOverride: string | null;
}
