import { useQuery } from '@tanstack/react-query';
import type { ConnectionMessage, CrewConnection, SharedFile } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type { ConnectionMessage, CrewConnection, SharedFile };

export const useConnections = () => useMethodQuery(queryKeys.connections, 'connections.list', {});

/** A thread shows up to this many of its first messages. */
const THREAD_LIMIT = 2000;

/**
 * The whole thread of one connection, page after page, read `as` a crew (which marks it read for
 * that crew); a message from any door (`connections.message`) makes it stale.
 */
export function useThread(connectionId: string, as: string | undefined) {
  const call = useCall();
  return useQuery({
    queryKey: [...queryKeys.connectionMessages, connectionId, as ?? null],
    queryFn: async () => {
      const messages: ConnectionMessage[] = [];
      let since: string | undefined;
      for (;;) {
        const page = await call('connections.messages.list', { connection: connectionId, limit: 500, ...(since ? { since } : {}), ...(as ? { as } : {}) });
        messages.push(...page.messages);
        since = page.messages.at(-1)?.id;
        if (!page.hasMore || since === undefined || messages.length >= THREAD_LIMIT) return messages;
      }
    },
  });
}

export const useSharedFiles = (connectionId: string) =>
  useMethodQuery([...queryKeys.connectionFiles, connectionId], 'connections.files.list', { connection: connectionId });

/** Read when the operator previews or downloads a file, and again when it is rewritten. */
export const useSharedFile = (connectionId: string, path: string | undefined) =>
  useMethodQuery([...queryKeys.connectionFiles, connectionId, 'content', path ?? ''], 'connections.files.read', { connection: connectionId, path: path ?? '' }, { enabled: path !== undefined });

export const useCreateConnection = () => useMethodMutation('connections.create', 'connections.changed');
export const useCloseConnection = () => useMethodMutation('connections.close', 'connections.changed');
export const useSendMessage = () => useMethodMutation('connections.messages.send', 'connections.message');
export const useWriteSharedFile = () => useMethodMutation('connections.files.write', 'connections.fileWritten');
