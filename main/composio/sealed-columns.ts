import type { SealedColumn } from '../vault/vault.ts';

/** The Composio domain's secret columns: the workspace's project key and custom OAuth client secrets. */
export const composioSealedColumns: readonly SealedColumn[] = [
  { table: 'composio_keys', idColumn: 'workspace_id', column: 'api_key' },
  { table: 'composio_auth_config_secrets', idColumn: 'id', column: 'client_secret' },
];
