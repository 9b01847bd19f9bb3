import { describe, expect, it } from 'vitest';
import { catalogProvider, customProvider, endpointUrl, providerCatalog } from '../../main/credentials/provider-catalog.ts';

describe('the provider catalog (resources/oauth-providers.json)', () => {
  it('holds the documentation’s table: provider, authorize URL and default scopes', () => {
    const table = Object.fromEntries(providerCatalog().map((provider) => [provider.id, [new URL(provider.authorizeUrl).host + new URL(provider.authorizeUrl).pathname, provider.defaultScopes]]));
    expect(table).toEqual({
      google: ['accounts.google.com/o/oauth2/v2/auth', ['https://www.googleapis.com/auth/gmail.modify', 'https://www.googleapis.com/auth/calendar', 'https://www.googleapis.com/auth/drive']],
      slack: ['slack.com/oauth/v2/authorize', ['channels:read', 'chat:write']],
      github: ['github.com/login/oauth/authorize', ['repo', 'user']],
      microsoft: ['login.microsoftonline.com/common/oauth2/v2.0/authorize', ['offline_access', 'https://graph.microsoft.com/Mail.ReadWrite', 'https://graph.microsoft.com/Calendars.ReadWrite']],
      linear: ['linear.app/oauth/authorize', ['read', 'write']],
      gitlab: ['gitlab.com/oauth/authorize', ['api', 'read_user']],
      cloudflare: ['dash.cloudflare.com/oauth2/authorize', []],
      stripe: ['connect.stripe.com/oauth/authorize', ['read_write']],
      notion: ['api.notion.com/v1/oauth/authorize', []],
    });
  });

  it('says per provider whether PKCE works, whether a secret is needed, which redirects it takes and how to check a token', () => {
    expect(catalogProvider('google')).toMatchObject({ pkce: true, clientSecretRequired: true, redirectKinds: ['loopback'], check: { kind: 'form' }, revocationUrl: 'https://oauth2.googleapis.com/revoke' });
    expect(catalogProvider('stripe')).toMatchObject({ pkce: false, clientSecretRequired: true });
    expect(catalogProvider('slack')).toMatchObject({ clientSecretRequired: false, scopeSeparator: ',', check: { kind: 'bearer', okField: 'ok' } });
    expect(catalogProvider('linear').check).toBeNull();
    for (const provider of providerCatalog()) {
      expect(provider.tokenUrl).toMatch(/^https:\/\//);
      expect(provider.redirectKinds.length).toBeGreaterThan(0);
      expect(provider.custom).toBe(false);
    }
  });

  it('accepts https endpoints, and plain http only on this machine', () => {
    expect(endpointUrl.safeParse('https://auth.example.com/token').success).toBe(true);
    expect(endpointUrl.safeParse('http://127.0.0.1:4000/token').success).toBe(true);
    expect(endpointUrl.safeParse('http://localhost/token').success).toBe(true);
    expect(endpointUrl.safeParse('http://auth.example.com/token').success).toBe(false);
    expect(endpointUrl.safeParse('https://user:pw@auth.example.com/token').success).toBe(false);
    expect(endpointUrl.safeParse('javascript:alert(1)').success).toBe(false);
  });

  it('makes a custom provider from its endpoints: introspection over userinfo for the token check', () => {
    const base = { name: 'Acme', authorizeUrl: 'https://id.acme.test/authorize', tokenUrl: 'https://id.acme.test/token' };
    expect(customProvider(base)).toMatchObject({ id: 'custom', name: 'Acme', pkce: true, redirectKinds: ['loopback', 'deep-link'], check: null, custom: true });
    expect(customProvider({ ...base, userinfoUrl: 'https://id.acme.test/me' }).check).toEqual({ kind: 'bearer', url: 'https://id.acme.test/me' });
    expect(customProvider({ ...base, userinfoUrl: 'https://id.acme.test/me', introspectionUrl: 'https://id.acme.test/introspect' }).check).toEqual({
      kind: 'introspection',
      url: 'https://id.acme.test/introspect',
    });
  });
});
