import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import type { SharedFile } from './connection.ts';
import { pathEscapes, sharedFileSegments, TEMP_PREFIX } from './file-paths.ts';

/** The default size limit of one shared file; `CREWSHIP_SHARED_FILE_MAX_BYTES` or the core's option changes it. */
export const DEFAULT_MAX_SHARED_FILE_BYTES = 10 * 1024 * 1024;
/** A connection's folder is named by its id; nothing else under connections/ is ever removed. */
const CONNECTION_FOLDER = /^conn_[A-Za-z0-9_-]+$/;
const MAX_LISTED_FILES = 10_000;
const MAX_DEPTH = 32;

/**
 * The shared files of each connection, one folder per connection under the data directory
 * (`<data>/connections/<id>/`). Every path is checked before anything is touched; a symbolic link
 * that leads outside the folder is refused (paths are resolved with realpath, files opened with
 * O_NOFOLLOW). A write goes to a temporary file in the same folder, is fsynced and renamed over
 * the target, so two writers leave one whole version and a reader never sees half a file.
 */
export class SharedFiles {
  readonly maxFileBytes: number;
  private readonly baseDir: string;

  constructor(dataDir: string, maxFileBytes: number) {
    this.baseDir = join(dataDir, 'connections');
    this.maxFileBytes = maxFileBytes;
  }

  /** Refuses what is too large before a byte is decoded or written. */
  requireSize(size: number, path: string): void {
    if (size <= this.maxFileBytes) return;
    throw new AppError(
      'connection_file_too_large',
      `The file "${path.slice(0, 120)}" is ${formatBytes(size)}; a shared file may be at most ${formatBytes(this.maxFileBytes)}.`,
      'Share a smaller file, or raise the limit with CREWSHIP_SHARED_FILE_MAX_BYTES (in bytes) where the console runs.',
    );
  }

  /**
   * Removes the folders of connections that are gone (their crew or workspace was deleted, and the
   * database dropped their rows). `stillExists` is asked right before each removal: a connection's
   * row is there before anything is written to its folder, so a live one is never touched.
   */
  removeFoldersOfDeleted(stillExists: (connectionId: string) => boolean): void {
    let entries: string[];
    try {
      entries = readdirSync(this.baseDir);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw error;
    }
    for (const name of entries) {
      if (!CONNECTION_FOLDER.test(name) || stillExists(name)) continue;
      rmSync(join(this.baseDir, name), { recursive: true, force: true });
    }
  }

  /** Checks the path; throws its refusal. Returns the segments. */
  check(path: string): string[] {
    return sharedFileSegments(path);
  }

  write(connectionId: string, path: string, bytes: Buffer): SharedFile {
    const segments = sharedFileSegments(path);
    this.requireSize(bytes.length, path);
    const root = this.createdRoot(connectionId);
    let dir = root;
    for (const segment of segments.slice(0, -1)) dir = enterFolder(root, dir, segment, path);
    const target = writableTarget(root, join(dir, segments.at(-1) ?? ''), path);
    const temporary = join(dirname(target), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    syncFolder(dirname(target));
    return describe(segments.join('/'), statSync(target));
  }

  read(connectionId: string, path: string): { file: SharedFile; bytes: Buffer } {
    const segments = sharedFileSegments(path);
    const root = this.existingRoot(connectionId);
    const real = root === undefined ? undefined : realInside(root, join(root, ...segments), path);
    if (real === undefined) throw fileNotFound(path);
    let fd: number;
    try {
      fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ELOOP')) throw fileNotFound(path);
      throw error;
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new AppError('connection_path_invalid', `"${path.slice(0, 120)}" is a folder, not a file.`, 'Name a file in it; list them with `crewship crew files <connection>`.');
      this.requireSize(stats.size, path);
      const bytes = Buffer.alloc(stats.size);
      for (let offset = 0; offset < stats.size; ) {
        const read = readSync(fd, bytes, offset, stats.size - offset, offset);
        if (read === 0) break;
        offset += read;
      }
      return { file: describe(segments.join('/'), stats), bytes };
    } finally {
      closeSync(fd);
    }
  }

  /** Every regular file in the folder (links are not followed), by path. */
  list(connectionId: string): SharedFile[] {
    const root = this.existingRoot(connectionId);
    if (root === undefined) return [];
    const files: SharedFile[] = [];
    const walk = (dir: string, prefix: string, depth: number) => {
      if (depth > MAX_DEPTH) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (files.length >= MAX_LISTED_FILES || entry.name.startsWith(TEMP_PREFIX)) continue;
        const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory()) walk(join(dir, entry.name), relative, depth + 1);
        else if (entry.isFile()) files.push(describe(relative, lstatSync(join(dir, entry.name))));
      }
    };
    walk(root, '', 0);
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The folder's real path, made (0700) if it is missing. */
  private createdRoot(connectionId: string): string {
    const folder = join(this.baseDir, connectionId);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return realpathSync(folder);
  }

