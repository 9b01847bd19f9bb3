import { createContext, use, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../main/rpc/contract.ts';
import type { AuthState } from '../transport/auth-state.ts';
import type { StreamStatus, Transport } from '../transport/transport.ts';
import { useCurrentWorkspaceId } from './current-workspace.tsx';
import { RpcError } from './rpc-error.ts';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext value={transport}>{children}</TransportContext>;
}

export function useTransport(): Transport {
  const transport = use(TransportContext);
  if (!transport) throw new Error('useTransport() is used outside <TransportProvider>.');
  return transport;
}

export type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/**
 * Calls one contract method in the window's workspace (`everyWorkspace`: for what belongs to none,
 * naming no workspace, so that it answers even while the window's is being deleted) and resolves
 * to its value, or throws an RpcError carrying code, message and hint.
 */
export function useCall(options: { everyWorkspace?: boolean } = {}): Call {
  const transport = useTransport();
  const current = useCurrentWorkspaceId();
  const workspace = options.everyWorkspace ? undefined : current;
  return useCallback<Call>(
    async (method, input) => {
      const envelope = await transport.invoke(method, input, workspace);
      if (!envelope.ok) throw new RpcError(envelope.error);
      return envelope.value;
    },
    [transport, workspace],
  );
}

export function useAuthState(): AuthState {
  const { auth } = useTransport();
  return useSyncExternalStore(auth.subscribe, auth.get);
}

export function useStreamStatus(): StreamStatus {
  const transport = useTransport();
  const subscribe = useCallback((notify: () => void) => transport.onStreamStatus(notify), [transport]);
  return useSyncExternalStore(subscribe, transport.streamStatus);
}
