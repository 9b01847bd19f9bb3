import { useState } from 'react';
import type { McpAuthFlow, StartedSignIn } from '../../../../main/rpc/contract.ts';
import { useCancelSignIn, useMcpAuthFlow, useOpenSignInPage } from '../../api/mcp-auth.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FlowProgressPanel, type FlowStep } from '../../components/FlowProgressPanel.tsx';
import { AuthDebugger } from './AuthDebugger.tsx';

const stepLabels: Record<McpAuthFlow['steps'][number]['name'], string> = {
  discovery: 'Discovery',
  registration: 'Client registration',
  consent: 'Consent in the browser',
  token: 'Token',
};

/**
 * One sign-in to a remote MCP server as it happens (like a credential's Connect): discovery,
 * registration, consent and token, each with what it found; an authorization page on another
 * origin than the server's is named and confirmed before the browser opens; then the result, or
 * why it failed. The auth debugger below lists every request. Follows `mcpAuth.flow` events.
 */
export function SignInPanel({ started, onDismiss }: { started: StartedSignIn; onDismiss: () => void }) {
  const flowQuery = useMcpAuthFlow(started.flow.id);
  const flow = flowQuery.data ?? started.flow;
  const open = useOpenSignInPage();
  const cancel = useCancelSignIn();
  // The browser is opened by the core only on the server's own origin; another origin waits for the operator.
  const [opened, setOpened] = useState(started.openedBrowser || (!started.flow.crossOrigin && started.flow.status === 'waiting'));
  const finished = flow.status === 'signed_in' || flow.status === 'failed';

  function openSignInPage(): void {
    open.mutate(
      { flow: flow.id },
      {
        onSuccess: (answer) => {
          // In a browser the page opens the authorization page itself; the desktop app already did.
          if (!answer.openedBrowser && answer.flow.authorizeUrl) window.open(answer.flow.authorizeUrl, '_blank', 'noopener');
          setOpened(true);
        },
      },
    );
  }

  return (
    <FlowProgressPanel
      title={`Signing in to ${flow.serverName}`}
      steps={flow.steps.map((step) => ({ key: step.name, label: stepLabels[step.name], state: stepState(step.state) }))}
      stepsLabel="Sign-in steps"
      finished={finished}
      onDismiss={onDismiss}
      onCancel={flow.status === 'waiting' ? () => cancel.mutate({ flow: flow.id }) : undefined}
      cancelling={cancel.isPending}
      details={
        <ul className="sign-in__details">
          {flow.steps
            .filter((step) => step.detail)
            .map((step) => (
              <li key={step.name}>
                <strong>{stepLabels[step.name]}:</strong> {step.detail}
              </li>
            ))}
        </ul>
      }
      status={<SignInState flow={flow} opened={opened} opening={open.isPending} onOpen={openSignInPage} onCancel={() => cancel.mutate({ flow: flow.id })} />}
    >
      {open.isError ? <ErrorNotice error={open.error} compact /> : null}
      {cancel.isError ? <ErrorNotice error={cancel.error} compact /> : null}
      <AuthDebugger flow={flow} />
    </FlowProgressPanel>
  );
}

function SignInState({ flow, opened, opening, onOpen, onCancel }: { flow: McpAuthFlow; opened: boolean; opening: boolean; onOpen: () => void; onCancel: () => void }) {
  if (flow.status === 'waiting' && !opened) {
    return (
      <div className="callout callout--warning sign-in__confirm">
        <p>
          The sign-in page is at <code>{flow.authorizationOrigin}</code>, not at the server’s own origin <code>{flow.serverOrigin}</code>. Continue only if you expected{' '}
          {flow.serverName} to send you there.
        </p>
        <div className="cluster">
          <button type="button" className="button button--primary button--small" disabled={opening} onClick={onOpen}>
            {opening ? 'Opening…' : `Continue to ${flow.authorizationOrigin}`}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={onCancel}>
            Do not sign in
          </button>
        </div>
      </div>
    );
  }
  if (flow.status === 'waiting') {
    return (
      <>
        <p>Waiting for you to sign in and approve at {flow.authorizationOrigin}.</p>
        <p className="muted">
          The sign-in page opened in your browser. If it did not,{' '}
          <a className="link" href={flow.authorizeUrl ?? undefined} target="_blank" rel="noopener noreferrer">
            open the sign-in page
          </a>
          .
        </p>
      </>
    );
  }
  if (flow.status === 'exchanging') return <p>The browser came back; exchanging the code for tokens…</p>;
  if (flow.status === 'signed_in') return <p className="connect-progress__ok">Signed in to {flow.serverName}: its tools can be called now.</p>;
  return flow.error ? <ErrorNotice error={new RpcError(flow.error)} title="Not signed in" /> : null;
}

function stepState(state: McpAuthFlow['steps'][number]['state']): FlowStep['state'] {
  if (state === 'running') return 'active';
  if (state === 'pending') return 'todo';
  return state;
}
