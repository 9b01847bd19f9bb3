import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/store/database.ts';
import { KeyFileProvider } from '../../main/vault/key-file-provider.ts';
import { decodeSealed } from '../../main/vault/sealed-value.ts';
import { Vault, type SealedBinding } from '../../main/vault/vault.ts';
import { thrownBy } from '../helpers/errors.ts';

const COLUMNS = ['client_secret', 'access_token', 'refresh_token'] as const;
type Column = (typeof COLUMNS)[number];
type Secrets = Partial<Record<Column, string>>;

const CREDENTIALS: Record<string, Secrets> = {
  'cred-a': { client_secret: 'secret-a', access_token: 'access-a', refresh_token: 'refresh-a' },
  'cred-b': { client_secret: 'secret-b', access_token: '' },
  'cred-c': { refresh_token: 'refresh-c-🔁' },
};
const SEALED_VALUE_COUNT = 6;

let dir: string;
let store: Store;
let provider: KeyFileProvider;
let vault: Vault;

// The vault and its key provider are what is tested: a bare store and a key file, not openTestCore.
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewship-vault-'));
  store = openStore({ dataDir: join(dir, 'data') });
  provider = new KeyFileProvider(join(dir, 'data', 'master.key'));
  vault = openVault(store);
  for (const [id, secrets] of Object.entries(CREDENTIALS)) insertCredential(id, secrets);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function openVault(on: Store): Vault {
  const opened = Vault.open(on.db, provider);
  for (const column of COLUMNS) opened.registerSealedColumn({ table: 'credentials', idColumn: 'id', column });
  return opened;
}

const bindingOf = (row: string, column: string): SealedBinding => ({ table: 'credentials', row, column });


