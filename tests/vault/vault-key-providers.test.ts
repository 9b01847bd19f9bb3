import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/errors/app-error.ts';
import { sealBytes } from '../../main/vault/aes-gcm.ts';
import { KeyFileProvider } from '../../main/vault/key-file-provider.ts';
import { generateMasterKey, MasterKeyProvider } from '../../main/vault/master-key-provider.ts';
import { resolveNodeKeyProvider } from '../../main/vault/node-key-provider.ts';
import { thrownBy } from '../helpers/errors.ts';

const MASTER_KEY = 'correct horse battery staple';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewship-vault-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});


function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function writeKeyFile(path: string, mode: number): void {
  writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode });
  chmodSync(path, mode);
}

describe('resolveNodeKeyProvider', () => {
  it('prefers CREWSHIP_MASTER_KEY over any key file', () => {
    const provider = resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: MASTER_KEY, CREWSHIP_KEY_FILE: join(dir, 'k') }, dir);
    expect(provider.id).toBe('env');
  });

  it('uses CREWSHIP_KEY_FILE, else master.key in the data directory; an empty master key counts as unset', () => {
    const explicit = resolveNodeKeyProvider({ CREWSHIP_KEY_FILE: join(dir, 'elsewhere.key') }, dir);
    const fallback = resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: '' }, dir);
    expect([explicit.id, explicit.describe()]).toEqual(['key-file', `key file ${join(dir, 'elsewhere.key')}`]);
    expect(fallback.describe()).toBe(`key file ${join(dir, 'master.key')}`);
  });

  it('rejects a master key shorter than 16 characters without echoing it', () => {
    const error = thrownBy(() => resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: 'short-secret-15' }, dir));
    expect([error.code, error.kind]).toEqual(['vault_master_key_invalid', 'bad_input']);
    expect(`${error.message} ${error.hint}`).not.toContain('short-secret-15');
  });

  it('counts characters, not bytes: 16 emoji are long enough', () => {
    expect(() => new MasterKeyProvider('🔑'.repeat(15))).toThrow(AppError);
    expect(new MasterKeyProvider('🔑'.repeat(16)).id).toBe('env');
  });
});

describe('MasterKeyProvider', () => {
  it('unwraps what it wrapped, with a new salt and IV on every wrap', () => {
    const provider = new MasterKeyProvider(MASTER_KEY);
    const dataKey = randomBytes(32);
    const first = provider.wrap(dataKey);
    const second = provider.wrap(dataKey);
    expect(first.equals(second)).toBe(false);
    expect(provider.unwrap(first).equals(dataKey)).toBe(true);
    expect(provider.unwrap(second).equals(dataKey)).toBe(true);
  });

  it('fails with vault_wrong_key under another master key, and the hint says what to set', () => {
    const wrapped = new MasterKeyProvider(MASTER_KEY).wrap(randomBytes(32));
    const error = thrownBy(() => new MasterKeyProvider('another master key entirely').unwrap(wrapped));
    expect(error.code).toBe('vault_wrong_key');
    expect(error.hint).toContain('CREWSHIP_MASTER_KEY');
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain('another master key entirely');
  });

  it('fails with vault_wrong_key when the wrapped blob was altered', () => {
    const provider = new MasterKeyProvider(MASTER_KEY);
    const wrapped = provider.wrap(randomBytes(32));
    wrapped[wrapped.length - 1]! ^= 0x01;
    expect(thrownBy(() => provider.unwrap(wrapped)).code).toBe('vault_wrong_key');
  });

  it('treats composed and decomposed spellings of a passphrase as the same key', () => {
    const composed = 'caf\u00e9-master-key-passphrase';
    const decomposed = 'cafe\u0301-master-key-passphrase';
    const dataKey = randomBytes(32);
    expect(new MasterKeyProvider(composed).unwrap(new MasterKeyProvider(decomposed).wrap(dataKey)).equals(dataKey)).toBe(true);
  });

  it('keeps the master key out of inspect, JSON and string output', () => {
    const provider = new MasterKeyProvider(MASTER_KEY);
    const shown = [inspect(provider, { showHidden: true, depth: Infinity }), JSON.stringify(provider), String(provider), provider.describe()];
    for (const text of shown) expect(text).not.toContain(MASTER_KEY);
  });
});

