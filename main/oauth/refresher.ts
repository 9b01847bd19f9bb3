import type { Actor } from '../audit/audit-log.ts';
import type { Credential } from '../credentials/credential.ts';
import type { CredentialsService } from '../credentials/credentials-service.ts';
import { AppError } from '../errors/app-error.ts';
import { describeRefusal, requestTokens, type TokenRefusal } from './token-endpoint.ts';

const LEASE_POLL_MS = 100;

/**
 * Refresh, one at a time per credential. In this process, concurrent callers share one promise
 * (one request to the provider); across processes on the same data directory, a lease in the
 * credentials row does the same, and the loser waits for the winner's result. With rotating
 * refresh tokens this is what keeps a grant alive: two requests with the same refresh token would
 * look like a replay, and the provider would revoke the whole grant.
 */
export class Refresher {
  private readonly credentials: CredentialsService;
  private readonly timeoutMs: number;
  private readonly inflight = new Map<string, Promise<Credential>>();

  constructor(credentials: CredentialsService, timeoutMs: number) {
    this.credentials = credentials;
    this.timeoutMs = timeoutMs;
  }

  refresh(ref: string, actor: Actor): Promise<Credential> {
    const { id } = this.credentials.get(ref);
    const running = this.inflight.get(id);
    if (running) return running;
    const started = this.run(id, actor).finally(() => this.inflight.delete(id));
    this.inflight.set(id, started);
    return started;
  }

  /** Resolves when every refresh under way has stored its result (or failed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
  }

  private async run(id: string, actor: Actor): Promise<Credential> {
    const credential = this.credentials.get(id);
    const provider = this.credentials.provider(credential);
    if (!credential.hasRefreshToken) throw noRefreshToken(credential.label, provider.name);
    // The lease outlives the request by a margin, so a crashed holder frees it soon after.
    if (!this.credentials.claimRefreshLease(id, this.timeoutMs + 5_000)) return this.awaitOtherProcess(id);
    let outcome;
    try {
      const secrets = this.credentials.secrets(id);
      outcome = await requestTokens(
        provider,
        { clientId: credential.clientId, clientSecret: secrets.clientSecret },
        { grant_type: 'refresh_token', refresh_token: secrets.refreshToken as string },
        'the token refresh',
        this.timeoutMs,
      );
    } catch (error) {
      this.credentials.releaseRefreshLease(id);
      throw error;
    }
    if (outcome.ok) {
      this.credentials.storeTokens(id, outcome.tokens, 'refresh', actor);
      return this.credentials.get(id);
    }
    if (isTransient(outcome.refusal)) {
      this.credentials.releaseRefreshLease(id);
      throw new AppError(
        'credential_refresh_failed',
        `${provider.name} could not refresh "${credential.label}" just now: ${describeRefusal(outcome.refusal)}.`,
        'This is on the provider’s side; try again in a minute. The credential is unchanged.',
      );
    }
    const reason = describeRefusal(outcome.refusal);
    this.credentials.markNeedsReauth(id, reason, actor);
    throw new AppError(
      'credential_needs_reauth',
      `${provider.name} refused to refresh "${credential.label}": ${reason}. It needs re-authorization.`,
      `Connect it again (Connect on the Credentials page, or \`crewship credential connect "${credential.label}"\`). The old tokens are kept for the record.`,
    );
  }

  /** Another process holds the lease: wait until it lets go, then answer with what it stored. */
  private async awaitOtherProcess(id: string): Promise<Credential> {
    const deadline = Date.now() + this.timeoutMs + 5_000;
    while (this.credentials.refreshLeaseHeld(id) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    }
    return this.credentials.get(id);
  }
}

/** A refusal that says "later", not "no": the grant may still be good. */
function isTransient(refusal: TokenRefusal): boolean {
  return refusal.status >= 500 || refusal.error === 'server_error' || refusal.error === 'temporarily_unavailable' || refusal.status === 429;
}

function noRefreshToken(label: string, providerName: string): AppError {
  return new AppError(
    'credential_no_refresh_token',
    `"${label}" holds no refresh token, so it cannot be refreshed.`,
    `Connect it again; if ${providerName} issues no refresh token, ask for offline access (for example the offline_access scope).`,
  );
}
