import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { invalidateFor } from './event-invalidation.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Agent = MethodOutput<'agents.list'>[number];

/** Every agent of the workspace; pages filter by crew on the client so one cache entry serves them all. */
export function useAgents() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.agents, queryFn: () => call('agents.list', {}) });
}

function useAgentMutation<M extends 'agents.create' | 'agents.rename' | 'agents.delete'>(method: M) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => invalidateFor(queryClient, 'agents.changed'),
  });
}

export const useCreateAgent = () => useAgentMutation('agents.create');
export const useRenameAgent = () => useAgentMutation('agents.rename');
export const useDeleteAgent = () => useAgentMutation('agents.delete');
