import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type Agent = MethodOutput<'agents.list'>[number];

/** Every agent of the workspace; pages filter by crew on the client so one cache entry serves them all. */
export const useAgents = () => useMethodQuery(queryKeys.agents, 'agents.list', {});

export const useCreateAgent = () => useMethodMutation('agents.create', 'agents.changed');
export const useRenameAgent = () => useMethodMutation('agents.rename', 'agents.changed');
export const useDeleteAgent = () => useMethodMutation('agents.delete', 'agents.changed');