  /** The folder's real path, or undefined while nothing was shared on the connection. */
  private existingRoot(connectionId: string): string | undefined {
    try {
      return realpathSync(join(this.baseDir, connectionId));
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }
}

/** The real path of `dir/segment`, a folder inside the root, made (0700) if it is missing. */
function enterFolder(root: string, dir: string, segment: string, path: string): string {
  const next = join(dir, segment);
  let stats: Stats;
  try {
    stats = lstatSync(next);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    try {
      mkdirSync(next, { mode: 0o700 });
    } catch (made) {
      // Another writer made it first: it is checked like any folder that exists.
      if (!isCode(made, 'EEXIST')) throw made;
      return enterFolder(root, dir, segment, path);
    }
    return next;
  }
  const real = stats.isSymbolicLink() ? realInside(root, next, path) : next;
  if (real === undefined) throw pathEscapes(path);
  if (!statSync(real).isDirectory()) {
    throw new AppError('connection_path_invalid', `"${segment}" in "${path.slice(0, 120)}" is a file, not a folder.`, 'Choose a path whose folders are not files.');
  }
  return real;
}

/** Where a write lands: the path itself, or a link's target when that stays inside the root. */
function writableTarget(root: string, target: string, path: string): string {
  let stats: Stats;
  try {
    stats = lstatSync(target);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return target;
    throw error;
  }
  if (stats.isDirectory()) throw new AppError('connection_path_invalid', `"${path.slice(0, 120)}" is a folder, not a file.`, 'Give the file a name inside the folder.');
  if (!stats.isSymbolicLink()) return target;
  const real = realInside(root, target, path);
  if (real === undefined) {
    // A link to nothing: where it points decides, and it may not point outside either.
    const pointsTo = resolve(dirname(target), readlinkSync(target));
    if (!isInside(root, pointsTo)) throw pathEscapes(path);
    throw new AppError('connection_path_invalid', `"${path.slice(0, 120)}" is a link to nothing.`, 'Remove the link, or write to the path it should point at.');
  }
  return real;
}

/** The real path of `candidate` when it exists; throws when it resolves outside the root. */
function realInside(root: string, candidate: string, path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
  if (!isInside(root, real)) throw pathEscapes(path);
  return real;
}

function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root + sep);
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function describe(path: string, stats: Stats): SharedFile {
  return { path, size: stats.size, modifiedAt: stats.mtime.toISOString() };
}

function fileNotFound(path: string): AppError {
  return new AppError(
    'connection_file_not_found',
    `There is no shared file "${path.slice(0, 120)}" on this connection.`,
    'List the shared files with `crewship crew files <connection>` (or open the connection on the Crews page).',
  );
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** The limit from the environment (bytes, a positive whole number), or the default. */
export function sharedFileLimitFrom(env: Record<string, string | undefined>): number {
  const value = env.CREWSHIP_SHARED_FILE_MAX_BYTES;
  if (value === undefined || value === '') return DEFAULT_MAX_SHARED_FILE_BYTES;
  const bytes = Number(value);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new AppError(
      'connection_file_limit_invalid',
      `CREWSHIP_SHARED_FILE_MAX_BYTES is "${value.slice(0, 40)}", not a positive whole number of bytes.`,
      `Set it to a number of bytes, e.g. 10485760 for 10 MiB (the default), or unset it.`,
    );
  }
  return bytes;
}