function insertCredential(id: string, secrets: Secrets): void {
  const sealed = (column: Column) => {
    const plaintext = secrets[column];
    return plaintext === undefined ? null : vault.seal(bindingOf(id, column), plaintext);
  };
  const now = new Date().toISOString();
  store.db
    .prepare(
      `INSERT INTO credentials (id, workspace_id, kind, provider, label, client_secret, access_token, refresh_token, created_at, updated_at)
       VALUES (?, 'default', 'oauth2', 'github', ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, `label ${id}`, sealed('client_secret'), sealed('access_token'), sealed('refresh_token'), now, now);
}

type SealedRow = { id: string } & Record<Column, Buffer | null>;

function sealedRows(): SealedRow[] {
  return store.db.prepare('SELECT id, client_secret, access_token, refresh_token FROM credentials ORDER BY id').all() as SealedRow[];
}

function readAll(reader: Vault): Record<string, Secrets> {
  const result: Record<string, Secrets> = {};
  for (const row of sealedRows()) {
    const secrets: Secrets = {};
    for (const column of COLUMNS) {
      const sealed = row[column];
      if (sealed) secrets[column] = reader.open(bindingOf(row.id, column), sealed);
    }
    result[row.id] = secrets;
  }
  return result;
}

function keyRows(): { id: string; active: number }[] {
  return store.db.prepare('SELECT id, active FROM vault_keys ORDER BY id').all() as { id: string; active: number }[];
}

function snapshot(): unknown {
  return { credentials: sealedRows(), keys: store.db.prepare('SELECT * FROM vault_keys ORDER BY id').all() };
}

describe('rotateDataKey', () => {
  it('re-seals every secret under a new key, changes every ciphertext and leaves one key', () => {
    const before = sealedRows();
    const oldKeyId = vault.describe().keyId;

    expect(vault.rotateDataKey()).toEqual({ resealed: SEALED_VALUE_COUNT });

    const newKeyId = vault.describe().keyId;
    expect(newKeyId).not.toBe(oldKeyId);
    expect(keyRows()).toEqual([{ id: newKeyId, active: 1 }]);
    expect(readAll(vault)).toEqual(CREDENTIALS);
    expect(readAll(openVault(store))).toEqual(CREDENTIALS);
    const after = sealedRows();
    for (const [index, row] of after.entries()) {
      for (const column of COLUMNS) {
        const was = before[index]![column];
        const now = row[column];
        expect(now === null).toBe(was === null);
        if (!was || !now) continue;
        expect(now.equals(was)).toBe(false);
        expect(decodeSealed(bindingOf(row.id, column), now).keyId).toBe(newKeyId);
      }
    }
  });

  it('rolls everything back when a value fails to open midway, so every old value stays readable', () => {
    // The last registered column of the last row, so earlier values are re-sealed before the failure.
    const original = sealedRows().find((row) => row.id === 'cred-c')!.refresh_token!;
    const damaged = Buffer.from(original);
    damaged[damaged.length - 1]! ^= 0x01;
    store.db.prepare(`UPDATE credentials SET refresh_token = ? WHERE id = 'cred-c'`).run(damaged);
    const before = snapshot();
    // Recorded outside SQLite, so the record survives the rollback it proves.
    const rewrites: string[] = [];
    store.db.function('note_rewrite', (id: unknown) => void rewrites.push(String(id)));
    store.db.exec('CREATE TEMP TRIGGER note_credential_rewrite AFTER UPDATE ON credentials BEGIN SELECT note_rewrite(NEW.id); END');

    expect(thrownBy(() => vault.rotateDataKey()).code).toBe('vault_tampered');

    expect(rewrites.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
    store.db.prepare(`UPDATE credentials SET refresh_token = ? WHERE id = 'cred-c'`).run(original);
    expect(readAll(openVault(store))).toEqual(CREDENTIALS);
    expect(readAll(vault)).toEqual(CREDENTIALS);
    expect(vault.rotateDataKey()).toEqual({ resealed: SEALED_VALUE_COUNT });
  });

  it('refuses to start while a column holding sealed values is not registered', () => {
    store.db.exec('CREATE TABLE api_keys (id TEXT PRIMARY KEY, secret BLOB)');
    store.db.prepare('INSERT INTO api_keys (id, secret) VALUES (?, ?)').run('k1', vault.seal({ table: 'api_keys', row: 'k1', column: 'secret' }, 'api-secret'));
    const before = snapshot();

    const error = thrownBy(() => vault.rotateDataKey());
    expect(error.code).toBe('vault_unregistered_sealed_column');
    expect(error.message).toContain('api_keys.secret');
    expect(snapshot()).toEqual(before);

    vault.registerSealedColumn({ table: 'api_keys', idColumn: 'id', column: 'secret' });
    expect(vault.rotateDataKey()).toEqual({ resealed: SEALED_VALUE_COUNT + 1 });
    const secret = store.db.prepare(`SELECT secret FROM api_keys WHERE id = 'k1'`).pluck().get() as Buffer;
    expect(vault.open({ table: 'api_keys', row: 'k1', column: 'secret' }, secret)).toBe('api-secret');
  });

  it('is followed by another connection: it seals with the new key and opens the re-sealed values', () => {
    const other = openStore({ dataDir: join(dir, 'data') });
    try {
      const otherVault = openVault(other);
      vault.rotateDataKey();
      const newKeyId = vault.describe().keyId;
      const sealedElsewhere = otherVault.seal(bindingOf('cred-new', 'client_secret'), 'sealed by the other process');
      expect(decodeSealed(bindingOf('cred-new', 'client_secret'), sealedElsewhere).keyId).toBe(newKeyId);
      expect(vault.open(bindingOf('cred-new', 'client_secret'), sealedElsewhere)).toBe('sealed by the other process');
      expect(readAll(otherVault)).toEqual(CREDENTIALS);
    } finally {
      other.close();
    }
  });
});

describe('registerSealedColumn', () => {
  it.each([
    ['a table that does not exist', { table: 'no_such_table', idColumn: 'id', column: 'secret' }],
    ['a column that does not exist', { table: 'credentials', idColumn: 'id', column: 'no_such_column' }],
    ['an id column that does not exist', { table: 'credentials', idColumn: 'no_such_id', column: 'client_secret' }],
    ['a registered column with another id column', { table: 'credentials', idColumn: 'label', column: 'client_secret' }],
  ])('refuses %s with vault_column_invalid', (_case, sealedColumn) => {
    const error = thrownBy(() => vault.registerSealedColumn(sealedColumn));
    expect([error.code, error.kind]).toEqual(['vault_column_invalid', 'bad_input']);
  });

  it('accepts the same registration twice', () => {
    vault.registerSealedColumn({ table: 'credentials', idColumn: 'id', column: 'client_secret' });
    expect(vault.rotateDataKey()).toEqual({ resealed: SEALED_VALUE_COUNT });
  });
});
