import { z } from 'zod';
import type {
  AgentEndpoint,
  AgentEndpointTest,
  ComposioBinding,
  ComposioBindingPreview,
  ComposioBindingResult,
  ComposioDefaultConnector,
  ComposioUsage,
} from '../../composio/access-types.ts';
import type {
  ComposioAccountAction,
  ComposioAuthConfig,
  ComposioCatalogStatus,
  ComposioConnectFlow,
  ComposioInventory,
  ComposioKeyInfo,
  ComposioStatus,
  ComposioToolkitList,
  ComposioToolkitPage,
  ComposioToolSearch,
} from '../../composio/types.ts';
import { method, noInput, reference } from '../method.ts';

const apiKey = z
  .string({ error: 'a key is required' })
  .trim()
  .min(8, 'a Composio project key is longer (it looks like ak_…)')
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'a key has no spaces or control characters');
const baseUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'the base URL is an http(s) address')
  .transform((value) => value.replace(/\/+$/, ''));
export const toolkit = z.string({ error: 'an app slug is required' }).trim().toLowerCase().min(1, 'an app slug is required').max(100).regex(/^[a-z0-9_-]+$/, 'an app slug is letters, digits, - and _');
const search = z.string().trim().max(200).optional();
export const userId = z.string({ error: 'a user id is required' }).trim().min(1, 'a user id is required').max(200).regex(/^[^\s\x00-\x1f]+$/, 'a user id has no spaces');
export const composioId = z.string({ error: 'an id is required' }).trim().min(1, 'an id is required').max(200).regex(/^[A-Za-z0-9_.-]+$/, 'an id is letters, digits, ., - and _');
const accountStatus = z.enum(['INITIALIZING', 'INITIATED', 'ACTIVE', 'FAILED', 'EXPIRED', 'INACTIVE', 'REVOKED']);
const limit = (max: number) => z.number().int().min(1).max(max).optional();
const account = z.object({ account: composioId }).strict();
const bindingApps = z
  .array(z.object({ app: toolkit, scope: z.enum(['read', 'full'], { error: 'a scope is read or full' }) }).strict())
  .min(1, 'name at least one app (app:read or app:full)')
  .max(100)
  .refine((apps) => new Set(apps.map(({ app }) => app)).size === apps.length, 'each app once');
const bindingInput = z.object({ agent: reference, user: userId, apps: bindingApps, replace: z.boolean().optional() }).strict();

