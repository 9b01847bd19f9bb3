import { z } from 'zod';
import type { McpAuthClientEntry, McpAuthFlow, McpAuthStatus } from '../../mcp-auth/types.ts';
import { method, noInput, reference } from '../method.ts';

const server = reference;
const flow = z.string().trim().regex(/^maf_[A-Za-z0-9]{1,40}$/, 'a sign-in id looks like maf_…');

/** A sign-in started: the flow (waiting for the browser, or failed saying why), and whether the system browser was opened on it. */
export interface StartedSignIn {
  flow: McpAuthFlow;
  /** False where the door has no browser to open, or the authorization page is on another origin than the server (the operator confirms first). */
  openedBrowser: boolean;
}

export const mcpAuthMethods = {
  'mcp.auth.list': method<McpAuthStatus[]>()(noInput, 'The sign-in of every remote MCP server without a bound credential: signed in or not, issuer, resource, scopes, expiry (never a token).'),
  'mcp.auth.status': method<McpAuthStatus>()(z.object({ server }).strict(), 'One remote MCP server’s sign-in.'),
  'mcp.auth.signIn': method<StartedSignIn>()(
    z.object({ server, openBrowser: z.boolean().optional() }).strict(),
    'Start signing in to a remote MCP server (discovery, registration, PKCE); its steps and requests arrive as mcpAuth.flow events.',
  ),
  'mcp.auth.openBrowser': method<StartedSignIn>()(
    z.object({ flow }).strict(),
    'Open the system browser on a waiting sign-in’s authorization page (after the operator confirmed its origin).',
  ),
  'mcp.auth.flow': method<McpAuthFlow>()(z.object({ flow }).strict(), 'One sign-in: its steps, the requests it made (secrets redacted), and how it ended.'),
  'mcp.auth.flows': method<McpAuthFlow[]>()(noInput, 'The latest sign-in to each server this console ran, for the auth debugger.'),
  'mcp.auth.cancel': method<McpAuthFlow>()(z.object({ flow }).strict(), 'Stop a sign-in still waiting for the browser.'),
  'mcp.auth.signOut': method<McpAuthStatus>()(z.object({ server }).strict(), 'Forget a server’s sign-in (its tokens); the client registration with its authorization server stays.'),
  'mcp.auth.clientMetadata': method<{ url: string | null; document: Record<string, unknown> | null }>()(
    noInput,
    'The console’s Client ID Metadata Document and the URL it is published at, used as the client_id where an authorization server supports it.',
  ),
  'mcp.auth.clients.list': method<McpAuthClientEntry[]>()(noInput, 'The console’s client registration with each authorization server: pre-registered, metadata document or dynamic (never a secret).'),
  'mcp.auth.clients.set': method<McpAuthClientEntry>()(
    z
      .object({
        issuer: z.string().trim().url('the issuer is the authorization server’s URL').max(2048),
        clientId: z.string().trim().min(1, 'a client ID is required').max(512),
        clientSecret: z.string().trim().min(1).max(4096).optional(),
      })
      .strict(),
    'Enter a client registered by hand with an authorization server (sealed at once); every sign-in there uses it.',
  ),
  'mcp.auth.clients.remove': method<{ removed: boolean }>()(
    z.object({ issuer: z.string().trim().min(1).max(2048) }).strict(),
    'Forget the console’s registration with an authorization server; the next sign-in there registers again.',
  ),
} as const;
