import { AppError } from '../errors/app-error.ts';

/**
 * Wraps the vault's 32-byte data key with a key the vault never stores: a master key, a key file,
 * or Electron's safeStorage. Implementations hold their key material in private fields only, so it
 * never shows in logs, `inspect` output or JSON.
 */
export interface KeyProvider {
  /** Stored beside the wrapped key: 'env', 'key-file', 'safe-storage'. */
  readonly id: string;
  /** For people (`crewship doctor`): where the key comes from, never the key. */
  describe(): string;
  wrap(dataKey: Buffer): Buffer;
  /** Throws `vault_wrong_key` (see wrongKeyError) when this provider's key did not wrap the blob. */
  unwrap(wrapped: Buffer): Buffer;
  /**
   * False for a blob this provider still unwraps but would no longer wrap that way (the master key
   * wrapped with scrypt before HKDF): the vault then wraps the data key again. Absent: always current.
   */
  isCurrentWrapping?(wrapped: Buffer): boolean;
}

/** The one error every provider throws when its key cannot unwrap the stored data key. */
export function wrongKeyError(providerDescription: string, hint: string): AppError {
  return new AppError(
    'vault_wrong_key',
    `The vault's data key could not be unwrapped with the ${providerDescription}: it is not the key that created this vault, or the stored key is damaged. Nothing was changed.`,
    hint,
  );
}
