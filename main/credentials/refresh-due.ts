import type { Credential } from './credential.ts';

/** Longest lead before expiry; shorter-lived tokens are due when a fifth of their life is left. */
const MAX_LEAD_MS = 5 * 60 * 1000;

/**
 * When a credential's access token is due for refresh (ms since the epoch), or null when it
 * cannot be refreshed or never expires. The background scheduler refreshes at this time, and a
 * connection about to use a token past it refreshes first: one notion of "due" for both.
 */
export function refreshDueAt(credential: Credential): number | null {
  if (credential.status !== 'connected' || !credential.hasRefreshToken || !credential.expiresAt) return null;
  const expiresAt = Date.parse(credential.expiresAt);
  const since = Date.parse(credential.refreshedAt ?? credential.connectedAt ?? credential.updatedAt);
  const lifetime = expiresAt - since;
  const lead = Number.isFinite(lifetime) && lifetime > 0 ? Math.min(MAX_LEAD_MS, lifetime / 5) : MAX_LEAD_MS;
  return expiresAt - lead;
}
