import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/store/database.ts';
import { KeyFileProvider } from '../../main/vault/key-file-provider.ts';
import { decodeSealed, encodeHeader, type SealedBinding } from '../../main/vault/sealed-value.ts';
import { Vault } from '../../main/vault/vault.ts';
import { thrownBy } from '../helpers/errors.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET = 'sk-live-PLAINTEXT-CANARY-1234';
const clientSecretOf = (row: string): SealedBinding => ({ table: 'credentials', row, column: 'client_secret' });

let dir: string;
let store: Store;
let vault: Vault;
let provider: KeyFileProvider;

// The vault and its key provider are what is tested: a bare store and a key file, not openTestCore.
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewship-vault-'));
  store = openStore({ dataDir: join(dir, 'data') });
  provider = new KeyFileProvider(join(dir, 'data', 'master.key'));
  vault = Vault.open(store.db, provider);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});


function flipByte(sealed: Buffer, index: number): Buffer {
  const altered = Buffer.from(sealed);
  altered[index]! ^= 0x01;
  return altered;
}

function headerLengthOf(binding: SealedBinding, sealed: Buffer): number {
  return decodeSealed(binding, sealed).header.length;
}

function activeKeyRow(): { id: string; wrapped_key: Buffer } {
  return store.db.prepare('SELECT id, wrapped_key FROM vault_keys WHERE active = 1').get() as { id: string; wrapped_key: Buffer };
}

describe('Vault.open', () => {
  it('creates one active data key on an empty vault and reuses it on the next open', () => {
    const first = vault.describe();
    const again = Vault.open(store.db, provider).describe();
    const rows = store.db.prepare('SELECT id, provider, active FROM vault_keys').all();
    expect(rows).toEqual([{ id: first.keyId, provider: 'key-file', active: 1 }]);
    expect(again.keyId).toBe(first.keyId);
  });

  it('describes the provider and the active key without key material', () => {
    const description = vault.describe();
    const dataKey = provider.unwrap(activeKeyRow().wrapped_key);
    expect(description).toEqual({ provider: provider.describe(), keyId: activeKeyRow().id, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(JSON.stringify(description)).not.toContain(dataKey.toString('hex'));
    expect(JSON.stringify(description)).not.toContain(dataKey.toString('base64'));
  });
});

describe('seal and open', () => {
  it.each([
    ['a plain secret', SECRET],
    ['the empty string', ''],
    ['unicode', 'päss wört — ключ 密码 🔑\u0000end'],
    ['a long value', 'x'.repeat(200_000)],
  ])('round-trips %s', (_case, plaintext) => {
    expect(vault.open(clientSecretOf('cred-1'), vault.seal(clientSecretOf('cred-1'), plaintext))).toBe(plaintext);
  });

  it('uses a fresh IV for every seal, so equal secrets never look equal', () => {
    const first = vault.seal(clientSecretOf('cred-1'), SECRET);
    const second = vault.seal(clientSecretOf('cred-1'), SECRET);
    const headerLength = headerLengthOf(clientSecretOf('cred-1'), first);
    expect(first.equals(second)).toBe(false);
    expect(first.subarray(headerLength, headerLength + IV_BYTES).equals(second.subarray(headerLength, headerLength + IV_BYTES))).toBe(false);
  });

  it('never holds the plaintext bytes in the sealed value', () => {
    expect(vault.seal(clientSecretOf('cred-1'), SECRET).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('refuses to seal without a complete binding', () => {
    const error = thrownBy(() => vault.seal({ table: 'credentials', row: 'cred-1', column: '' }, SECRET));
    expect([error.code, error.kind]).toEqual(['vault_binding_invalid', 'bad_input']);
  });
});

describe('a sealed value that was altered', () => {
  const binding = clientSecretOf('cred-1');
  let sealed: Buffer;
  let headerLength: number;
  beforeEach(() => {
    sealed = vault.seal(binding, SECRET);
    headerLength = headerLengthOf(binding, sealed);
  });

  it('fails with vault_tampered when the IV changed', () => {
    expect(thrownBy(() => vault.open(binding, flipByte(sealed, headerLength))).code).toBe('vault_tampered');
  });

  it('fails with vault_tampered when the tag changed', () => {
    expect(thrownBy(() => vault.open(binding, flipByte(sealed, headerLength + IV_BYTES + 3))).code).toBe('vault_tampered');
  });

  it('fails with vault_tampered when the ciphertext changed, and the error holds no plaintext', () => {
    const error = thrownBy(() => vault.open(binding, flipByte(sealed, sealed.length - 1)));
    expect(error.code).toBe('vault_tampered');
    expect(`${error.message} ${error.hint}`).not.toContain(SECRET);
  });

  it('fails with vault_tampered when the header was rewritten to claim the row it was copied to', () => {
    const elsewhere = clientSecretOf('cred-2');
    const forged = Buffer.concat([encodeHeader(vault.describe().keyId, elsewhere), sealed.subarray(headerLength)]);
    expect(thrownBy(() => vault.open(elsewhere, forged)).code).toBe('vault_tampered');
  });

  it('fails with vault_value_moved when a binding byte of the header changed in place', () => {
    const rowIdAt = sealed.indexOf(Buffer.from('cred-1'));
    expect(rowIdAt).toBeGreaterThan(0);
    expect(thrownBy(() => vault.open(binding, flipByte(sealed, rowIdAt + 5))).code).toBe('vault_value_moved');
  });

  it('fails with vault_unknown_key when the header names a key this vault does not have', () => {
    const keyIdAt = sealed.indexOf(Buffer.from(vault.describe().keyId));
    expect(keyIdAt).toBeGreaterThan(0);
    expect(thrownBy(() => vault.open(binding, flipByte(sealed, keyIdAt))).code).toBe('vault_unknown_key');
  });

  it.each([
    ['the magic', 0],
    ['the format version', 4],
  ])('fails with vault_malformed when %s changed', (_case, index) => {
    expect(thrownBy(() => vault.open(binding, flipByte(sealed, index))).code).toBe('vault_malformed');
  });

  it('fails with vault_malformed when it was cut short before the tag ends', () => {
    const truncated = sealed.subarray(0, headerLength + IV_BYTES + TAG_BYTES - 1);
    expect(thrownBy(() => vault.open(binding, truncated)).code).toBe('vault_malformed');
  });
});

describe('a value that is not a sealed value', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain text', Buffer.from(SECRET)],
    ['a header that ends inside its key id', Buffer.from('CWSV\u0001\u00ff', 'latin1')],
  ])('is vault_malformed when %s', (_case, value) => {
    expect(thrownBy(() => vault.open(clientSecretOf('cred-1'), value)).code).toBe('vault_malformed');
  });
});

describe('key material', () => {
  it('stays out of inspect, JSON and string output of the vault', () => {
    vault.seal(clientSecretOf('cred-1'), SECRET);
    const dataKey = provider.unwrap(activeKeyRow().wrapped_key);
    const shown = [inspect(vault, { showHidden: true, depth: Infinity }), JSON.stringify(vault), String(vault)].join('\n');
    expect(shown).not.toContain(dataKey.toString('hex'));
    expect(shown).not.toContain(dataKey.toString('base64'));
    expect(shown).not.toMatch(/<Buffer/);
  });
});
