import { AppError } from '../errors/app-error.ts';
import type { Db } from '../store/database.ts';
import { newId, nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { SealedColumn, Vault } from '../vault/vault.ts';
import { isReservedVariable } from './placeholders.ts';

/** The vault re-seals these when its data key rotates. */
export const mcpSealedColumns: readonly SealedColumn[] = [{ table: 'mcp_server_secrets', idColumn: 'id', column: 'value' }];

/**
 * Secret values a server's `${NAME}` placeholders read, sealed by the vault, one row per server and
 * name (installing from the registry stores an API key this way). The config holds only the
 * placeholder, so configs, exports and agents' `.mcp.json` files never hold the value; the gateway
 * opens it at connect time and redacts it from whatever the server sends back.
 */
export class McpServerSecrets {
  private readonly vault: Vault;
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Db, vault: Vault) {
    this.vault = vault;
    this.sql = statementCache(db);
  }

  /** Every sealed value of a server, opened: only for a connection plan. */
  values(serverId: string): Record<string, string> {
    const rows = this.sql('SELECT id, name, value FROM mcp_server_secrets WHERE server_id = ? ORDER BY name').all(serverId) as Array<{ id: string; name: string; value: Buffer }>;
    return Object.fromEntries(rows.map((row) => [row.name, this.vault.open({ table: 'mcp_server_secrets', row: row.id, column: 'value' }, row.value)]));
  }

  /** Sets each named value (null removes it); run inside the caller's transaction. */
  write(serverId: string, values: Readonly<Record<string, string | null>>): void {
    for (const [name, value] of Object.entries(values)) {
      requireSecretName(name);
      if (value === null) {
        this.sql('DELETE FROM mcp_server_secrets WHERE server_id = ? AND name = ?').run(serverId, name);
        continue;
      }
      const existing = this.sql('SELECT id FROM mcp_server_secrets WHERE server_id = ? AND name = ?').get(serverId, name) as { id: string } | undefined;
      const id = existing?.id ?? newId('sec');
      const sealed = this.vault.seal({ table: 'mcp_server_secrets', row: id, column: 'value' }, value);
      if (existing) this.sql('UPDATE mcp_server_secrets SET value = ?, updated_at = ? WHERE id = ?').run(sealed, nowIso(), id);
      else this.sql('INSERT INTO mcp_server_secrets (id, server_id, name, value, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, serverId, name, sealed, nowIso());
    }
  }
}

export function requireSecretName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name) || isReservedVariable(name)) {
    throw new AppError(
      'invalid_input',
      `"${name}" cannot name a sealed value: it is letters, digits and underscores, not starting with a digit, and not CREWSHIP_*.`,
      'Give the value another name.',
    );
  }
}
