import { IV_BYTES, TAG_BYTES } from './aes-gcm.ts';
import { bindingInvalid, malformed } from './errors.ts';

/** Where a sealed value lives. `row` is the row's id column value as text. */
export interface SealedBinding {
  table: string;
  row: string;
  column: string;
}

export interface DecodedSealed {
  sealed: Buffer;
  /** The exact header bytes: the additional authenticated data of the seal. */
  header: Buffer;
  keyId: string;
  binding: SealedBinding;
}

/*
 * A sealed value is `header ‖ iv(12) ‖ tag(16) ‖ ciphertext`; the header is
 *   "CWSV" ‖ version(1) ‖ keyId(u8 length + utf8) ‖ table, row, column (each u16 length + utf8).
 * Keeping the binding in the header lets `open` tell a value copied elsewhere from altered bytes.
 */
const MAGIC = Buffer.from('CWSV', 'ascii');
const FORMAT_VERSION = 1;
/** Every sealed value starts with these bytes; rotation uses them to find sealed values in the database. */
export const SEALED_PREFIX = Buffer.concat([MAGIC, Buffer.of(FORMAT_VERSION)]);

const MAX_BINDING_FIELD_BYTES = 0xffff;

export function encodeHeader(keyId: string, binding: SealedBinding): Buffer {
  const fields = [binding.table, binding.row, binding.column].map((field) => Buffer.from(field, 'utf8'));
  if (fields.some((field) => field.length === 0 || field.length > MAX_BINDING_FIELD_BYTES)) throw bindingInvalid();
  // Key ids are UUIDs the vault makes itself (36 bytes), so one length byte is enough.
  const keyIdBytes = Buffer.from(keyId, 'utf8');
  return Buffer.concat([
    SEALED_PREFIX,
    Buffer.of(keyIdBytes.length),
    keyIdBytes,
    ...fields.flatMap((field) => [u16(field.length), field]),
  ]);
}

/** Splits a sealed value read for `requested`; `vault_malformed` when it is not one. */
export function decodeSealed(requested: SealedBinding, sealed: unknown): DecodedSealed {
  if (!Buffer.isBuffer(sealed) || !sealed.subarray(0, SEALED_PREFIX.length).equals(SEALED_PREFIX)) throw malformed(requested);
  let offset = SEALED_PREFIX.length;
  const readField = (lengthBytes: 1 | 2): string => {
    if (offset + lengthBytes > sealed.length) throw malformed(requested);
    const length = lengthBytes === 1 ? sealed.readUInt8(offset) : sealed.readUInt16BE(offset);
    const start = offset + lengthBytes;
    if (start + length > sealed.length) throw malformed(requested);
    offset = start + length;
    return sealed.toString('utf8', start, offset);
  };
  const keyId = readField(1);
  const binding = { table: readField(2), row: readField(2), column: readField(2) };
  if (sealed.length < offset + IV_BYTES + TAG_BYTES) throw malformed(requested);
  return { sealed, header: sealed.subarray(0, offset), keyId, binding };
}

export function sameBinding(a: SealedBinding, b: SealedBinding): boolean {
  return a.table === b.table && a.row === b.row && a.column === b.column;
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
