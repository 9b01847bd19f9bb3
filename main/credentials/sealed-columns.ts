import type { SealedColumn } from '../vault/vault.ts';

/** The credentials table's secret columns: the vault re-seals them when its data key rotates. */
export const credentialSealedColumns: readonly SealedColumn[] = ['client_secret', 'access_token', 'refresh_token'].map((column) => ({
  table: 'credentials',
  idColumn: 'id',
  column,
}));
