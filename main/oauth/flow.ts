import type { AutoBoundServer } from '../credentials/auto-bind.ts';
import type { RedirectKind } from '../credentials/provider-catalog.ts';
import type { ErrorBody } from '../errors/app-error.ts';

export type FlowStatus = 'waiting' | 'exchanging' | 'connected' | 'failed';

/** One Connect attempt, as the UI and CLI follow it. */
export interface OAuthFlow {
  id: string;
  credentialId: string;
  status: FlowStatus;
  redirectKind: RedirectKind;
  redirectUri: string;
  createdAt: string;
  expiresAt: string;
  finishedAt: string | null;
  /** Why it failed; the operator refusing access is one such reason (`oauth_access_denied`). */
  error: ErrorBody | null;
  grantedScopes: string[] | null;
  missingScopes: string[];
  /** Server configs auto-bound to the credential when this flow connected it. */
  bound: AutoBoundServer[];
}

/** What Connect answers at once; the rest arrives as `oauth.flow` events. */
export interface StartedFlow {
  flow: OAuthFlow;
  /** The provider's authorization page (holds the state and the code challenge, no secret). */
  authorizeUrl: string;
  /** True when the core opened the system browser itself (the desktop app); else the caller opens the URL. */
  openedBrowser: boolean;
}
