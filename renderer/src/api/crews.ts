import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type Crew = MethodOutput<'crews.list'>[number];

export const useCrews = () => useMethodQuery(queryKeys.crews, 'crews.list', {});

export const useCreateCrew = () => useMethodMutation('crews.create', 'crews.changed');
export const useRenameCrew = () => useMethodMutation('crews.rename', 'crews.changed');
export const useDeleteCrew = () => useMethodMutation('crews.delete', 'crews.changed');
