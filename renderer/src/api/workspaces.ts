import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type Workspace = MethodOutput<'workspaces.list'>[number];

/** The workspaces belong to none: one list, whichever the window works in. */
export const useWorkspaces = () => useMethodQuery(queryKeys.workspaces, 'workspaces.list', {}, { everyWorkspace: true });

export const useCreateWorkspace = () => useMethodMutation('workspaces.create', 'workspaces.changed');
export const useRenameWorkspace = () => useMethodMutation('workspaces.rename', 'workspaces.changed');
export const useDeleteWorkspace = () => useMethodMutation('workspaces.delete', 'workspaces.changed');
