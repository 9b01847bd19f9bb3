import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1 and §7.1: 32 random octets, base64url, which is 43 characters. */
export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2, method S256: BASE64URL(SHA-256(ASCII(code_verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh, unguessable state for one flow (RFC 6749 §10.12). */
export function newState(): string {
  return randomBytes(32).toString('base64url');
}

/** The state is stored only as its hash: the database never holds one that could be replayed. */
export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('base64url');
}
