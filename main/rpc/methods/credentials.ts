import { z } from 'zod';
import type { AutoBoundServer } from '../../credentials/auto-bind.ts';
import type { ConnectionTestResult, Credential, DisconnectResult } from '../../credentials/credential.ts';
import { customProviderInput, redirectKinds, type OAuthProvider } from '../../credentials/provider-catalog.ts';
import type { OAuthFlow, StartedFlow } from '../../oauth/flow.ts';
import { displayName, method, noInput, reference } from '../method.ts';

const credential = reference;
const scope = z.string().trim().min(1).max(256).regex(/^[^\s]+$/, 'a scope has no spaces (give several scopes as a list)');
const flow = z.string().trim().regex(/^flow_[A-Za-z0-9]{1,40}$/, 'a flow id looks like flow_…');

export const credentialMethods = {
  'credentials.providers': method<readonly OAuthProvider[]>()(noInput, 'The OAuth providers in the catalog, with their endpoints and what they support.'),
  'credentials.list': method<Credential[]>()(noInput, 'List the credentials: provider, status, granted scopes, last test (never a secret).'),
  'credentials.get': method<Credential>()(z.object({ credential }).strict(), 'One credential by id or label.'),
  'credentials.create': method<{ credential: Credential; bound: AutoBoundServer[] }>()(
    z
      .object({
        provider: z.string().trim().min(1, 'a provider is required').max(40),
        label: displayName.optional(),
        clientId: z.string().trim().min(1, 'a client ID is required').max(512),
        clientSecret: z.string().trim().min(1).max(4096).optional(),
        scopes: z.array(scope).max(100).optional(),
        custom: customProviderInput.optional(),
      })
      .strict(),
    'Create an OAuth2 credential (the client secret is sealed at once); its provider’s MCP servers are auto-bound to it.',
  ),
  'credentials.update': method<Credential>()(
    z
      .object({ credential, label: displayName.optional(), clientSecret: z.string().trim().min(1).max(4096).optional(), scopes: z.array(scope).max(100).optional() })
      .strict(),
    'Change a credential’s label, client secret (after a rotation) or the scopes the next Connect asks for.',
  ),
  'credentials.connect': method<StartedFlow>()(
    z.object({ credential, redirect: z.enum(redirectKinds).optional() }).strict(),
    'Start the authorization code + PKCE flow; progress arrives as oauth.flow events.',
  ),
  'credentials.flow': method<OAuthFlow>()(z.object({ flow }).strict(), 'One connect attempt: waiting, exchanging, connected or failed (and why).'),
  'credentials.cancelConnect': method<OAuthFlow>()(z.object({ flow }).strict(), 'Stop a connect attempt that is still waiting for the browser.'),
  'credentials.test': method<ConnectionTestResult>()(
    z.object({ credential }).strict(),
    'Check the credential at its provider: client, expiry, token, scopes; says exactly what is wrong.',
  ),
  'credentials.refresh': method<Credential>()(z.object({ credential }).strict(), 'Refresh the access token now (one refresh at a time per credential).'),
  'credentials.revoke': method<DisconnectResult>()(
    z.object({ credential }).strict(),
    'Disconnect: revoke the grant at the provider where it supports revocation, and forget the tokens.',
  ),
  'credentials.delete': method<{ id: string }>()(z.object({ credential }).strict(), 'Delete a credential and everything sealed with it.'),
} as const;
