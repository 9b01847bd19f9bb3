import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { checkAuthorizationServer, requireSafeUrl } from './auth-checks.ts';
import { chooseResource, consoleClientMetadata } from './client-metadata.ts';
import type { GrantStore } from './grant-store.ts';
import type { RequestLog } from './request-log.ts';
import type { McpAuthStepName } from './types.ts';

export interface SignInProviderDeps {
  store: GrantStore;
  serverName: string;
  /** The loopback listener's redirect URI, port included. */
  redirectUri: string;
  state: string;
  /** The scopes this sign-in asks for: a registration made for fewer is made again (a step-up would be refused under it). */
  scopes: string[];
  log: RequestLog;
  /** The console's Client ID Metadata Document URL, used as its client_id where the authorization server supports it. */
  clientMetadataUrl: string | undefined;
  /** Tells the flow a step ran or ended. */
  onStep(step: McpAuthStepName, detail: string): void;
}

/**
 * The SDK's OAuthClientProvider for one interactive sign-in: the SDK's `auth()` does discovery,
 * registration, PKCE, the authorization URL and the code exchange; this keeps what it finds for
 * the flow, checks each step (the authorization server's metadata, the resource), and stores the
 * registration per issuer. The tokens stay here until the flow stores them with the grant.
 */
export class SignInProvider implements OAuthClientProvider {
  readonly redirectUrl: string;
  readonly clientMetadata: OAuthClientMetadata = consoleClientMetadata();
  readonly clientMetadataUrl: string | undefined;
  discovery: OAuthDiscoveryState | undefined;
  resource: URL | undefined;
  authorizationUrl: URL | undefined;
  receivedTokens: OAuthTokens | undefined;
  private verifier: string | undefined;
  private readonly deps: SignInProviderDeps;

  constructor(deps: SignInProviderDeps) {
    this.deps = deps;
    this.redirectUrl = deps.redirectUri;
    this.clientMetadataUrl = deps.clientMetadataUrl;
  }

  state(): string {
    return this.deps.state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    checkAuthorizationServer(state, this.deps.serverName);
    const first = this.discovery === undefined;
    this.discovery = state;
    if (!first) return;
    this.deps.onStep('discovery', `Authorization server ${state.authorizationServerUrl}`);
    this.deps.log.step = 'registration';
  }

  async validateResourceURL(serverUrl: string | URL, advertised?: string): Promise<URL> {
    this.resource = chooseResource(serverUrl, advertised, this.deps.serverName);
    return this.resource;
  }

  /**
   * The registration with this authorization server, in the spec's order: the one the operator
   * entered (pre-registered), else the one kept from an earlier sign-in (a metadata document URL,
   * or a dynamic registration, made again where it was limited to fewer scopes than asked); none,
   * and the SDK uses the metadata document URL where supported, else registers.
   */
  clientInformation(): OAuthClientInformationMixed | undefined {
    const issuer = this.issuer();
    const stored = issuer ? this.deps.store.client(issuer) : null;
    if (!stored || this.authorizationUrl) return stored?.information;
    if (stored.source === 'dynamic' && !coversScopes(stored.information, this.deps.scopes)) return undefined;
    this.deps.onStep('registration', stored.source === 'pre-registered' ? `Using the pre-registered client ${stored.information.client_id}` : `Reusing the registration as client ${stored.information.client_id}`);
    return stored.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    const issuer = this.issuer();
    if (!issuer) return;
    const stored = this.deps.store.client(issuer);
    // The SDK stamps a registration with its issuer after use: the same client keeps its source.
    const source = stored?.information.client_id === information.client_id ? stored.source : information.client_id === this.clientMetadataUrl ? 'metadata-document' : 'dynamic';
    this.deps.store.saveClient(issuer, source, information);
    if (stored?.information.client_id === information.client_id) return;
    this.deps.onStep(
      'registration',
      source === 'metadata-document' ? `Client ID Metadata Document ${information.client_id} (the authorization server fetches it)` : `Registered as client ${information.client_id} (dynamic client registration)`,
    );
  }

  tokens(): OAuthTokens | undefined {
    return undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.receivedTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    requireSafeUrl(authorizationUrl.toString(), 'authorization page');
    this.authorizationUrl = authorizationUrl;
    this.deps.log.step = 'consent';
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier for this sign-in');
    return this.verifier;
  }

  /** The SDK's answer to invalid_client: a registration the server forgot is registered again. */
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    const issuer = this.issuer();
    // A client the operator entered is theirs to change; only a registration the console made is dropped.
    if ((scope === 'all' || scope === 'client') && issuer && this.deps.store.client(issuer)?.source !== 'pre-registered') this.deps.store.deleteClient(issuer);
    if (scope === 'all' || scope === 'tokens') this.receivedTokens = undefined;
  }

  private issuer(): string | undefined {
    return this.discovery?.authorizationServerUrl;
  }
}

/** A registration limited to a scope (RFC 7591 §2) covers a sign-in only if it names every scope asked for. */
function coversScopes(information: OAuthClientInformationMixed, scopes: string[]): boolean {
  const registered = (information as { scope?: unknown }).scope;
  if (typeof registered !== 'string') return true;
  const allowed = new Set(registered.split(' '));
  return scopes.every((scope) => allowed.has(scope));
}
