import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Db } from '../store/database.ts';
import { KEY_BYTES, openBytes, sealBytes } from './aes-gcm.ts';
import {
  providerMismatch,
  sealedColumnInvalid,
  tampered,
  unknownKey,
  unregisteredSealedColumns,
  valueMoved,
} from './errors.ts';
import type { KeyProvider } from './key-provider.ts';
import { findUnregisteredSealedColumns, quoteIdentifier, sealedColumnExists, type SealedColumn } from './sealed-columns.ts';
import { decodeSealed, encodeHeader, sameBinding, type SealedBinding } from './sealed-value.ts';

export type { SealedBinding } from './sealed-value.ts';
import type { VaultDescription } from './vault-description.ts';

export type { SealedColumn } from './sealed-columns.ts';
export type { VaultDescription } from './vault-description.ts';

interface KeyRow {
  id: string;
  provider: string;
  wrapped_key: Buffer;
  created_at: string;
}

interface DataKey {
  id: string;
  bytes: Buffer;
}

/**
 * Seals secrets with AES-256-GCM under one active data key, itself stored wrapped by a KeyProvider.
 * Key rows are read from the database when needed rather than once at open, so a vault stays
 * correct when another process on the same data directory (the app beside the CLI) rotates the key.
 * Key material lives only in private fields: it never shows in `inspect`, JSON or errors.
 */
export class Vault {
  readonly #db: Db;
  readonly #statements: ReturnType<typeof prepareStatements>;
  readonly #sealedColumns = new Map<string, SealedColumn>();
  #provider: KeyProvider;
  #keys = new Map<string, Buffer>();

  private constructor(db: Db, provider: KeyProvider) {
    this.#db = db;
    this.#statements = prepareStatements(db);
    this.#provider = provider;
  }

  /** Creates the first data key on a new vault, else unwraps the active one (so a wrong key fails here). */
  static open(db: Db, provider: KeyProvider): Vault {
    const vault = new Vault(db, provider);
    vault.#activeKey();
    return vault;
  }

