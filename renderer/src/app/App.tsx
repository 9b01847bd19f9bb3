import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useAuthState, TransportProvider } from '../api/transport-context.tsx';
import type { Transport } from '../transport/transport.ts';
import { SessionTokenScreen } from './SessionTokenScreen.tsx';
import { Shell } from './Shell.tsx';
import { WorkspaceGate } from './WorkspaceGate.tsx';

export function App({ transport, queryClient }: { transport: Transport; queryClient: QueryClient }) {
  return (
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>
        <AuthGate />
      </QueryClientProvider>
    </TransportProvider>
  );
}

function AuthGate() {
  const auth = useAuthState();
  if (auth !== 'ok') return <SessionTokenScreen state={auth} />;
  return (
    <WorkspaceGate>
      <Shell />
    </WorkspaceGate>
  );
}
