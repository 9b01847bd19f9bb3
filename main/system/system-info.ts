export interface SystemInfo {
  appVersion: string;
  nodeVersion: string;
  dataDir: string;
  databasePath: string;
  schemaVersion: number;
  latestSchemaVersion: number;
  keyProvider: string;
  workspaceId: string;
}
