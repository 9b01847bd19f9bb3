import { posix } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads a zip held in memory (an MCPB bundle): its central directory, each entry stored or
 * deflated, its CRC checked. What a hostile archive could do is refused before anything is
 * written: a path that is absolute or climbs out (`../`), more entries or more unpacked bytes than
 * the limits (a zip bomb), encryption, zip64 or a compression method other than store and deflate.
 * A symbolic link is not followed or made: it is refused too.
 */
export interface ZipEntry {
  /** The entry's path, relative, with `/` separators, normalised. */
  path: string;
  data: Buffer;
  /** Whether the archive marks it executable (a bundled binary keeps its x bit). */
  executable: boolean;
}

export interface ZipLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export class ZipError extends Error {}

export function readZip(zip: Buffer, limits: ZipLimits): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError('it is a zip64 archive, which bundles do not need');
  if (count > limits.maxEntries) throw new ZipError(`it holds ${count} entries (at most ${limits.maxEntries})`);
  const entries: ZipEntry[] = [];
  let unpacked = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new ZipError('its central directory is damaged');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const localOffset = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;

    const path = safePath(rawName);
    if (flags & 1) throw new ZipError(`${path} is encrypted`);
    if ((mode & S_IFMT) === S_IFLNK) throw new ZipError(`${path} is a symbolic link`);
    if (rawName.endsWith('/')) continue;
    unpacked += size;
    if (unpacked > limits.maxUnpackedBytes) throw new ZipError(`it unpacks to more than ${limits.maxUnpackedBytes} bytes`);
    const data = entryData(zip, localOffset, method, compressedSize, size, path);
    if (crc32(data) !== crc) throw new ZipError(`${path} does not match its checksum`);
    entries.push({ path, data, executable: (mode & 0o111) !== 0 });
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new ZipError('it is not a zip archive');
}

function safePath(name: string): string {
  if (name.includes('\\') || name.includes('\0') || /^[A-Za-z]:/.test(name) || name.startsWith('/')) throw new ZipError(`the entry "${name}" has a path that is not relative`);
  const path = posix.normalize(name).replace(/\/$/, '');
  if (path === '..' || path.startsWith('../') || path === '.' || path === '') throw new ZipError(`the entry "${name}" points outside the bundle`);
  return path;
}

function entryData(zip: Buffer, offset: number, method: number, compressedSize: number, size: number, path: string): Buffer {
  if (offset + 30 > zip.length || zip.readUInt32LE(offset) !== LOCAL_HEADER) throw new ZipError(`${path}: its local header is damaged`);
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  if (start + compressedSize > zip.length) throw new ZipError(`${path} is cut short`);
  const raw = zip.subarray(start, start + compressedSize);
  if (method === 0) {
    if (compressedSize !== size) throw new ZipError(`${path}: its sizes disagree`);
    return Buffer.from(raw);
  }
  if (method !== 8) throw new ZipError(`${path} uses compression method ${method} (only store and deflate are read)`);
  let data: Buffer;
  try {
    // maxOutputLength: a deflate stream that says it is small cannot unpack to more.
    data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
  } catch {
    throw new ZipError(`${path} does not unpack (damaged, or larger than it says)`);
  }
  if (data.length !== size) throw new ZipError(`${path}: its sizes disagree`);
  return data;
}
