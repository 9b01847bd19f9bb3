import { useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export const useSystemInfo = () => useMethodQuery(queryKeys.systemInfo, 'system.info', {}, { staleTime: 60_000 });
