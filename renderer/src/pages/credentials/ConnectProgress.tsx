import { useCancelConnect, useOAuthFlow, type Credential, type StartedFlow } from '../../api/credentials.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FlowProgressPanel } from '../../components/FlowProgressPanel.tsx';
import { clock } from './credential-status.ts';
import { useNow } from './use-now.ts';

const steps = [
  { id: 'waiting', label: 'Sign in and approve in the browser' },
  { id: 'exchanging', label: 'Exchange the code for tokens' },
  { id: 'connected', label: 'Connected' },
] as const;

/**
 * One Connect as it happens: waiting for the browser (with the time the state has left and a link
 * in case the tab did not open), exchanging the code, then the result — granted scopes, any
 * shortfall, what was auto-bound — or the reason it failed. Follows `oauth.flow` events.
 */
export function ConnectProgress({ credential, started, onDismiss }: { credential: Credential; started: StartedFlow; onDismiss: () => void }) {
  const flowQuery = useOAuthFlow(started.flow.id);
  const cancel = useCancelConnect();
  const now = useNow(1000);
  const flow = flowQuery.data ?? started.flow;
  const finished = flow.status === 'connected' || flow.status === 'failed';
  const current = steps.findIndex((step) => step.id === flow.status);

  return (
    <FlowProgressPanel
      title={`Connecting ${credential.label}`}
      steps={steps.map((step, index) => ({
        key: step.id,
        label: step.label,
        state: flow.status === 'failed' ? (index === 0 ? 'failed' : 'todo') : index < current || flow.status === 'connected' ? 'done' : index === current ? 'active' : 'todo',
      }))}
      finished={finished}
      onDismiss={onDismiss}
      onCancel={flow.status === 'waiting' ? () => cancel.mutate({ flow: flow.id }) : undefined}
      cancelling={cancel.isPending}
      status={
        flow.status === 'waiting' ? (
          <>
            <p>
              Waiting for you to sign in at {credential.providerName}: <strong className="connect-progress__clock">{clock(Date.parse(flow.expiresAt) - now)}</strong> left.
            </p>
            {started.openedBrowser ? (
              // The desktop app opened the system browser; a window of ours may not open web pages.
              <CopyField label="The sign-in page opened in your browser. If it did not, open this address there:" value={started.authorizeUrl} />
            ) : (
              <p className="muted">
                The sign-in page opened in a new tab. If it did not,{' '}
                <a className="link" href={started.authorizeUrl} target="_blank" rel="noopener noreferrer">
                  open the sign-in page
                </a>
                .
              </p>
            )}
            <p className="muted">It comes back to {flow.redirectKind === 'loopback' ? flow.redirectUri : 'crewship://oauth/callback'} when you approve.</p>
          </>
        ) : flow.status === 'exchanging' ? (
          <p>The browser came back; exchanging the code for tokens…</p>
        ) : flow.status === 'connected' ? (
          <div className="connect-progress__result">
            <p className="connect-progress__ok">Connected to {credential.providerName}.</p>
            <p>Granted scopes: {flow.grantedScopes && flow.grantedScopes.length > 0 ? <code>{flow.grantedScopes.join(' ')}</code> : 'none'}</p>
            {flow.missingScopes.length > 0 ? (
              <p className="callout callout--warning">
                Not granted: <code>{flow.missingScopes.join(' ')}</code>. Tools that need them will fail; connect again and approve them, or change the scopes.
              </p>
            ) : null}
            {flow.bound.length > 0 ? <p>Auto-bound MCP servers: {flow.bound.map((server) => `${server.serverName} (${server.scope})`).join(', ')}.</p> : null}
          </div>
        ) : flow.error ? (
          <ErrorNotice error={new RpcError(flow.error)} title="Not connected" />
        ) : null
      }
    >
      {cancel.isError ? <ErrorNotice error={cancel.error} compact /> : null}
    </FlowProgressPanel>
  );
}
