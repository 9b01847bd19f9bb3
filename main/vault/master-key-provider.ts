import { hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { KEY_BYTES, openBytes, sealBytes } from './aes-gcm.ts';
import { masterKeyTooShort } from './errors.ts';
import { wrongKeyError, type KeyProvider } from './key-provider.ts';

const MIN_MASTER_KEY_LENGTH = 16;

const SALT_BYTES = 16;
// scrypt's "interactive" cost: about 150 ms per derivation, paid once per vault open.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const HKDF_INFO = Buffer.from('crewship vault key-encryption key', 'ascii');

type KeyDerivation = 'HKDF-SHA256' | 'scrypt';

/** Each wrapped blob names its derivation in its authenticated header, so an old blob keeps opening. */
const FORMATS: Record<KeyDerivation, Buffer> = {
  'HKDF-SHA256': Buffer.from('cwk:env:hkdf1:', 'ascii'),
  scrypt: Buffer.from('cwk:env:scrypt1:', 'ascii'),
};

/**
 * Wraps the data key under a key derived from CREWSHIP_MASTER_KEY. A master key that is already
 * 32 random bytes (see highEntropyKeyBytes) needs no stretching and is derived with HKDF-SHA256;
 * anything else is a passphrase, stretched with scrypt. Each wrap draws a new salt, stored in the
 * wrapped blob's authenticated header beside the derivation's name.
 */
export class MasterKeyProvider implements KeyProvider {
  readonly id = 'env';
  readonly keyDerivation: KeyDerivation;
  readonly #masterKey: string;
  readonly #keyBytes: Buffer | undefined;

  constructor(masterKey: string) {
    // Normalised so the same passphrase typed on macOS (NFD) and elsewhere (NFC) is the same key.
    const normalized = masterKey.normalize('NFC');
    if ([...normalized].length < MIN_MASTER_KEY_LENGTH) throw masterKeyTooShort(MIN_MASTER_KEY_LENGTH);
    this.#masterKey = normalized;
    this.#keyBytes = highEntropyKeyBytes(normalized);
    this.keyDerivation = this.#keyBytes ? 'HKDF-SHA256' : 'scrypt';
  }

  describe(): string {
    return this.#keyBytes
      ? 'master key from CREWSHIP_MASTER_KEY (a 32-byte key, derived with HKDF-SHA256)'
      : 'master key from CREWSHIP_MASTER_KEY (a passphrase, stretched with scrypt)';
  }

  wrap(dataKey: Buffer): Buffer {
    const header = Buffer.concat([FORMATS[this.keyDerivation], randomBytes(SALT_BYTES)]);
    return sealBytes(this.#keyEncryptionKey(this.keyDerivation, header), header, dataKey);
  }

  unwrap(wrapped: Buffer): Buffer {
    const dataKey = this.#open(wrapped);
    if (!dataKey) {
      throw wrongKeyError(this.describe(), 'Set CREWSHIP_MASTER_KEY to the master key that created this vault.');
    }
    return dataKey;
  }

  /** False for a blob that scrypt wrapped from a key HKDF now derives from (earlier releases): the vault re-wraps it. */
  isCurrentWrapping(wrapped: Buffer): boolean {
    return derivationOf(wrapped) === this.keyDerivation;
  }

  #open(wrapped: Buffer): Buffer | undefined {
    const derivation = derivationOf(wrapped);
    // A passphrase never wraps with HKDF: such a blob was made by another key.
    if (!derivation || (derivation === 'HKDF-SHA256' && !this.#keyBytes)) return undefined;
    const header = wrapped.subarray(0, FORMATS[derivation].length + SALT_BYTES);
    return openBytes(this.#keyEncryptionKey(derivation, header), header, wrapped);
  }

  #keyEncryptionKey(derivation: KeyDerivation, header: Buffer): Buffer {
    const salt = header.subarray(FORMATS[derivation].length);
    if (derivation === 'scrypt') return scryptSync(this.#masterKey, salt, KEY_BYTES, SCRYPT);
    return Buffer.from(hkdfSync('sha256', this.#keyBytes as Buffer, salt, HKDF_INFO, KEY_BYTES));
  }
}

function derivationOf(wrapped: Buffer): KeyDerivation | undefined {
  return (Object.keys(FORMATS) as KeyDerivation[]).find((derivation) => wrapped.subarray(0, FORMATS[derivation].length).equals(FORMATS[derivation]));
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$/;

/**
 * The rule for "already a high-entropy key": the master key is exactly the encoding of 32 bytes,
 * as 64 hex digits (either case), or as 43 base64url or base64 characters (base64 may add its one
 * `=`) that are the canonical encoding of those bytes and hold at least one capital, one small
 * letter and one digit. The letter-and-digit part keeps a 43-letter passphrase from being taken for
 * a key; a random key fails it about once in 1500 draws and is then merely stretched with scrypt.
 * Anything else (spaces around it, another length) is a passphrase. The key is the decoded bytes,
 * so the same 32 bytes in hex or base64 are the same key.
 */
function highEntropyKeyBytes(masterKey: string): Buffer | undefined {
  if (HEX_KEY.test(masterKey)) return Buffer.from(masterKey, 'hex');
  const base64url = BASE64URL_KEY.test(masterKey);
  if (!base64url && !BASE64_KEY.test(masterKey)) return undefined;
  if (!/[A-Z]/.test(masterKey) || !/[a-z]/.test(masterKey) || !/[0-9]/.test(masterKey)) return undefined;
  const bytes = Buffer.from(masterKey, base64url ? 'base64url' : 'base64');
  const canonical = base64url ? bytes.toString('base64url') : bytes.toString('base64');
  return canonical.replace(/=$/, '') === masterKey.replace(/=$/, '') ? bytes : undefined;
}

/** A new master key for CREWSHIP_MASTER_KEY: 32 random bytes in base64url, drawn until the rule above takes it as a key. */
export function generateMasterKey(): string {
  for (;;) {
    const key = randomBytes(KEY_BYTES).toString('base64url');
    if (highEntropyKeyBytes(key)) return key;
  }
}
