import type { McpAuthService } from '../../mcp-auth/mcp-auth-service.ts';
import type { McpAuthFlow } from '../../mcp-auth/types.ts';
import type { mcpAuthMethods, StartedSignIn } from '../methods/mcp-auth.ts';
import type { HandlersOf } from '../router.ts';
import { openedIn, type OpenExternal } from './open-external.ts';

export interface McpAuthServices {
  mcpAuth: McpAuthService;
  openExternal?: OpenExternal;
}

export function mcpAuthHandlers({ mcpAuth, openExternal }: McpAuthServices): HandlersOf<keyof typeof mcpAuthMethods> {
  /** The browser opens by itself only on the server's own origin; another origin is shown to the operator first. */
  const started = async (flow: McpAuthFlow, open: boolean): Promise<StartedSignIn> => ({
    flow,
    openedBrowser: open && flow.status === 'waiting' && flow.authorizeUrl !== null ? await openedIn(openExternal, flow.authorizeUrl) : false,
  });
  return {
    'mcp.auth.list': () => mcpAuth.statuses(),
    'mcp.auth.status': ({ server }) => mcpAuth.status(server),
    'mcp.auth.signIn': async ({ server, openBrowser }, { actor }) => {
      const flow = await mcpAuth.signIn(server, actor);
      return started(flow, openBrowser !== false && !flow.crossOrigin);
    },
    'mcp.auth.openBrowser': ({ flow }) => started(mcpAuth.flow(flow), true),
    'mcp.auth.flow': ({ flow }) => mcpAuth.flow(flow),
    'mcp.auth.flows': () => mcpAuth.latestFlows(),
    'mcp.auth.cancel': ({ flow }) => mcpAuth.cancel(flow),
    'mcp.auth.signOut': ({ server }, { actor }) => mcpAuth.signOut(server, actor),
    'mcp.auth.clientMetadata': () => mcpAuth.clientMetadata(),
    'mcp.auth.clients.list': () => mcpAuth.clients(),
    'mcp.auth.clients.set': (input, { actor }) => mcpAuth.setClient(input, actor),
    'mcp.auth.clients.remove': ({ issuer }, { actor }) => mcpAuth.removeClient(issuer, actor),
  };
}
