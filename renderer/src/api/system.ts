import { useQuery } from '@tanstack/react-query';
import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type SystemInfo = MethodOutput<'system.info'>;

export function useSystemInfo() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.systemInfo, queryFn: () => call('system.info', {}), staleTime: 60_000 });
}
