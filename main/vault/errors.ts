import { AppError } from '../errors/app-error.ts';
import type { SealedBinding } from './sealed-value.ts';

// Messages name places (tables, rows, files, provider ids), never key material or plaintext.

function where(binding: SealedBinding): string {
  return `${binding.table}.${binding.column} of row "${binding.row}"`;
}

export function masterKeyTooShort(minimumLength: number): AppError {
  return new AppError(
    'vault_master_key_invalid',
    `CREWSHIP_MASTER_KEY is too short: a master key needs at least ${minimumLength} characters.`,
    `Set CREWSHIP_MASTER_KEY to a passphrase of ${minimumLength} or more characters, or unset it to use the key file.`,
  );
}

export function keyFilePermissions(path: string, mode: number): AppError {
  return new AppError(
    'vault_key_file_permissions',
    `The key file ${path} is open to other users (mode ${(mode & 0o777).toString(8).padStart(3, '0')}), so it is not used.`,
    `Run \`chmod 600 ${path}\` so only its owner can read it.`,
  );
}

export function keyFileMissing(path: string): AppError {
  return new AppError(
    'vault_key_file_missing',
    `The vault exists but its key file ${path} does not.`,
    'Restore the key file that created the vault to that path, or set CREWSHIP_KEY_FILE (or CREWSHIP_MASTER_KEY) to the key that created it.',
  );
}

export function keyFileInvalid(path: string): AppError {
  return new AppError(
    'vault_key_file_invalid',
    `The key file ${path} does not hold a key: it must be a file with 32 random bytes in base64.`,
    'Restore the key file that created the vault, or point CREWSHIP_KEY_FILE at it.',
  );
}

export function keyFileUnreadable(path: string, cause: unknown): AppError {
  return new AppError(
    'vault_key_file_unreadable',
    `The key file ${path} could not be read or created.`,
    'Check that the file and its directory belong to the user running Crewship, or set CREWSHIP_KEY_FILE to another path.',
    { cause },
  );
}

export function providerMismatch(storedProviderId: string, currentProviderId: string): AppError {
  return new AppError(
    'vault_provider_mismatch',
    `The vault's data key is wrapped by the "${storedProviderId}" key provider, but this process uses "${currentProviderId}".`,
    `Start Crewship with the "${storedProviderId}" provider ('env': set CREWSHIP_MASTER_KEY; 'key-file': unset CREWSHIP_MASTER_KEY and keep the key file; 'safe-storage': use the desktop app), or rewrap the vault to the new provider from there.`,
  );
}

export function valueMoved(requested: SealedBinding, sealedFor: SealedBinding): AppError {
  return new AppError(
    'vault_value_moved',
    `The secret in ${where(requested)} was sealed for ${where(sealedFor)}: it was copied from another place and is refused.`,
    'Set the secret again (reconnect the credential or re-enter the key); do not copy encrypted values between rows or columns.',
  );
}

export function tampered(binding: SealedBinding): AppError {
  return new AppError(
    'vault_tampered',
    `The secret in ${where(binding)} failed its integrity check: its bytes were altered after sealing.`,
    'Set the secret again (reconnect the credential or re-enter the key), and check what else may have written to the database.',
  );
}

export function unknownKey(binding: SealedBinding, keyId: string): AppError {
  return new AppError(
    'vault_unknown_key',
    `The secret in ${where(binding)} was sealed with data key ${keyId}, which this vault does not have.`,
    'The value comes from another vault or from before a key rotation that did not include its column; set the secret again.',
  );
}

export function malformed(binding: SealedBinding): AppError {
  return new AppError(
    'vault_malformed',
    `The value in ${where(binding)} is not a sealed secret this version of Crewship can read.`,
    'Set the secret again; secret columns must only be written through the vault.',
  );
}

export function bindingInvalid(): AppError {
  return new AppError(
    'vault_binding_invalid',
    'A secret must be sealed for a table, a row and a column, each a non-empty name of at most 65535 bytes.',
    'Pass the table name, the row id and the column name the sealed value will be stored in.',
  );
}

export function sealedColumnInvalid(table: string, idColumn: string, column: string): AppError {
  return new AppError(
    'vault_column_invalid',
    `Cannot register ${table}.${column} (id column ${idColumn}) as a sealed column: the table or one of the columns does not exist, or it is already registered with another id column.`,
    'Register sealed columns after the migrations that create them, with the table\'s primary key as the id column.',
  );
}

export function unregisteredSealedColumns(columns: readonly string[]): AppError {
  return new AppError(
    'vault_unregistered_sealed_column',
    `Key rotation stopped before changing anything: ${columns.join(', ')} hold sealed secrets but are not registered with the vault, so rotating would make them unreadable.`,
    'Register every secret column with vault.registerSealedColumn before rotating the data key.',
  );
}

const DAMAGED_VALUE_CODES: ReadonlySet<string> = new Set(['vault_value_moved', 'vault_tampered', 'vault_unknown_key', 'vault_malformed']);

/**
 * Whether an error from Vault.open is about that one stored value (moved, altered, sealed by
 * another vault, not a sealed value at all) rather than about the vault: the others still open.
 */
export function isDamagedValue(error: unknown): error is AppError {
  return error instanceof AppError && DAMAGED_VALUE_CODES.has(error.code);
}
