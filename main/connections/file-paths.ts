import { AppError } from '../errors/app-error.ts';

/** A name (one segment) the file system takes on every platform the console runs on. */
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 1024;
/** Where a write is staged before it is renamed into place; never a shared file's own name. */
export const TEMP_PREFIX = '.crewship-tmp-';

/**
 * The segments of a shared file's path relative to its connection's folder, or a coded refusal:
 * nothing empty, no NUL byte, nothing absolute (`/x`, `\x`, `C:x`), no backslash, no `..`, no
 * name over 255 bytes nor a path over 1024, and not the console's own temporary names. `.` and
 * doubled slashes are dropped (`a/./b//c` is `a/b/c`).
 */
export function sharedFileSegments(path: string): string[] {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  if (path.includes('\0')) throw invalidPath(`The path ${shown} contains a NUL byte.`, 'Name the file with printable characters only.');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    throw invalidPath(`The path ${shown} is absolute.`, 'Give the path relative to the connection’s shared folder, e.g. `notes/plan.md`.');
  }
  if (path.includes('\\')) throw invalidPath(`The path ${shown} contains a backslash.`, 'Separate folders with forward slashes, e.g. `notes/plan.md`.');
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw invalidPath('The path is empty.', 'Name the file, e.g. `notes/plan.md`.');
  if (segments.includes('..')) {
    throw invalidPath(`The path ${shown} goes up a folder with "..".`, 'Shared files stay inside the connection’s folder: give a path without "..".');
  }
  if (segments.some((segment) => segment.startsWith(TEMP_PREFIX))) {
    throw invalidPath(`The path ${shown} uses the console’s reserved prefix "${TEMP_PREFIX}".`, 'Choose another name.');
  }
  const longest = Math.max(...segments.map((segment) => Buffer.byteLength(segment)));
  if (longest > MAX_SEGMENT_BYTES || Buffer.byteLength(segments.join('/')) > MAX_PATH_BYTES) {
    throw new AppError(
      'connection_path_too_long',
      `The path ${shown} is too long.`,
      `Keep each name to ${MAX_SEGMENT_BYTES} bytes and the whole path to ${MAX_PATH_BYTES}.`,
    );
  }
  return segments;
}

function invalidPath(message: string, hint: string): AppError {
  return new AppError('connection_path_invalid', message, hint);
}

export function pathEscapes(path: string): AppError {
  return new AppError(
    'connection_path_escapes',
    `The path "${path.slice(0, 120)}" leads outside the connection’s shared folder (through a symbolic link).`,
    'Shared files stay inside the connection’s folder; remove the link or choose another path.',
  );
}
