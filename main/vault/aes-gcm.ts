import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * AES-256-GCM with a fresh IV. The result is `header ‖ iv ‖ tag ‖ ciphertext`, and the header is
 * the additional authenticated data, so whatever the header says about the value cannot be changed.
 */
export function sealBytes(key: Buffer, header: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
}

/**
 * The inverse of sealBytes. The caller passes the header it expects rather than the stored one, so
 * a stored header that differs fails like any other alteration. Undefined when authentication fails:
 * GCM cannot tell a wrong key from altered bytes, so the caller decides which error that is.
 */
export function openBytes(key: Buffer, header: Buffer, sealed: Buffer): Buffer | undefined {
  const ivStart = header.length;
  const tagStart = ivStart + IV_BYTES;
  const bodyStart = tagStart + TAG_BYTES;
  if (sealed.length < bodyStart) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(ivStart, tagStart), { authTagLength: TAG_BYTES });
  decipher.setAAD(header);
  decipher.setAuthTag(sealed.subarray(tagStart, bodyStart));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(bodyStart)), decipher.final()]);
  } catch {
    return undefined;
  }
}