describe('MasterKeyProvider: which key derivation', () => {
  const bytes = Buffer.from('00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');
  const highEntropyKeys = [
    ['64 hex digits', bytes.toString('hex')],
    ['64 hex digits in capitals', bytes.toString('hex').toUpperCase()],
    ['43 base64url characters', bytes.toString('base64url')],
    ['44 base64 characters with their padding', bytes.toString('base64')],
    ['43 base64 characters without padding', bytes.toString('base64').replace(/=$/, '')],
  ];

  it.each(highEntropyKeys)('derives with HKDF-SHA256 from a 32-byte key as %s', (_case, key) => {
    const provider = new MasterKeyProvider(key);
    expect(provider.keyDerivation).toBe('HKDF-SHA256');
    expect(provider.describe()).toContain('HKDF-SHA256');
    const dataKey = randomBytes(32);
    const wrapped = provider.wrap(dataKey);
    expect(wrapped.subarray(0, 14).toString('ascii')).toBe('cwk:env:hkdf1:');
    expect(provider.isCurrentWrapping(wrapped)).toBe(true);
    // The same 32 bytes are the same key in every encoding.
    for (const [, other] of highEntropyKeys) expect(new MasterKeyProvider(other as string).unwrap(wrapped).equals(dataKey)).toBe(true);
  });

  it.each([
    ['a passphrase', MASTER_KEY],
    ['63 hex digits', bytes.toString('hex').slice(1)],
    ['65 hex digits', `${bytes.toString('hex')}0`],
    ['base64 that is not the canonical encoding of its bytes', `${bytes.toString('base64url').slice(0, 42)}B`],
    ['base64 and base64url alphabets mixed', `+-${bytes.toString('base64url').slice(2)}`],
    ['a 32-byte key with a space around it', ` ${bytes.toString('base64url')}`],
  ])('stretches %s with scrypt', (_case, key) => {
    expect([...key].length).toBeGreaterThanOrEqual(16);
    const provider = new MasterKeyProvider(key);
    expect(provider.keyDerivation).toBe('scrypt');
    expect(provider.describe()).toContain('scrypt');
    expect(provider.wrap(randomBytes(32)).subarray(0, 16).toString('ascii')).toBe('cwk:env:scrypt1:');
  });

  it.each([
    ['letters without a digit', 'CorrectHorseBatteryStapleCorrectHorseBattew'],
    ['lowercase letters and digits', 'correcthorsebatterystaple0123456789abcdefgw'],
  ])('stretches 43 %s with scrypt, though they spell 32 bytes in base64url', (_case, key) => {
    expect(Buffer.from(key, 'base64url').toString('base64url')).toBe(key);
    expect(new MasterKeyProvider(key).keyDerivation).toBe('scrypt');
  });

  it('still opens a data key that an earlier version wrapped with scrypt from a 32-byte key, and says to re-wrap it', () => {
    const key = bytes.toString('base64url');
    const dataKey = randomBytes(32);
    const wrapped = wrapLikeScryptVersion1(key, dataKey);
    const provider = new MasterKeyProvider(key);
    expect(provider.unwrap(wrapped).equals(dataKey)).toBe(true);
    expect(provider.isCurrentWrapping(wrapped)).toBe(false);
    expect(thrownBy(() => new MasterKeyProvider(bytes.toString('hex')).unwrap(wrapped)).code).toBe('vault_wrong_key');
  });

  it('does not open an HKDF wrapping with a passphrase, nor under another 32-byte key', () => {
    const wrapped = new MasterKeyProvider(bytes.toString('hex')).wrap(randomBytes(32));
    expect(thrownBy(() => new MasterKeyProvider(MASTER_KEY).unwrap(wrapped)).code).toBe('vault_wrong_key');
    expect(thrownBy(() => new MasterKeyProvider(generateMasterKey()).unwrap(wrapped)).code).toBe('vault_wrong_key');
  });

  it('unwraps with HKDF far faster than with scrypt', () => {
    const timeUnwrap = (provider: MasterKeyProvider, wrapped: Buffer) => {
      const start = process.hrtime.bigint();
      provider.unwrap(wrapped);
      return Number(process.hrtime.bigint() - start);
    };
    const hkdf = new MasterKeyProvider(bytes.toString('hex'));
    const scrypt = new MasterKeyProvider(MASTER_KEY);
    const hkdfNs = Math.min(...[1, 2, 3].map(() => timeUnwrap(hkdf, hkdf.wrap(randomBytes(32)))));
    const scryptNs = timeUnwrap(scrypt, scrypt.wrap(randomBytes(32)));
    expect(scryptNs / hkdfNs).toBeGreaterThan(50);
  });

  it('generates keys of 32 random bytes in base64url that it derives with HKDF', () => {
    const keys = Array.from({ length: 50 }, () => generateMasterKey());
    expect(new Set(keys).size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key, 'base64url')).toHaveLength(32);
      expect(new MasterKeyProvider(key).keyDerivation).toBe('HKDF-SHA256');
    }
  });
});

