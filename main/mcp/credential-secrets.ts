import type { Credential } from '../credentials/credential.ts';
import type { CredentialsService } from '../credentials/credentials-service.ts';
import { refreshDueAt } from '../credentials/refresh-due.ts';
import { AppError } from '../errors/app-error.ts';

/** What a bound credential gives one connection: its token, and (for basic) the user name. */
export interface CredentialSecret {
  token: string;
  username: string | null;
}

/**
 * Where connections get a bound credential's secret, always fresh: an OAuth access token that is
 * due for refresh (or expired) is refreshed first, through the OAuth domain, which shares one
 * refresh per credential across callers and processes.
 */
export interface CredentialSecretSource {
  current(credentialId: string): Promise<CredentialSecret>;
  /** After a server refused `refusedToken`: a renewed secret, or null when there is none to be had. */
  renew(credentialId: string, refusedToken: string): Promise<CredentialSecret | null>;
  /** The token stored now, as it is (no refresh); null when there is none. */
  held(credentialId: string): string | null;
}

export function credentialSecretSource(
  credentials: CredentialsService,
  refresh: (credentialId: string) => Promise<unknown>,
): CredentialSecretSource {
  const read = (credentialId: string): CredentialSecret => readSecret(credentials, credentials.get(credentialId));

  return {
    async current(credentialId) {
      const credential = credentials.get(credentialId);
      if (credential.status === 'needs_reauth') throw needsReauth(credential);
      const expired = credential.expiresAt !== null && Date.parse(credential.expiresAt) <= Date.now();
      const due = refreshDueAt(credential);
      if (due === null || due > Date.now()) {
        if (expired) throw expiredWithoutRefresh(credential);
        return readSecret(credentials, credential);
      }
      try {
        await refresh(credential.id);
      } catch (error) {
        // A token that is still valid serves this connect; the failed refresh is the credential's to report.
        if (expired) throw error;
      }
      return read(credential.id);
    },

    async renew(credentialId, refusedToken) {
      const held = read(credentialId);
      // Another request has renewed it since this one was refused.
      if (held.token !== refusedToken) return held;
      if (!credentials.get(credentialId).hasRefreshToken) return null;
      try {
        await refresh(credentialId);
      } catch {
        return null;
      }
      const renewed = read(credentialId);
      return renewed.token === refusedToken ? null : renewed;
    },

    held(credentialId) {
      const credential = credentials.find(credentialId);
      return credential ? tokenOf(credentials, credential) : null;
    },
  };
}

/** The access token of a connected OAuth credential, else its client secret (an API key). */
function tokenOf(credentials: CredentialsService, credential: Credential): string | null {
  const secrets = credentials.secrets(credential.id);
  return secrets.accessToken ?? secrets.clientSecret;
}

function readSecret(credentials: CredentialsService, credential: Credential): CredentialSecret {
  const token = tokenOf(credentials, credential);
  if (!token) {
    throw new AppError(
      'credential_has_no_secret',
      `The credential "${credential.label}" holds no token yet.`,
      'Connect it (complete its OAuth flow), then connect the server again.',
    );
  }
  return { token, username: credential.clientId };
}

function needsReauth(credential: Credential): AppError {
  return new AppError(
    'credential_needs_reauth',
    `The credential "${credential.label}" needs re-authorization${credential.reauthReason ? `: ${credential.reauthReason}` : ''}.`,
    `Connect it again (Connect on the Credentials page, or \`crewship credential connect "${credential.label}"\`), then connect the server again.`,
  );
}

function expiredWithoutRefresh(credential: Credential): AppError {
  return new AppError(
    'credential_token_expired',
    `The access token of "${credential.label}" expired at ${credential.expiresAt}${credential.hasRefreshToken ? '' : ', and the credential holds no refresh token'}.`,
    `Connect it again (\`crewship credential connect "${credential.label}"\`); ask for offline access if the provider offers it, so that it can refresh.`,
  );
}
