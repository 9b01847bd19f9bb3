import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/store/database.ts';
import { openBytes, sealBytes } from '../../main/vault/aes-gcm.ts';
import type { KeyProvider } from '../../main/vault/key-provider.ts';
import { resolveNodeKeyProvider } from '../../main/vault/node-key-provider.ts';
import { Vault } from '../../main/vault/vault.ts';
import { thrownBy } from '../helpers/errors.ts';

const MASTER_KEY = 'the-first-master-key-of-this-vault';
const OTHER_MASTER_KEY = 'a-different-master-key-entirely';
const SECRETS = { client_secret: 'cs-PLAINTEXT-CANARY-1234', access_token: 'at-💡-токен', refresh_token: '' };
type Column = keyof typeof SECRETS;
const COLUMNS = Object.keys(SECRETS) as Column[];

let dir: string;
let dataDir: string;
const openStores: Store[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewship-vault-'));
  dataDir = join(dir, 'data');
});
afterEach(() => {
  for (const store of openStores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function store(): Store {
  const opened = openStore({ dataDir });
  openStores.push(opened);
  return opened;
}

/** The provider each environment resolves to: the key providers are what is tested, so not openTestCore's. */
function provider(env: NodeJS.ProcessEnv): KeyProvider {
  return resolveNodeKeyProvider(env, dataDir);
}


function insertCredential(db: Store['db'], vault: Vault, id: string): void {
  const sealed = (column: Column) => vault.seal({ table: 'credentials', row: id, column }, SECRETS[column]);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO credentials (id, workspace_id, kind, provider, label, client_secret, access_token, refresh_token, created_at, updated_at)
     VALUES (?, 'default', 'oauth2', 'github', 'GitHub', ?, ?, ?, ?, ?)`,
  ).run(id, sealed('client_secret'), sealed('access_token'), sealed('refresh_token'), now, now);
}

function readCredential(db: Store['db'], vault: Vault, id: string): Record<Column, string> {
  const row = db.prepare('SELECT client_secret, access_token, refresh_token FROM credentials WHERE id = ?').get(id) as Record<Column, Buffer>;
  return Object.fromEntries(COLUMNS.map((column) => [column, vault.open({ table: 'credentials', row: id, column }, row[column])])) as Record<Column, string>;
}

function storedKeys(db: Store['db']): unknown[] {
  return db.prepare('SELECT * FROM vault_keys ORDER BY id').all();
}

/** Creates a vault under `env` with one credential, and closes it. */
function createVaultWithCredential(env: NodeJS.ProcessEnv): void {
  const created = store();
  insertCredential(created.db, Vault.open(created.db, provider(env)), 'cred-1');
  created.close();
}

describe('opening an existing vault', () => {
  it('with another CREWSHIP_MASTER_KEY fails with vault_wrong_key and loses nothing', () => {
    createVaultWithCredential({ CREWSHIP_MASTER_KEY: MASTER_KEY });
    const { db } = store();
    const keysBefore = storedKeys(db);

    const error = thrownBy(() => Vault.open(db, provider({ CREWSHIP_MASTER_KEY: OTHER_MASTER_KEY })));
    expect(error.code).toBe('vault_wrong_key');
    expect(`${error.message} ${error.hint}`).not.toContain(OTHER_MASTER_KEY);

    expect(storedKeys(db)).toEqual(keysBefore);
    expect(readCredential(db, Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY })), 'cred-1')).toEqual(SECRETS);
  });

  it('with the key file creates master.key 0600 once, and reopens with it', () => {
    createVaultWithCredential({});
    const keyFile = join(dataDir, 'master.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const { db } = store();
    expect(readCredential(db, Vault.open(db, provider({})), 'cred-1')).toEqual(SECRETS);
  });

  it('refuses a key file that became readable by others, and works again after chmod 600', () => {
    createVaultWithCredential({});
    const keyFile = join(dataDir, 'master.key');
    chmodSync(keyFile, 0o644);
    const { db } = store();
    expect(thrownBy(() => Vault.open(db, provider({}))).code).toBe('vault_key_file_permissions');
    chmodSync(keyFile, 0o600);
    expect(readCredential(db, Vault.open(db, provider({})), 'cred-1')).toEqual(SECRETS);
  });

  it('without its key file fails with vault_key_file_missing and does not make a new one', () => {
    createVaultWithCredential({});
    const keyFile = join(dataDir, 'master.key');
    rmSync(keyFile);
    const { db } = store();
    expect(thrownBy(() => Vault.open(db, provider({}))).code).toBe('vault_key_file_missing');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('with another provider fails with vault_provider_mismatch naming both providers', () => {
    createVaultWithCredential({ CREWSHIP_MASTER_KEY: MASTER_KEY });
    const { db } = store();
    const error = thrownBy(() => Vault.open(db, provider({})));
    expect(error.code).toBe('vault_provider_mismatch');
    expect(error.message).toContain('"env"');
    expect(error.message).toContain('"key-file"');
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
  });

  it('from two connections creates one data key, even when the other creates it first in the meantime', () => {
    const first = store();
    const second = store();
    const keyFile = provider({});
    // Wrapping happens before the write lock is taken; let the first connection create the vault right then.
    const racing: KeyProvider = {
      id: keyFile.id,
      describe: () => keyFile.describe(),
      unwrap: (wrapped) => keyFile.unwrap(wrapped),
      wrap: (dataKey) => {
        Vault.open(first.db, keyFile);
        return keyFile.wrap(dataKey);
      },
    };
    const late = Vault.open(second.db, racing);
    expect(storedKeys(first.db)).toHaveLength(1);
    expect(late.describe().keyId).toBe(Vault.open(first.db, keyFile).describe().keyId);
    const sealed = late.seal({ table: 'credentials', row: 'cred-1', column: 'client_secret' }, 'shared');
    expect(Vault.open(first.db, keyFile).open({ table: 'credentials', row: 'cred-1', column: 'client_secret' }, sealed)).toBe('shared');
  });
});

describe('a vault from before HKDF, keyed with scrypt from a 32-byte master key', () => {
  const HIGH_ENTROPY_KEY = randomBytes(32).toString('hex');
  const SCRYPT_HEADER = Buffer.from('cwk:env:scrypt1:', 'ascii');
  const scryptKey = (header: Buffer) => scryptSync(HIGH_ENTROPY_KEY, header.subarray(SCRYPT_HEADER.length), 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  /** The env provider of earlier releases, which stretched every master key with scrypt. */
  const scryptProvider: KeyProvider = {
    id: 'env',
    describe: () => 'master key from CREWSHIP_MASTER_KEY',
    wrap: (dataKey) => {
      const header = Buffer.concat([SCRYPT_HEADER, randomBytes(16)]);
      return sealBytes(scryptKey(header), header, dataKey);
    },
    unwrap: (wrapped) => openBytes(scryptKey(wrapped.subarray(0, SCRYPT_HEADER.length + 16)), wrapped.subarray(0, SCRYPT_HEADER.length + 16), wrapped) as Buffer,
  };

  it('opens with the same key, and its data key is re-wrapped with HKDF once, sealed values untouched', () => {
    const created = store();
    insertCredential(created.db, Vault.open(created.db, scryptProvider), 'cred-1');
    created.close();
    const { db } = store();
    const sealedBefore = db.prepare('SELECT client_secret, access_token, refresh_token FROM credentials').all();
    const wrappedBefore = db.prepare('SELECT wrapped_key FROM vault_keys').pluck().get() as Buffer;
    expect(wrappedBefore.subarray(0, 16).toString('ascii')).toBe('cwk:env:scrypt1:');

    const vault = Vault.open(db, provider({ CREWSHIP_MASTER_KEY: HIGH_ENTROPY_KEY }));
    expect(readCredential(db, vault, 'cred-1')).toEqual(SECRETS);
    const rewrapped = db.prepare('SELECT provider, wrapped_key FROM vault_keys').get() as { provider: string; wrapped_key: Buffer };
    expect(rewrapped.provider).toBe('env');
    expect(rewrapped.wrapped_key.subarray(0, 14).toString('ascii')).toBe('cwk:env:hkdf1:');
    expect(db.prepare('SELECT client_secret, access_token, refresh_token FROM credentials').all()).toEqual(sealedBefore);

    expect(readCredential(db, Vault.open(db, provider({ CREWSHIP_MASTER_KEY: HIGH_ENTROPY_KEY })), 'cred-1')).toEqual(SECRETS);
    expect(db.prepare('SELECT wrapped_key FROM vault_keys').pluck().get()).toEqual(rewrapped.wrapped_key);
    expect(thrownBy(() => Vault.open(db, provider({ CREWSHIP_MASTER_KEY: OTHER_MASTER_KEY }))).code).toBe('vault_wrong_key');
  });
});

describe('rewrap', () => {
  it('moves the vault to a new master key without touching sealed values', () => {
    createVaultWithCredential({ CREWSHIP_MASTER_KEY: MASTER_KEY });
    const { db } = store();
    const sealedBefore = db.prepare('SELECT client_secret, access_token, refresh_token FROM credentials').all();
    const keyIdBefore = Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY })).describe().keyId;

    Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY })).rewrap(provider({ CREWSHIP_MASTER_KEY: OTHER_MASTER_KEY }));

    expect(db.prepare('SELECT client_secret, access_token, refresh_token FROM credentials').all()).toEqual(sealedBefore);
    const reopened = Vault.open(db, provider({ CREWSHIP_MASTER_KEY: OTHER_MASTER_KEY }));
    expect(reopened.describe().keyId).toBe(keyIdBefore);
    expect(readCredential(db, reopened, 'cred-1')).toEqual(SECRETS);
    expect(thrownBy(() => Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY }))).code).toBe('vault_wrong_key');
  });

  it('moves the vault from the master key to the key file, and the vault keeps working in the same process', () => {
    createVaultWithCredential({ CREWSHIP_MASTER_KEY: MASTER_KEY });
    const { db } = store();
    const vault = Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY }));

    vault.rewrap(provider({}));

    expect(vault.describe().provider).toBe(`key file ${join(dataDir, 'master.key')}`);
    expect(db.prepare('SELECT provider FROM vault_keys').pluck().all()).toEqual(['key-file']);
    expect(readCredential(db, Vault.open(db, provider({})), 'cred-1')).toEqual(SECRETS);
    expect(thrownBy(() => Vault.open(db, provider({ CREWSHIP_MASTER_KEY: MASTER_KEY }))).code).toBe('vault_provider_mismatch');
  });
});
