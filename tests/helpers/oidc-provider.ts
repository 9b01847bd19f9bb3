import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OAuth 2.0 authorization server (oidc-provider 9) on 127.0.0.1 at a free port, for tests:
 * a public native client with PKCE required and rotating refresh tokens, a confidential client,
 * login and consent pages (any login and password is accepted), userinfo, introspection and
 * revocation. `fault` makes its token endpoint misbehave; `grants` records every token grant.
 */
export const PUBLIC_CLIENT_ID = 'crewship-desktop';
export const CONFIDENTIAL_CLIENT_ID = 'crewship-confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'cs_confidential-client-secret-4711';
const SCOPES = ['openid', 'offline_access', 'mcp:tools', 'mcp:admin'];

type TokenFault = 'hang' | 'html' | 'no-access-token' | null;

export interface LocalAuthServer {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  introspectionUrl: string;
  revocationUrl: string;
  /** What the token endpoint does instead of answering properly; null for a well-behaved server. */
  fault: TokenFault;
  /** grant_type of every token request the server handled, successful or not. */
  grants: Array<{ grantType: string; ok: boolean; error?: string }>;
  /** Plays the person in the browser: signs in, then approves (or declines) on the consent page. Returns where the server redirected. */
  approve(authorizeUrl: string, options?: { decline?: boolean }): Promise<string>;
  /** Posts a token request as another client would (a thief replaying a token). */
  tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface LocalAuthServerOptions {
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /**
   * false: the server behaves as one from before RFC 9207 — its metadata does not advertise
   * authorization_response_iss_parameter_supported and its authorization responses carry no `iss`.
   */
  issParameter?: boolean;
}

export async function startLocalAuthServer(options: LocalAuthServerOptions = {}): Promise<LocalAuthServer> {
  silenceDevelopmentWarnings();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUris = ['http://127.0.0.1/callback', 'crewship://oauth/callback'];
  const clientBase = { application_type: 'native', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: redirectUris };
  const provider = new Provider(issuer, {
    clients: [
      { ...clientBase, client_id: PUBLIC_CLIENT_ID, token_endpoint_auth_method: 'none' },
      { ...clientBase, client_id: CONFIDENTIAL_CLIENT_ID, client_secret: CONFIDENTIAL_CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' },
    ],
    scopes: SCOPES,
    // Refresh tokens for grants that asked for offline_access, whether or not the consent prompt ran.
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true, allowedPolicy: () => true },
      introspection: { enabled: true, allowedPolicy: () => true },
    },
    ttl: {
      AccessToken: options.accessTokenTtl ?? 3600,
      AuthorizationCode: 600,
      RefreshToken: 24 * 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 24 * 3600,
    },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  if (options.issParameter === false) provider.use(withoutIssParameter);
  const grants: LocalAuthServer['grants'] = [];
  const grantType = (ctx: { oidc: { params?: Record<string, unknown> } }) => String(ctx.oidc.params?.grant_type ?? 'unknown');
  provider.on('grant.success', (ctx) => grants.push({ grantType: grantType(ctx), ok: true }));
  provider.on('grant.error', (ctx, error) => grants.push({ grantType: grantType(ctx), ok: false, error: (error as { error?: string }).error ?? error.message }));

  const handle = provider.callback();
  const fixture: LocalAuthServer = {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    userinfoUrl: `${issuer}/me`,
    introspectionUrl: `${issuer}/token/introspection`,
    revocationUrl: `${issuer}/token/revocation`,
    fault: null,
    grants,
    approve: (authorizeUrl, approveOptions = {}) => playBrowser(issuer, authorizeUrl, approveOptions.decline ?? false),
    tokenRequest: async (form) => {
      const response = await fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams(form) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (fixture.fault && req.method === 'POST' && req.url === '/token') return misbehave(fixture.fault, res);
    handle(req, res);
  });
  return fixture;
}

/** oidc-provider 9 always implements RFC 9207; this takes it out of its metadata and its redirects. */
async function withoutIssParameter(
  ctx: { path: string; body: unknown; response: { get(field: string): string; set(field: string, value: string): void } },
  next: () => Promise<void>,
): Promise<void> {
  await next();
  if (ctx.path.startsWith('/.well-known/') && ctx.body && typeof ctx.body === 'object') {
    delete (ctx.body as Record<string, unknown>).authorization_response_iss_parameter_supported;
  }
  const location = URL.parse(ctx.response.get('location'));
  if (location?.searchParams.has('iss') && (location.searchParams.has('code') || location.searchParams.has('error'))) {
    location.searchParams.delete('iss');
    ctx.response.set('location', location.toString());
  }
}

function misbehave(fault: Exclude<TokenFault, null>, res: ServerResponse): void {
  if (fault === 'hang') return; // never answers; close() ends the connection
  if (fault === 'html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Maintenance</body></html>');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600 }));
}

/** Follows the server's redirects with a cookie jar, submitting the login and consent forms, until it sends the browser away. */
export async function playBrowser(issuer: string, authorizeUrl: string, decline: boolean): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (url: string, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let url = authorizeUrl;
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 12; step += 1) {
    const response = await request(url, form);
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, issuer).toString();
      if (!next.startsWith(`${issuer}/`)) return next;
      url = next;
      continue;
    }
    const page = await response.text();
    const action = /action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`The authorization server showed a page without a form (HTTP ${response.status}): ${page.slice(0, 300)}`);
    if (page.includes('name="login"')) {
      url = new URL(action, issuer).toString();
      form = { prompt: 'login', login: 'operator', password: 'any' };
    } else if (decline) {
      url = new URL(`${new URL(action, issuer).pathname.replace(/\/submit$/, '')}/abort`, issuer).toString();
    } else {
      url = new URL(action, issuer).toString();
      form = { prompt: 'consent' };
    }
  }
  throw new Error('The authorization server kept redirecting without sending the browser back.');
}

let silenced = false;

/** oidc-provider announces its development defaults (in-memory adapter, dev keys…) on every start: keep test output clean. */
export function silenceDevelopmentWarnings(): void {
  if (silenced) return;
  silenced = true;
  for (const level of ['warn', 'info'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')) return;
      original(...args);
    };
  }
}
