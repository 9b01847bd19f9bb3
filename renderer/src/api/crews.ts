import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { invalidateFor } from './event-invalidation.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Crew = MethodOutput<'crews.list'>[number];

export function useCrews() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.crews, queryFn: () => call('crews.list', {}) });
}

/**
 * Mutations re-read their own lists on success as well as on the event, so the view stays right
 * even while the event stream is reconnecting.
 */
function useCrewMutation<M extends 'crews.create' | 'crews.rename' | 'crews.delete'>(method: M) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => invalidateFor(queryClient, 'crews.changed'),
  });
}

export const useCreateCrew = () => useCrewMutation('crews.create');
export const useRenameCrew = () => useCrewMutation('crews.rename');
export const useDeleteCrew = () => useCrewMutation('crews.delete');
