import { describe, expect, it } from 'vitest';
import { codeChallengeS256, hashState, newCodeVerifier, newState } from '../../main/oauth/pkce.ts';

describe('PKCE (RFC 7636) and state', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 32 random bytes, base64url: 43 unreserved characters, never twice the same', () => {
    const verifiers = Array.from({ length: 200 }, () => newCodeVerifier());
    for (const verifier of verifiers) {
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(verifier, 'base64url')).toHaveLength(32);
    }
    expect(new Set(verifiers).size).toBe(verifiers.length);
  });

  it('makes fresh states, stored only as a hash', () => {
    const states = Array.from({ length: 200 }, () => newState());
    expect(new Set(states).size).toBe(states.length);
    const [state] = states as [string];
    expect(hashState(state)).toBe(hashState(state));
    expect(hashState(state)).not.toBe(state);
    expect(hashState(state)).not.toBe(hashState(`${state}x`));
  });
});
