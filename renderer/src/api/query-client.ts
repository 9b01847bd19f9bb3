import { QueryClient } from '@tanstack/react-query';
import { isRpcError } from './rpc-error.ts';

/** Errors with a code are answers, not hiccups: retry only when the host did not answer at all. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => isRpcError(error, 'host_unreachable') && failureCount < 3,
      },
      mutations: { retry: false },
    },
  });
}
