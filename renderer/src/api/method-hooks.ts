import { useMutation, useQuery, useQueryClient, type keepPreviousData, type QueryKey } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodOutput } from '../../../main/rpc/contract.ts';
import type { AppEventName } from '../../../main/rpc/events.ts';
import { useCurrentWorkspaceId } from './current-workspace.tsx';
import { invalidateFor } from './event-invalidation.ts';
import { workspaceKey } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

/**
 * One contract method read into the cache under `queryKey` in the window's workspace (or, with
 * `everyWorkspace`, for what belongs to none); events, not polling, make it stale.
 */
export function useMethodQuery<M extends MethodName>(
  queryKey: QueryKey,
  method: M,
  input: MethodInput<M>,
  options: { staleTime?: number; enabled?: boolean; placeholderData?: typeof keepPreviousData; everyWorkspace?: boolean } = {},
) {
  const { everyWorkspace = false, ...queryOptions } = options;
  const call = useCall({ everyWorkspace });
  const workspace = useCurrentWorkspaceId();
  return useQuery({ queryKey: everyWorkspace ? queryKey : workspaceKey(workspace, queryKey), queryFn: () => call(method, input), ...queryOptions });
}

/**
 * One contract method as a mutation. On success it re-reads what the named events make stale, as
 * the events themselves will: the view stays right even while the event stream is reconnecting.
 */
export function useMethodMutation<M extends MethodName>(method: M, ...staleAfter: AppEventName[]) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => invalidateFor(queryClient, ...staleAfter),
  });
}
