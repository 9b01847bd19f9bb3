import type { SealedColumn } from '../vault/vault.ts';

/**
 * The credentials domain's secret columns, and the PKCE verifiers of OAuth flows in flight: the
 * vault re-seals them when its data key rotates.
 */
export const credentialSealedColumns: readonly SealedColumn[] = [
  ...['client_secret', 'access_token', 'refresh_token'].map((column) => ({ table: 'credentials', idColumn: 'id', column })),
  { table: 'oauth_flows', idColumn: 'id', column: 'code_verifier' },
];
