import { z } from 'zod';
import catalogFile from '../../resources/oauth-providers.json' with { type: 'json' };
import { AppError } from '../errors/app-error.ts';

/**
 * The OAuth providers the console knows (resources/oauth-providers.json, checked here at load), and
 * custom providers: any authorize/token URL pair an operator enters, which is also how tests reach
 * a local authorization server.
 */

export const redirectKinds = ['loopback', 'deep-link'] as const;
export type RedirectKind = (typeof redirectKinds)[number];

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or plain http only to this machine (a local authorization server). */
export const endpointUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    const url = URL.parse(value);
    if (!url || url.username || url.password || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  }, 'an endpoint is an https:// URL (http:// only for 127.0.0.1 or localhost), without user, password or fragment');

const headerMap = z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(512));

const tokenCheck = z.discriminatedUnion('kind', [
  /** GET with the token as a bearer; 2xx passes, 401 means the token is dead, 403 a missing scope. */
  z.object({ kind: z.literal('bearer'), url: endpointUrl, headers: headerMap.optional(), okField: z.string().optional() }).strict(),
  /** POST the token as one form parameter (Google's tokeninfo). */
  z.object({ kind: z.literal('form'), url: endpointUrl, param: z.string().min(1) }).strict(),
  /** RFC 7662 token introspection, authenticated as the client. */
  z.object({ kind: z.literal('introspection'), url: endpointUrl }).strict(),
]);
export type TokenCheck = z.output<typeof tokenCheck>;

const clientAuthMethods = ['client_secret_post', 'client_secret_basic'] as const;
export type ClientAuthMethod = (typeof clientAuthMethods)[number];

const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    name: z.string().min(1).max(80),
    authorizeUrl: endpointUrl,
    tokenUrl: endpointUrl,
    defaultScopes: z.array(z.string().min(1)),
    scopeSeparator: z.enum([' ', ',']),
    pkce: z.boolean(),
    clientSecretRequired: z.boolean(),
    clientAuth: z.enum(clientAuthMethods),
    redirectKinds: z.array(z.enum(redirectKinds)).min(1),
    issuer: z.string().nullable(),
    authorizeParams: z.record(z.string(), z.string()),
    check: tokenCheck.nullable(),
    revocationUrl: endpointUrl.nullable(),
    docsUrl: z.string().nullable(),
    notes: z.string(),
  })
  .strict();

/** A provider as the console uses it. Holds no secret: it is shown to every door as it is. */
export interface OAuthProvider extends z.output<typeof providerSchema> {
  custom: boolean;
}

export const CUSTOM_PROVIDER_ID = 'custom';

const catalog: readonly OAuthProvider[] = z
  .object({ $comment: z.string().optional(), providers: z.array(providerSchema) })
  .parse(catalogFile)
  .providers.map((provider) => ({ ...provider, custom: false }));

export function providerCatalog(): readonly OAuthProvider[] {
  return catalog;
}

export function catalogProvider(id: string): OAuthProvider {
  const found = catalog.find((provider) => provider.id === id);
  if (!found) {
    throw new AppError(
      'oauth_provider_unknown',
      `There is no OAuth provider "${id.slice(0, 80)}".`,
      `Use one of ${catalog.map((provider) => provider.id).join(', ')}, or "${CUSTOM_PROVIDER_ID}" with your own authorize and token URLs (\`crewship credential providers\` lists them).`,
    );
  }
  return found;
}

/** What an operator gives for a custom provider; stored with the credential. */
export const customProviderInput = z
  .object({
    name: z.string().trim().min(1, 'a provider name is required').max(80),
    authorizeUrl: endpointUrl,
    tokenUrl: endpointUrl,
    userinfoUrl: endpointUrl.optional(),
    introspectionUrl: endpointUrl.optional(),
    revocationUrl: endpointUrl.optional(),
    /** The issuer identifier, checked against `iss` in the authorization response (RFC 9207). */
    issuer: z.string().trim().url().max(2048).optional(),
    redirectKinds: z.array(z.enum(redirectKinds)).min(1).optional(),
    clientAuth: z.enum(clientAuthMethods).optional(),
    scopeSeparator: z.enum([' ', ',']).optional(),
  })
  .strict();
export type CustomProviderConfig = z.output<typeof customProviderInput>;

export function customProvider(config: CustomProviderConfig): OAuthProvider {
  return {
    id: CUSTOM_PROVIDER_ID,
    name: config.name,
    authorizeUrl: config.authorizeUrl,
    tokenUrl: config.tokenUrl,
    defaultScopes: [],
    scopeSeparator: config.scopeSeparator ?? ' ',
    pkce: true,
    clientSecretRequired: false,
    clientAuth: config.clientAuth ?? 'client_secret_basic',
    redirectKinds: config.redirectKinds ?? ['loopback', 'deep-link'],
    issuer: config.issuer ?? null,
    authorizeParams: {},
    check: config.introspectionUrl
      ? { kind: 'introspection', url: config.introspectionUrl }
      : config.userinfoUrl
        ? { kind: 'bearer', url: config.userinfoUrl }
        : null,
    revocationUrl: config.revocationUrl ?? null,
    docsUrl: null,
    notes: 'A custom provider: the endpoints were entered by an operator.',
    custom: true,
  };
}
