import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { KEY_BYTES, openBytes, sealBytes } from './aes-gcm.ts';
import { keyFileInvalid, keyFileMissing, keyFilePermissions, keyFileUnreadable } from './errors.ts';
import { wrongKeyError, type KeyProvider } from './key-provider.ts';

export const KEY_FILE_NAME = 'master.key';

const HEADER = Buffer.from('cwk:key-file:1:', 'ascii');
const GROUP_OR_OTHER = 0o077;

/**
 * Wraps the data key under 32 random bytes kept in a file only its owner may read. The file is
 * made when the first data key is wrapped; unwrapping never makes one, because a new key could
 * not open the existing vault.
 */
export class KeyFileProvider implements KeyProvider {
  readonly id = 'key-file';
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  describe(): string {
    return `key file ${this.path}`;
  }

  wrap(dataKey: Buffer): Buffer {
    return sealBytes(readKeyFile(this.path) ?? createKeyFile(this.path), HEADER, dataKey);
  }

  unwrap(wrapped: Buffer): Buffer {
    const keyEncryptionKey = readKeyFile(this.path);
    if (!keyEncryptionKey) throw keyFileMissing(this.path);
    const dataKey = openBytes(keyEncryptionKey, HEADER, wrapped);
    if (!dataKey) {
      throw wrongKeyError(this.describe(), 'Restore the key file that created this vault, or point CREWSHIP_KEY_FILE at it.');
    }
    return dataKey;
  }
}

/** The key in the file, or undefined when there is no file. Checks the mode on the open descriptor, so the file checked is the file read. */
function readKeyFile(path: string): Buffer | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw keyFileUnreadable(path, error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw keyFileInvalid(path);
    // Windows has no POSIX modes to check; its files are guarded by ACLs instead.
    if (process.platform !== 'win32' && (stats.mode & GROUP_OR_OTHER) !== 0) throw keyFilePermissions(path, stats.mode);
    return decodeKey(readFileSync(descriptor, 'utf8'), path);
  } catch (error) {
    throw error instanceof AppError ? error : keyFileUnreadable(path, error);
  } finally {
    closeSync(descriptor);
  }
}

function decodeKey(text: string, path: string): Buffer {
  const encoded = text.trim();
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== encoded) throw keyFileInvalid(path);
  return key;
}

/**
 * Writes the key to a private temporary file and hard-links it into place: the link fails if
 * another process got there first (then its key wins), and nobody ever sees a half-written file.
 */
function createKeyFile(path: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    linkSync(temporary, path);
    return key;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return readKeyFile(path) ?? createKeyFile(path);
    throw keyFileUnreadable(path, error);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
