import { expect, it } from 'vitest';
import type { Credential } from '../../main/credentials/credential.ts';
import { clock, credentialStatus } from '../../renderer/src/pages/credentials/credential-status.ts';

const now = Date.parse('2026-05-01T12:00:00Z');
const base = { status: 'connected', expiresAt: null, hasRefreshToken: true, reauthReason: null } as unknown as Credential;
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

it('shows connected, expiring in N min, expired, needs re-authorization, never connected and disconnected', () => {
  const status = (patch: Partial<Credential>) => credentialStatus({ ...base, ...patch }, now);
  expect(status({ expiresAt: at(60) })).toMatchObject({ label: 'Connected', tone: 'ok' });
  expect(status({ expiresAt: null })).toMatchObject({ label: 'Connected', tone: 'ok' });
  expect(status({ expiresAt: at(9.6) })).toMatchObject({ label: 'Expiring in 10 min', tone: 'warning' });
  expect(status({ expiresAt: at(0.2) })).toMatchObject({ label: 'Expiring in 1 min' });
  expect(status({ expiresAt: at(-1) })).toMatchObject({ label: 'Expired', tone: 'danger' });
  expect(status({ status: 'needs_reauth', reauthReason: 'invalid_grant (grant request is invalid)' })).toEqual({
    label: 'Needs re-authorization',
    tone: 'danger',
    detail: 'The provider refused a refresh: invalid_grant (grant request is invalid).',
  });
  expect(status({ status: 'never_connected' })).toMatchObject({ label: 'Never connected', tone: 'muted' });
  expect(status({ status: 'disconnected' })).toMatchObject({ label: 'Disconnected', tone: 'muted' });
});

it('shows a damaged credential as damaged whatever its status, with the reason and the repair', () => {
  const damaged = { column: 'client_secret', code: 'vault_value_moved', message: 'The secret in credentials.client_secret of row "b" was sealed for … row "a".', hint: 'Enter the client secret again.' } as const;
  expect(credentialStatus({ ...base, expiresAt: at(60), damaged }, now)).toEqual({
    label: 'Damaged',
    tone: 'danger',
    detail: 'The secret in credentials.client_secret of row "b" was sealed for … row "a". Enter the client secret again.',
  });
});

it('counts down in minutes and seconds', () => {
  expect(clock(600_000)).toBe('10:00');
  expect(clock(65_400)).toBe('1:05');
  expect(clock(-5)).toBe('0:00');
});
