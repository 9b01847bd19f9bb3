import { useState, type FormEvent } from 'react';
import { useCancelComposioConnect, useComposioConnectFlow, useStartComposioConnect, type ComposioConnectStarted } from '../../../api/composio.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { clock, useNow } from './shared.tsx';

/** Opens Composio's consent page: the desktop app already opened the system browser; a browser tab opens it here. */
export function openConsent(started: ComposioConnectStarted): void {
  if (!started.openedBrowser && started.redirectUrl) window.open(started.redirectUrl, '_blank', 'noopener');
}

/** "Connect an account": a user id, then the consent page, then progress until ACTIVE, failed or timed out. */
export function ConnectPanel({ toolkit, toolkitName, hasAuthConfig }: { toolkit: string; toolkitName: string; hasAuthConfig: boolean }) {
  const [userId, setUserId] = useState('');
  const [started, setStarted] = useState<ComposioConnectStarted | null>(null);
  const connect = useStartComposioConnect();

  function submit(event: FormEvent): void {
    event.preventDefault();
    connect.mutate(
      { toolkit, userId: userId.trim() },
      {
        onSuccess: (flow) => {
          openConsent(flow);
          setStarted(flow);
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="composio-connect-heading">
      <div className="panel__header">
        <h2 id="composio-connect-heading" className="panel__title">
          Connect an account
        </h2>
      </div>
      <form className="composio-connect__form" onSubmit={submit} aria-label={`Connect a ${toolkitName} account`}>
        <TextField label="User id" mono value={userId} onChange={setUserId} placeholder="alice@example.com" required spellCheck={false} />
        <button type="submit" className="button button--primary" disabled={connect.isPending || userId.trim() === ''}>
          {connect.isPending ? 'Starting…' : `Connect ${toolkitName}`}
        </button>
      </form>
      <p className="muted">
        The user id is whose account this is: agents bound to that user reach it, no one else’s.{' '}
        {hasAuthConfig ? 'The app’s enabled auth config is used.' : 'The app has no auth config yet: a Composio-managed one is created for it.'}
      </p>
      {connect.isError ? <ErrorNotice error={connect.error} title={`Could not start connecting ${toolkitName}`} compact /> : null}
      {started ? <ConnectProgress started={started} toolkitName={toolkitName} onDismiss={() => setStarted(null)} /> : null}
    </section>
  );
}

/** One connect attempt as it happens, from `composio.connect` events. */
export function ConnectProgress({ started, toolkitName, onDismiss }: { started: ComposioConnectStarted; toolkitName: string; onDismiss: () => void }) {
  const flowQuery = useComposioConnectFlow(started.id);
  const cancel = useCancelComposioConnect();
  const now = useNow(1000);
  const flow = flowQuery.data ?? started;
  const waiting = flow.status === 'waiting';
  return (
    <div className="composio-connect" role="region" aria-label={`Connecting ${toolkitName} for ${flow.userId}`}>
      <div role="status" aria-live="polite" className="composio-connect__status">
        {waiting ? (
          <>
            <p>
              Waiting for {flow.userId} to approve {toolkitName} at Composio: <strong>{clock(Date.parse(flow.expiresAt) - now)}</strong> left.
            </p>
            {started.openedBrowser ? (
              <CopyField label="The consent page opened in your browser. If it did not, open this address there:" value={flow.redirectUrl} />
            ) : (
              <p className="muted">
                The consent page opened in a new tab. If it did not,{' '}
                <a className="link" href={flow.redirectUrl} target="_blank" rel="noopener noreferrer">
                  open the consent page
                </a>
                ; or send the link to {flow.userId} to approve it themselves.
              </p>
            )}
          </>
        ) : flow.status === 'active' ? (
          <p className="composio-connect__ok">
            Connected: {toolkitName} for {flow.userId} is ACTIVE.{' '}
            <a className="link" href={hrefFor('integrations', 'accounts')}>
              See it under Connected accounts
            </a>
          </p>
        ) : flow.status === 'failed' ? (
          flow.error ? <ErrorNotice error={flow.error} title={`${toolkitName} was not connected`} compact /> : <p>{toolkitName} was not connected (the account is {flow.accountStatus}).</p>
        ) : flow.status === 'timed_out' ? (
          <p>No answer came in time: nothing was connected. Connect again when {flow.userId} is ready to approve.</p>
        ) : (
          <p>Cancelled: the console stopped waiting. If the consent page is approved anyway, the account appears under Connected accounts.</p>
        )}
      </div>
      <div className="cluster">
        {waiting ? (
          <button type="button" className="button button--ghost button--small" disabled={cancel.isPending} onClick={() => cancel.mutate({ connect: flow.id })}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {cancel.isError ? <ErrorNotice error={cancel.error} title="Could not cancel" compact /> : null}
    </div>
  );
}
