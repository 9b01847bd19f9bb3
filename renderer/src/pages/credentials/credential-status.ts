import type { Credential } from '../../api/credentials.ts';

type StatusTone = 'ok' | 'warning' | 'danger' | 'muted';

export interface StatusView {
  label: string;
  tone: StatusTone;
  /** A sentence for the tooltip and screen readers. */
  detail: string;
}

/** Tokens this close to expiry are shown as "expiring"; the core refreshes them before they lapse. */
const EXPIRING_WITHIN_MS = 15 * 60 * 1000;

/** damaged, connected, expiring in N min, expired, needs re-authorization, never connected, disconnected. */
export function credentialStatus(credential: Credential, now: number): StatusView {
  if (credential.damaged) return { label: 'Damaged', tone: 'danger', detail: `${credential.damaged.message} ${credential.damaged.hint}` };
  switch (credential.status) {
    case 'needs_reauth':
      return { label: 'Needs re-authorization', tone: 'danger', detail: `The provider refused a refresh: ${credential.reauthReason ?? 'no reason given'}.` };
    case 'never_connected':
      return { label: 'Never connected', tone: 'muted', detail: 'Connect it to get tokens.' };
    case 'disconnected':
      return { label: 'Disconnected', tone: 'muted', detail: 'Its tokens were revoked or forgotten; connect it again to use it.' };
    case 'connected':
      break;
  }
  if (!credential.expiresAt) return { label: 'Connected', tone: 'ok', detail: 'The provider gave no expiry.' };
  const left = Date.parse(credential.expiresAt) - now;
  if (left <= 0) {
    return { label: 'Expired', tone: 'danger', detail: credential.hasRefreshToken ? 'Refresh it, or test it to see why.' : 'It has no refresh token: connect it again.' };
  }
  if (left <= EXPIRING_WITHIN_MS) {
    const minutes = Math.max(1, Math.round(left / 60_000));
    return {
      label: `Expiring in ${minutes} min`,
      tone: 'warning',
      detail: credential.hasRefreshToken ? 'It is refreshed before it expires while the app runs.' : 'It has no refresh token: connect it again before it expires.',
    };
  }
  return { label: 'Connected', tone: 'ok', detail: `The access token is good until ${new Date(credential.expiresAt).toLocaleString()}.` };
}

/** "9:41" */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
