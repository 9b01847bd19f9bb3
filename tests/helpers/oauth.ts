import type { Core } from '../../main/app/core.ts';
import type { Credential } from '../../main/credentials/credential.ts';
import type { OAuthFlow, StartedFlow } from '../../main/oauth/flow.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { callOk } from './core.ts';
import { PUBLIC_CLIENT_ID, type LocalAuthServer } from './oidc-provider.ts';

/** A credential for the local authorization server, created through the contract like any door would. */
export async function createLocalCredential(
  core: Core,
  server: LocalAuthServer,
  options: { label?: string; scopes?: string[]; clientId?: string; clientSecret?: string; check?: 'userinfo' | 'introspection' } = {},
): Promise<Credential> {
  const check = options.check ?? 'userinfo';
  const { credential } = await callOk(
    core,
    'credentials.create',
    {
      provider: 'custom',
      label: options.label ?? 'Local AS',
      clientId: options.clientId ?? PUBLIC_CLIENT_ID,
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      scopes: options.scopes ?? ['openid', 'offline_access', 'mcp:tools'],
      custom: {
        name: 'Local AS',
        authorizeUrl: server.authorizeUrl,
        tokenUrl: server.tokenUrl,
        ...(check === 'userinfo' ? { userinfoUrl: server.userinfoUrl } : { introspectionUrl: server.introspectionUrl }),
        revocationUrl: server.revocationUrl,
        issuer: server.issuer,
      },
    },
    'cli',
  );
  return credential;
}

export function startConnect(core: Core, credential: string, redirect?: 'loopback' | 'deep-link'): Promise<StartedFlow> {
  return callOk(core, 'credentials.connect', { credential, ...(redirect ? { redirect } : {}) });
}

/** Connect through the loopback listener, the person approving in the "browser"; resolves with the finished flow. */
export async function connectThroughLoopback(core: Core, server: LocalAuthServer, credential: string): Promise<OAuthFlow> {
  const started = await startConnect(core, credential, 'loopback');
  const callback = await server.approve(started.authorizeUrl);
  await fetch(callback);
  return core.oauth.waitForFlow(started.flow.id);
}

/** Every event the core publishes from now on, in order. */
export function recordEvents(core: Core): AppEvent[] {
  const seen: AppEvent[] = [];
  core.bus.subscribe((event) => seen.push(event));
  return seen;
}

/** Resolves with the first event that matches. */
export function nextEvent<E extends AppEvent>(core: Core, matches: (event: AppEvent) => event is E): Promise<E>;
export function nextEvent(core: Core, matches: (event: AppEvent) => boolean): Promise<AppEvent>;
export function nextEvent(core: Core, matches: (event: AppEvent) => boolean): Promise<AppEvent> {
  return new Promise((resolve) => {
    const unsubscribe = core.bus.subscribe((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}
