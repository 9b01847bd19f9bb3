import type { MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type Credential = MethodOutput<'credentials.list'>[number];
export type OAuthProvider = MethodOutput<'credentials.providers'>[number];
export type ConnectionTestResult = MethodOutput<'credentials.test'>;
export type StartedFlow = MethodOutput<'credentials.connect'>;

/** The catalog is static data of this build: read once. */
export const useCredentialProviders = () => useMethodQuery(queryKeys.credentialProviders, 'credentials.providers', {}, { staleTime: Infinity });

export const useCredentials = () => useMethodQuery(queryKeys.credentials, 'credentials.list', {});

/** One connect attempt; `oauth.flow` events make it re-read, so it never polls. */
export const useOAuthFlow = (flowId: string | undefined) =>
  useMethodQuery([...queryKeys.oauthFlows, flowId], 'credentials.flow', { flow: flowId ?? '' }, { enabled: flowId !== undefined });

/** Every credential change can move a connect attempt along too. */
const changes = ['credentials.changed', 'oauth.flow'] as const;

export const useCreateCredential = () => useMethodMutation('credentials.create', ...changes);
export const useConnectCredential = () => useMethodMutation('credentials.connect', ...changes);
export const useCancelConnect = () => useMethodMutation('credentials.cancelConnect', ...changes);
export const useTestCredential = () => useMethodMutation('credentials.test', ...changes);
export const useRefreshCredential = () => useMethodMutation('credentials.refresh', ...changes);
export const useRevokeCredential = () => useMethodMutation('credentials.revoke', ...changes);
export const useDeleteCredential = () => useMethodMutation('credentials.delete', ...changes);