/** The wrapping of releases before HKDF: scrypt over the master key as typed, its salt in the authenticated header. */
function wrapLikeScryptVersion1(masterKey: string, dataKey: Buffer): Buffer {
  const header = Buffer.concat([Buffer.from('cwk:env:scrypt1:', 'ascii'), randomBytes(16)]);
  const keyEncryptionKey = scryptSync(masterKey, header.subarray(16), 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return sealBytes(keyEncryptionKey, header, dataKey);
}

describe('KeyFileProvider', () => {
  it('creates the key file with mode 0600, in a new directory with mode 0700, on the first wrap', () => {
    const path = join(dir, 'keys', 'nested', 'master.key');
    const provider = new KeyFileProvider(path);
    const dataKey = randomBytes(32);
    const wrapped = provider.wrap(dataKey);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(join(dir, 'keys', 'nested'))).toBe(0o700);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(new KeyFileProvider(path).unwrap(wrapped).equals(dataKey)).toBe(true);
  });

  it('reuses an existing key file instead of replacing it', () => {
    const path = join(dir, 'master.key');
    writeKeyFile(path, 0o600);
    const before = readFileSync(path);
    new KeyFileProvider(path).wrap(randomBytes(32));
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it.each([0o644, 0o640, 0o604, 0o660])('refuses a key file with mode %o and says to chmod 600', (mode) => {
    const path = join(dir, 'master.key');
    writeKeyFile(path, mode);
    const provider = new KeyFileProvider(path);
    const error = thrownBy(() => provider.wrap(randomBytes(32)));
    expect(error.code).toBe('vault_key_file_permissions');
    expect(error.hint).toContain(`chmod 600 ${path}`);
    expect(thrownBy(() => provider.unwrap(Buffer.alloc(80))).code).toBe('vault_key_file_permissions');
  });

  it('does not create a key file to unwrap with: a missing file is vault_key_file_missing', () => {
    const path = join(dir, 'master.key');
    const error = thrownBy(() => new KeyFileProvider(path).unwrap(Buffer.alloc(80)));
    expect(error.code).toBe('vault_key_file_missing');
    expect(existsSync(path)).toBe(false);
  });

  it('fails with vault_wrong_key under another key file, naming CREWSHIP_KEY_FILE', () => {
    const wrapped = new KeyFileProvider(join(dir, 'a.key')).wrap(randomBytes(32));
    writeKeyFile(join(dir, 'b.key'), 0o600);
    const error = thrownBy(() => new KeyFileProvider(join(dir, 'b.key')).unwrap(wrapped));
    expect(error.code).toBe('vault_wrong_key');
    expect(error.hint).toContain('CREWSHIP_KEY_FILE');
  });

  it.each([
    ['not base64 at all', 'this is not a key!'],
    ['too short', randomBytes(16).toString('base64')],
    ['empty', ''],
  ])('refuses a key file that is %s with vault_key_file_invalid', (_case, content) => {
    const path = join(dir, 'master.key');
    writeFileSync(path, content, { mode: 0o600 });
    expect(thrownBy(() => new KeyFileProvider(path).wrap(randomBytes(32))).code).toBe('vault_key_file_invalid');
  });

  it('refuses a directory where the key file should be', () => {
    expect(thrownBy(() => new KeyFileProvider(dir).wrap(randomBytes(32))).code).toBe('vault_key_file_invalid');
  });
});