export const composioMethods = {
  'composio.status': method<ComposioStatus>()(noInput, 'The API key panel and KPI header: the effective key (masked), its source, the shared-key warning, counts and the catalog’s age.'),
  'composio.key.get': method<ComposioKeyInfo>()(noInput, 'Which Composio project key is in effect (workspace or COMPOSIO_API_KEY), masked, and the shared-key warning.'),
  'composio.key.set': method<ComposioKeyInfo>()(
    z.object({ key: apiKey, label: z.string().trim().min(1).max(80).optional(), baseUrl: baseUrl.optional(), validate: z.boolean().optional() }).strict(),
    'Set the workspace’s project key: checked with one authenticated read (unless validate is false), then sealed; a refused key is not stored.',
  ),
  'composio.key.remove': method<{ removed: boolean; key: ComposioKeyInfo }>()(noInput, 'Remove the workspace’s own key (COMPOSIO_API_KEY, if set, is used again).'),

  'composio.catalog.status': method<ComposioCatalogStatus>()(noInput, 'The catalog cache: counts, age, last failure, and the refresh under way.'),
  'composio.catalog.sync': method<ComposioCatalogStatus>()(
    z.object({ wait: z.boolean().optional() }).strict(),
    'Refresh the catalog from Composio in the background (progress as composio.catalogSync events); with wait, answer when it ends.',
  ),
  'composio.toolkits.list': method<ComposioToolkitList>()(
    z.object({ search, category: z.string().trim().toLowerCase().max(100).optional(), limit: limit(1000), offset: z.number().int().min(0).optional() }).strict(),
    'The catalog from the cache: apps matching the search (every word a prefix) and category, with logo, auth schemes, tool count and auth configs.',
  ),
  'composio.toolkits.get': method<ComposioToolkitPage>()(
    z.object({ toolkit, search, limit: limit(5000) }).strict(),
    'One app of the catalog with its tools (read-only and destructive hints) and the project’s auth configs for it.',
  ),
  'composio.tools.search': method<ComposioToolSearch>()(
    z.object({ search, toolkit: toolkit.optional(), limit: limit(1000), offset: z.number().int().min(0).optional() }).strict(),
    'Search every tool of the catalog (or one app’s) from the cache.',
  ),

  'composio.authConfigs.list': method<ComposioAuthConfig[]>()(z.object({ toolkit: toolkit.optional() }).strict(), 'The project’s auth configs (per-app OAuth blueprints), read from Composio.'),
  'composio.authConfigs.create': method<ComposioAuthConfig>()(
    z
      .object({
        toolkit,
        name: z.string().trim().min(1).max(120).optional(),
        custom: z
          .object({
            authScheme: z.enum(['OAUTH2', 'OAUTH1']).optional(),
            clientId: z.string().trim().min(1, 'a client id is required').max(512),
            clientSecret: z.string().trim().min(1, 'a client secret is required').max(4096),
            scopes: z.array(z.string().trim().min(1).max(256)).max(100).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    'Create an auth config: Composio-managed, or with a custom OAuth client (its secret is sealed here, sent to Composio, never returned).',
  ),
  'composio.authConfigs.enable': method<ComposioAuthConfig>()(z.object({ authConfig: composioId }).strict(), 'Enable an auth config.'),
  'composio.authConfigs.disable': method<ComposioAuthConfig>()(z.object({ authConfig: composioId }).strict(), 'Disable an auth config (no new connections through it).'),
  'composio.authConfigs.delete': method<{ id: string }>()(z.object({ authConfig: composioId }).strict(), 'Delete an auth config at Composio.'),

  'composio.connect': method<ComposioConnectFlow & { openedBrowser: boolean }>()(
    z
      .object({
        toolkit,
        userId,
        authConfigId: composioId.optional(),
        callbackUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
        timeoutSeconds: z.number().int().min(5).max(3600).optional(),
      })
      .strict(),
    'Connect a user’s account of an app: creates the managed auth config if none, calls link() and answers with the redirect URL (the desktop app opens it: openedBrowser); progress as composio.connect events.',
  ),
  'composio.connect.get': method<ComposioConnectFlow>()(z.object({ connect: composioId }).strict(), 'One connect attempt: waiting, active, failed, timed out or cancelled.'),
  'composio.connect.cancel': method<ComposioConnectFlow>()(z.object({ connect: composioId }).strict(), 'Stop waiting for a connect attempt.'),

  'composio.inventory': method<ComposioInventory>()(
    z.object({ user: userId.optional(), app: toolkit.optional(), status: accountStatus.optional() }).strict(),
    'The operator’s view (never an agent’s): auth configs and connected accounts grouped by user, accounts needing attention first, with the counts.',
  ),
  'composio.accounts.refresh': method<ComposioAccountAction>()(account, 'Ask Composio to refresh a connected account; gives the re-authorisation link when it needs one.'),
  'composio.accounts.revoke': method<ComposioAccountAction>()(account, 'Revoke (disable) a connected account: INACTIVE, its tools stop at once; enable restores it.'),
  'composio.accounts.enable': method<ComposioAccountAction>()(account, 'Enable a revoked (INACTIVE) connected account again.'),
  'composio.accounts.remove': method<{ id: string; userId: string; toolkit: string }>()(account, 'Delete a connected account at Composio for good.'),

  'composio.bindings.list': method<ComposioBinding[]>()(z.object({ agent: reference.optional() }).strict(), 'Agents’ Composio bindings (one per agent and app: user, scope, the scoped server and its tools), of one agent or all.'),
  'composio.bindings.preview': method<ComposioBindingPreview>()(
    bindingInput,
    'What binding the agent to the user with these apps and scopes would change, and the tools each app and scope yields; changes nothing.',
  ),
  'composio.bindings.set': method<ComposioBindingResult>()(
    bindingInput,
    'Bind an agent to one user with a scope per app (read: the read-only tools; full: all): one scoped Composio MCP server per app; another user only with replace, which also makes these apps the whole set.',
  ),
  'composio.bindings.remove': method<{ removed: string[] }>()(
    z.object({ agent: reference, app: toolkit.optional() }).strict(),
    'Remove an agent’s binding of one app, or all of them (their Composio servers are deleted).',
  ),
  'composio.default.get': method<ComposioDefaultConnector>()(noInput, 'The default connector: the flag, the default user, its server and apps, the connected-user count.'),
  'composio.default.enable': method<ComposioDefaultConnector>()(
    noInput,
    'Provision the default connector for the one user with connected accounts (or the pinned user): full access to all their connected apps; re-running refreshes the app set.',
  ),
  'composio.default.set': method<ComposioDefaultConnector>()(z.object({ user: userId }).strict(), 'Pin the default connector’s user and provision it for that user’s connected apps.'),
  'composio.endpoints.list': method<AgentEndpoint[]>()(
    z.object({ agent: reference.optional() }).strict(),
    'Each agent’s resolved MCP endpoints (or one agent’s): URL with the sensitive parts masked, tool count, access, state, and as .mcp.json.',
  ),
  'composio.endpoints.test': method<AgentEndpointTest>()(
    z.object({ agent: reference, server: reference }).strict(),
    'Connect one of an agent’s resolved servers through the gateway and list its tools.',
  ),
  'composio.usage': method<ComposioUsage>()(noInput, 'Bound agents, Composio tool calls this month against the free tier, and Composio-managed servers ready of total.'),
} as const;
