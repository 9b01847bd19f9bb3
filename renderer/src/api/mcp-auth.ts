import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

/** Sign-ins to remote MCP servers (the MCP authorization spec); `mcpAuth.*` events re-read them, nothing polls. */
export const useMcpAuthStatuses = () => useMethodQuery([...queryKeys.mcpAuth, 'statuses'], 'mcp.auth.list', {});

/** One sign-in as it happens: its steps and the requests it made. */
export const useMcpAuthFlow = (flowId: string | undefined) =>
  useMethodQuery([...queryKeys.mcpAuth, 'flow', flowId], 'mcp.auth.flow', { flow: flowId ?? '' }, { enabled: flowId !== undefined });

const changes = ['mcpAuth.flow', 'mcpAuth.changed'] as const;

export const useSignInToMcpServer = () => useMethodMutation('mcp.auth.signIn', ...changes);
export const useOpenSignInPage = () => useMethodMutation('mcp.auth.openBrowser', ...changes);
export const useCancelSignIn = () => useMethodMutation('mcp.auth.cancel', ...changes);
export const useSignOutOfMcpServer = () => useMethodMutation('mcp.auth.signOut', ...changes, 'mcp.status');

/** The console's client at each authorization server, and its Client ID Metadata Document; no event: re-read after a change here. */
export const useMcpAuthClients = () => useMethodQuery([...queryKeys.mcpAuth, 'clients'], 'mcp.auth.clients.list', {});
export const useClientMetadata = () => useMethodQuery([...queryKeys.mcpAuth, 'client-metadata'], 'mcp.auth.clientMetadata', {}, { staleTime: Infinity });
export const useSetMcpAuthClient = () => useMethodMutation('mcp.auth.clients.set', 'mcpAuth.changed');
export const useRemoveMcpAuthClient = () => useMethodMutation('mcp.auth.clients.remove', 'mcpAuth.changed');
