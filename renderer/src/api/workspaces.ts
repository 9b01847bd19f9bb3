import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { useCurrentWorkspaceId, useSwitchWorkspace } from './current-workspace.tsx';
import { invalidateFor } from './event-invalidation.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys, WORKSPACE_KEY } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Workspace = MethodOutput<'workspaces.list'>[number];

/** The workspaces belong to none: one list, whichever the window works in. */
export const useWorkspaces = () => useMethodQuery(queryKeys.workspaces, 'workspaces.list', {}, { everyWorkspace: true });

export const useCreateWorkspace = () => useMethodMutation('workspaces.create', 'workspaces.changed');
export const useRenameWorkspace = () => useMethodMutation('workspaces.rename', 'workspaces.changed');

/**
 * Deleting the window's own workspace moves the window to the default one first, so that no page
 * asks for the deleted workspace's rows; its cached queries go with it.
 */
export function useDeleteWorkspace() {
  const call = useCall({ everyWorkspace: true });
  const queryClient = useQueryClient();
  const current = useCurrentWorkspaceId();
  const switchTo = useSwitchWorkspace();
  return useMutation<MethodOutput<'workspaces.delete'>, Error, MethodInput<'workspaces.delete'>>({
    mutationFn: (input) => call('workspaces.delete', input),
    onSuccess: (deleted) => {
      if (deleted.id === current) switchTo('default');
      queryClient.removeQueries({ queryKey: [WORKSPACE_KEY, deleted.id] });
      return invalidateFor(queryClient, 'workspaces.changed');
    },
  });
}
