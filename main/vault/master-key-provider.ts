import { randomBytes, scryptSync } from 'node:crypto';
import { KEY_BYTES, openBytes, sealBytes } from './aes-gcm.ts';
import { masterKeyTooShort } from './errors.ts';
import { wrongKeyError, type KeyProvider } from './key-provider.ts';

const MIN_MASTER_KEY_LENGTH = 16;

const FORMAT = Buffer.from('cwk:env:scrypt1:', 'ascii');
const SALT_BYTES = 16;
// scrypt's "interactive" cost: about 150 ms per derivation, paid once per vault open.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * Wraps the data key under a key derived from a passphrase (CREWSHIP_MASTER_KEY). Each wrap draws
 * a new salt, stored in the wrapped blob's authenticated header.
 */
export class MasterKeyProvider implements KeyProvider {
  readonly id = 'env';
  readonly #masterKey: string;

  constructor(masterKey: string) {
    // Normalised so the same passphrase typed on macOS (NFD) and elsewhere (NFC) is the same key.
    const normalized = masterKey.normalize('NFC');
    if ([...normalized].length < MIN_MASTER_KEY_LENGTH) throw masterKeyTooShort(MIN_MASTER_KEY_LENGTH);
    this.#masterKey = normalized;
  }

  describe(): string {
    return 'master key from CREWSHIP_MASTER_KEY';
  }

  wrap(dataKey: Buffer): Buffer {
    const header = Buffer.concat([FORMAT, randomBytes(SALT_BYTES)]);
    return sealBytes(this.#keyEncryptionKey(header), header, dataKey);
  }

  unwrap(wrapped: Buffer): Buffer {
    const header = Buffer.concat([FORMAT, wrapped.subarray(FORMAT.length, FORMAT.length + SALT_BYTES)]);
    const dataKey = openBytes(this.#keyEncryptionKey(header), header, wrapped);
    if (!dataKey) {
      throw wrongKeyError(this.describe(), 'Set CREWSHIP_MASTER_KEY to the master key that created this vault.');
    }
    return dataKey;
  }

  #keyEncryptionKey(header: Buffer): Buffer {
    const salt = header.subarray(FORMAT.length);
    return scryptSync(this.#masterKey, salt, KEY_BYTES, SCRYPT);
  }
}
