import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type SystemInfo = MethodOutput<'system.info'>;

export const useSystemInfo = () => useMethodQuery(queryKeys.systemInfo, 'system.info', {}, { staleTime: 60_000 });
