import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodQuery } from './method-hooks.ts';
import { useSystemInfo } from './system.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Preferences = MethodOutput<'preferences.get'>;

/** The operator's preferences live in the core (electron-store in the app, a JSON file elsewhere). */
export const usePreferences = () => useMethodQuery(queryKeys.preferences, 'preferences.get', {}, { everyWorkspace: true });

export function useUpdatePreferences() {
  const call = useCall();
  const queryClient = useQueryClient();
  // Shown at once, put back if the core refuses it. A read already under way is called off first,
  // so an answer from before the change cannot flip the switch back.
  return useMutation<Preferences, Error, MethodInput<'preferences.update'>, { before: Preferences | undefined }>({
    mutationFn: (patch) => call('preferences.update', patch),
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.preferences });
      const before = queryClient.getQueryData<Preferences>(queryKeys.preferences);
      if (before) queryClient.setQueryData(queryKeys.preferences, { ...before, ...patch });
      return { before };
    },
    onError: (_error, _patch, context) => {
      if (context?.before) queryClient.setQueryData(queryKeys.preferences, context.before);
    },
    onSuccess: (preferences) => queryClient.setQueryData(queryKeys.preferences, preferences),
  });
}

/**
 * Whether the Integrations page opens on the self-hosted MCP connector management instead of the
 * Composio tabs: CREWSHIP_LEGACY_MCP_INTEGRATIONS in the console's environment (which the toggle
 * cannot turn off) or the operator's Settings toggle. Undefined until both are read; one that
 * cannot be read counts as off, so the page still opens.
 */
export function useLegacyMcpView(): { on: boolean; fromEnv: boolean; fromSetting: boolean } | undefined {
  const preferences = usePreferences();
  const system = useSystemInfo();
  if (preferences.isPending || system.isPending) return undefined;
  const fromEnv = system.data?.legacyMcpViewFromEnv ?? false;
  const fromSetting = preferences.data?.legacyMcpView ?? false;
  return { on: fromEnv || fromSetting, fromEnv, fromSetting };
}
