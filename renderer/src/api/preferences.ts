import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Preferences = MethodOutput<'preferences.get'>;

/** The operator's preferences live in the core (electron-store in the app, a JSON file elsewhere). */
export const usePreferences = () => useMethodQuery(queryKeys.preferences, 'preferences.get', {}, { everyWorkspace: true });

export function useUpdatePreferences() {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<Preferences, Error, MethodInput<'preferences.update'>>({
    mutationFn: (patch) => call('preferences.update', patch),
    onSuccess: (preferences) => queryClient.setQueryData(queryKeys.preferences, preferences),
  });
}
