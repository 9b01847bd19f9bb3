import { afterEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../main/credentials/credential.ts';
import { refreshDueAt } from '../../main/credentials/refresh-due.ts';
import { RefreshScheduler } from '../../main/oauth/refresh-scheduler.ts';

function credential(overrides: Partial<Credential>): Credential {
  const now = new Date().toISOString();
  return {
    id: 'cred_1',
    label: 'One',
    kind: 'oauth2',
    provider: 'custom',
    providerName: 'Local',
    custom: null,
    clientId: 'client',
    clientSecretPreview: null,
    damaged: null,
    requestedScopes: [],
    grantedScopes: [],
    missingScopes: [],
    status: 'connected',
    reauthReason: null,
    hasRefreshToken: true,
    expiresAt: null,
    connectedAt: now,
    refreshedAt: null,
    lastTest: null,
    lastTestPassedAt: null,
    boundServers: [],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

let scheduler: RefreshScheduler | undefined;
afterEach(() => scheduler?.stop());

function schedulerOver(credentials: Credential[], refreshed: string[]) {
  const listeners = new Set<(id: string) => void>();
  scheduler = new RefreshScheduler({
    list: () => credentials,
    get: (id) => credentials.find((c) => c.id === id),
    refresh: async (id) => {
      refreshed.push(id);
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    logInternalError: () => {},
  });
  return { scheduler, changed: (id: string) => listeners.forEach((listener) => listener(id)) };
}

describe('refresh before expiry', () => {
  it('refreshes a fifth of the token’s life before it ends, at most five minutes before', () => {
    const connectedAt = Date.parse('2026-01-01T00:00:00Z');
    const at = (lifetimeMs: number) =>
      refreshDueAt(credential({ connectedAt: new Date(connectedAt).toISOString(), expiresAt: new Date(connectedAt + lifetimeMs).toISOString() }));
    expect(at(60_000)).toBe(connectedAt + 48_000);
    expect(at(3_600_000)).toBe(connectedAt + 3_300_000);
    expect(refreshDueAt(credential({ hasRefreshToken: false, expiresAt: new Date().toISOString() }))).toBeNull();
    expect(refreshDueAt(credential({ status: 'needs_reauth', expiresAt: new Date().toISOString() }))).toBeNull();
    expect(refreshDueAt(credential({ expiresAt: null }))).toBeNull();
  });

  it('refreshes what is due, re-arms on change, and stops with stop()', async () => {
    const refreshed: string[] = [];
    const due = credential({ id: 'due', connectedAt: new Date(Date.now() - 10_000).toISOString(), expiresAt: new Date(Date.now() + 1_000).toISOString() });
    const later = credential({ id: 'later', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const { scheduler, changed } = schedulerOver([due, later], refreshed);
    scheduler.start();
    await expect.poll(() => refreshed).toEqual(['due']);
    changed('due');
    await expect.poll(() => refreshed).toEqual(['due', 'due']);
    scheduler.stop();
    changed('due');
    await new Promise((resolve) => setImmediate(resolve));
    expect(refreshed).toEqual(['due', 'due']);
  });
});