  seal(binding: SealedBinding, plaintext: string): Buffer {
    return sealWith(this.#activeKey(), binding, plaintext);
  }

  open(binding: SealedBinding, sealed: Buffer): string {
    return this.#openValue(binding, sealed);
  }

  /** Domains declare each secret column once they exist; rotation re-seals exactly these. */
  registerSealedColumn(sealedColumn: SealedColumn): void {
    const name = `${sealedColumn.table}.${sealedColumn.column}`;
    const known = this.#sealedColumns.get(name);
    const valid = known ? known.idColumn === sealedColumn.idColumn : sealedColumnExists(this.#db, sealedColumn);
    if (!valid) throw sealedColumnInvalid(sealedColumn.table, sealedColumn.idColumn, sealedColumn.column);
    this.#sealedColumns.set(name, { ...sealedColumn });
  }

  /**
   * Re-seals every registered value under a new data key in one transaction, then deletes every
   * other key. Any failure rolls everything back: the old key and the old values stay as they were.
   */
  rotateDataKey(): { resealed: number } {
    const next: DataKey = { id: randomUUID(), bytes: randomBytes(KEY_BYTES) };
    // Wrapped before the write lock is taken: a master-key wrap spends ~150 ms in scrypt.
    const wrapped = this.#provider.wrap(next.bytes);
    const resealed = this.#db
      .transaction(() => {
        this.#refuseUnregisteredSealedColumns();
        this.#statements.insertKey.run(next.id, this.#provider.id, wrapped, 0, now());
        let count = 0;
        for (const sealedColumn of this.#sealedColumns.values()) count += this.#resealColumn(sealedColumn, next);
        this.#statements.deleteKeysExcept.run(next.id);
        this.#statements.activateKey.run(next.id);
        return count;
      })
      .immediate();
    this.#keys = new Map([[next.id, next.bytes]]);
    return { resealed };
  }

  /** Wraps the same data keys with another provider (master-key rotation); sealed values do not change. */
  rewrap(newProvider: KeyProvider): void {
    this.#db
      .transaction(() => {
        for (const row of this.#statements.allKeys.all()) {
          this.#statements.updateWrapping.run(newProvider.id, newProvider.wrap(this.#keyFor(row)), row.id);
        }
      })
      .immediate();
    this.#provider = newProvider;
  }

  describe(): VaultDescription {
    const row = this.#activeKeyRow();
    return { provider: this.#provider.describe(), keyId: row.id, createdAt: row.created_at };
  }

  #activeKey(): DataKey {
    const row = this.#activeKeyRow();
    return { id: row.id, bytes: this.#keyFor(row) };
  }

  #activeKeyRow(): KeyRow {
    return this.#statements.activeKey.get() ?? this.#createFirstKey();
  }

  #createFirstKey(): KeyRow {
    const bytes = randomBytes(KEY_BYTES);
    const fresh: KeyRow = { id: randomUUID(), provider: this.#provider.id, wrapped_key: this.#provider.wrap(bytes), created_at: now() };
    // Two processes may open a new vault at once: under the write lock one creates the key, the other uses it.
    const active = this.#db
      .transaction(() => {
        const existing = this.#statements.activeKey.get();
        if (existing) return existing;
        this.#statements.insertKey.run(fresh.id, fresh.provider, fresh.wrapped_key, 1, fresh.created_at);
        return fresh;
      })
      .immediate();
    if (active.id === fresh.id) this.#keys.set(fresh.id, bytes);
    return active;
  }

  #keyFor(row: KeyRow): Buffer {
    const cached = this.#keys.get(row.id);
    if (cached) return cached;
    if (row.provider !== this.#provider.id) throw providerMismatch(row.provider, this.#provider.id);
    const bytes = this.#provider.unwrap(row.wrapped_key);
    this.#keys.set(row.id, bytes);
    if (this.#provider.isCurrentWrapping?.(row.wrapped_key) === false) this.#upgradeWrapping(row, bytes);
    return bytes;
  }

  /**
   * Wraps an outdated blob again, unless another process changed it meanwhile. Best effort: the old
   * blob still opens, so a database that cannot take the write now (a lock held elsewhere, a
   * read-only file) only means the next open tries again.
   */
  #upgradeWrapping(row: KeyRow, bytes: Buffer): void {
    try {
      this.#statements.upgradeWrapping.run(this.#provider.wrap(bytes), row.id, row.wrapped_key);
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
    }
  }

  #keyById(binding: SealedBinding, keyId: string): Buffer {
    const cached = this.#keys.get(keyId);
    if (cached) return cached;
    const row = this.#statements.keyById.get(keyId);
    if (!row) throw unknownKey(binding, keyId);
    return this.#keyFor(row);
  }

  #openValue(binding: SealedBinding, value: unknown): string {
    const decoded = decodeSealed(binding, value);
    // Checked before authentication, which would fail for a moved value too: this names the cause.
    if (!sameBinding(decoded.binding, binding)) throw valueMoved(binding, decoded.binding);
    const plaintext = openBytes(this.#keyById(binding, decoded.keyId), decoded.header, decoded.sealed);
    if (!plaintext) throw tampered(binding);
    return plaintext.toString('utf8');
  }

  #refuseUnregisteredSealedColumns(): void {
    const unregistered = findUnregisteredSealedColumns(this.#db, [...this.#sealedColumns.values()]);
    if (unregistered.length > 0) throw unregisteredSealedColumns(unregistered);
  }

  #resealColumn(sealedColumn: SealedColumn, next: DataKey): number {
    const table = quoteIdentifier(sealedColumn.table);
    const id = quoteIdentifier(sealedColumn.idColumn);
    const column = quoteIdentifier(sealedColumn.column);
    const rows = this.#db
      .prepare<[], { id: unknown; value: unknown }>(`SELECT ${id} AS id, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`)
      .all();
    const update = this.#db.prepare<[Buffer, unknown]>(`UPDATE ${table} SET ${column} = ? WHERE ${id} = ?`);
    for (const row of rows) {
      const binding = { table: sealedColumn.table, row: String(row.id), column: sealedColumn.column };
      update.run(sealWith(next, binding, this.#openValue(binding, row.value)), row.id);
    }
    return rows.length;
  }
}

function sealWith(key: DataKey, binding: SealedBinding, plaintext: string): Buffer {
  return sealBytes(key.bytes, encodeHeader(key.id, binding), Buffer.from(plaintext, 'utf8'));
}

function prepareStatements(db: Db) {
  const keyColumns = 'id, provider, wrapped_key, created_at';
  return {
    activeKey: db.prepare<[], KeyRow>(`SELECT ${keyColumns} FROM vault_keys WHERE active = 1`),
    keyById: db.prepare<[string], KeyRow>(`SELECT ${keyColumns} FROM vault_keys WHERE id = ?`),
    allKeys: db.prepare<[], KeyRow>(`SELECT ${keyColumns} FROM vault_keys`),
    insertKey: db.prepare<[string, string, Buffer, 0 | 1, string]>(
      'INSERT INTO vault_keys (id, provider, wrapped_key, active, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateWrapping: db.prepare<[string, Buffer, string]>('UPDATE vault_keys SET provider = ?, wrapped_key = ? WHERE id = ?'),
    upgradeWrapping: db.prepare<[Buffer, string, Buffer]>('UPDATE vault_keys SET wrapped_key = ? WHERE id = ? AND wrapped_key = ?'),
    deleteKeysExcept: db.prepare<[string]>('DELETE FROM vault_keys WHERE id <> ?'),
    activateKey: db.prepare<[string]>('UPDATE vault_keys SET active = 1 WHERE id = ?'),
  };
}

function now(): string {
  return new Date().toISOString();
}
