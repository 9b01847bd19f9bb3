import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { invalidateFor } from './event-invalidation.ts';
import { queryKeys } from './query-keys.ts';
import { useCall } from './transport-context.tsx';

export type Credential = MethodOutput<'credentials.list'>[number];
export type OAuthProvider = MethodOutput<'credentials.providers'>[number];
export type OAuthFlow = MethodOutput<'credentials.flow'>;
export type ConnectionTestResult = MethodOutput<'credentials.test'>;
export type StartedFlow = MethodOutput<'credentials.connect'>;

/** The catalog is static data of this build: read once. */
export function useCredentialProviders() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.credentialProviders, queryFn: () => call('credentials.providers', {}), staleTime: Infinity });
}

export function useCredentials() {
  const call = useCall();
  return useQuery({ queryKey: queryKeys.credentials, queryFn: () => call('credentials.list', {}) });
}

/** One connect attempt; `oauth.flow` events make it re-read, so it never polls. */
export function useOAuthFlow(flowId: string | undefined) {
  const call = useCall();
  return useQuery({
    queryKey: [...queryKeys.oauthFlows, flowId],
    queryFn: () => call('credentials.flow', { flow: flowId as string }),
    enabled: flowId !== undefined,
  });
}

type CredentialMutation =
  | 'credentials.create'
  | 'credentials.connect'
  | 'credentials.cancelConnect'
  | 'credentials.test'
  | 'credentials.refresh'
  | 'credentials.revoke'
  | 'credentials.delete';

/** Mutations re-read the list on success as well as on the event, so the view stays right while the stream reconnects. */
function useCredentialMutation<M extends CredentialMutation>(method: M) {
  const call = useCall();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => invalidateFor(queryClient, 'credentials.changed', 'oauth.flow'),
  });
}

export const useCreateCredential = () => useCredentialMutation('credentials.create');
export const useConnectCredential = () => useCredentialMutation('credentials.connect');
export const useCancelConnect = () => useCredentialMutation('credentials.cancelConnect');
export const useTestCredential = () => useCredentialMutation('credentials.test');
export const useRefreshCredential = () => useCredentialMutation('credentials.refresh');
export const useRevokeCredential = () => useCredentialMutation('credentials.revoke');
export const useDeleteCredential = () => useCredentialMutation('credentials.delete');
