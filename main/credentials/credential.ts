import type { AutoBoundServer } from './auto-bind.ts';
import type { CustomProviderConfig } from './provider-catalog.ts';

/**
 * never_connected: created, no tokens yet. connected: tokens held. needs_reauth: the provider
 * refused a refresh (the tokens are kept, for the record). disconnected: tokens revoked or forgotten.
 */
export type CredentialStatus = 'never_connected' | 'connected' | 'needs_reauth' | 'disconnected';

/** What "Test connection" can find wrong, in the operator's terms. */
export type ConnectionProblem =
  | 'never_connected'
  | 'needs_reauth'
  | 'expired'
  | 'revoked'
  | 'insufficient_scope'
  | 'invalid_client'
  | 'unreachable';

export interface ConnectionCheck {
  name: 'tokens' | 'client' | 'expiry' | 'token' | 'scopes';
  /** null: not run (an earlier check already failed, or the provider offers no way to run it). */
  ok: boolean | null;
  detail: string;
}

export interface ConnectionTestResult {
  at: string;
  ok: boolean;
  problem: ConnectionProblem | null;
  message: string;
  hint: string;
  checks: ConnectionCheck[];
}

/** A sealed column of the credential that does not open (see isDamagedValue): why, and how to repair it. */
export interface CredentialDamage {
  column: 'client_secret' | 'access_token' | 'refresh_token';
  code: string;
  message: string;
  hint: string;
}

/** A credential as every door sees it: metadata and a masked preview, never a secret. */
export interface Credential {
  id: string;
  label: string;
  kind: 'oauth2';
  /** A catalog provider's id, or "custom". */
  provider: string;
  providerName: string;
  /** A custom provider's endpoints; null for catalog providers. */
  custom: CustomProviderConfig | null;
  clientId: string;
  /** The masked preview (`cs_…9f3c`), or null for a public client (or a damaged secret). */
  clientSecretPreview: string | null;
  /** The first sealed column that does not open; null when every one does. The other columns stay usable. */
  damaged: CredentialDamage | null;
  requestedScopes: string[];
  /** null until connected. */
  grantedScopes: string[] | null;
  /** Requested scopes the provider did not grant. */
  missingScopes: string[];
  status: CredentialStatus;
  /** The provider's words when it refused a refresh. */
  reauthReason: string | null;
  hasRefreshToken: boolean;
  expiresAt: string | null;
  connectedAt: string | null;
  refreshedAt: string | null;
  lastTest: ConnectionTestResult | null;
  lastTestPassedAt: string | null;
  /** Server configs that reference this credential (auto-bind). */
  boundServers: AutoBoundServer[];
  createdAt: string;
  updatedAt: string;
}

export interface DisconnectResult {
  credential: Credential;
  /** Whether the provider was asked to revoke, and what it said. */
  revokedAtProvider: boolean;
  detail: string;
}

/** A token endpoint's good answer, as the console stores it. */
export interface TokenSet {
  accessToken: string;
  /** null when the server issued none (or, on refresh, did not rotate it). */
  refreshToken: string | null;
  expiresAt: string | null;
  /** null when the server did not say, which RFC 6749 §5.1 defines as "as requested". */
  grantedScopes: string[] | null;
  idTokenIssued: boolean;
}
