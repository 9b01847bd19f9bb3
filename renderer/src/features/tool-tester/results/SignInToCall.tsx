import { useEffect, useRef } from 'react';
import type { McpCallRecord } from '../../../../../main/rpc/contract.ts';
import { useMcpAuthFlow, useOpenSignInPage, useSignInToMcpServer } from '../../../api/mcp-auth.ts';
import { RpcError } from '../../../api/rpc-error.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';

/**
 * A call refused because the server needs a sign-in, or more scope than the sign-in granted (a
 * step-up, insufficient_scope): the operator is asked; yes signs in (asking for the union of the
 * scopes), the authorization page opened after its origin is shown, and once signed in the call
 * runs again, once.
 */
export function SignInToCall({ record, onSignedIn }: { record: McpCallRecord; onSignedIn: () => void }) {
  const signIn = useSignInToMcpServer();
  const open = useOpenSignInPage();
  const flow = useMcpAuthFlow(signIn.data?.flow.id).data ?? signIn.data?.flow;
  const ranAgain = useRef(false);
  const stepUp = record.error?.code === 'mcp_auth_insufficient_scope';

  useEffect(() => {
    if (flow?.status !== 'signed_in' || ranAgain.current) return;
    ranAgain.current = true;
    onSignedIn();
  }, [flow?.status, onSignedIn]);

  const openPage = () =>
    open.mutate({ flow: flow!.id }, { onSuccess: (answer) => void (!answer.openedBrowser && answer.flow.authorizeUrl && window.open(answer.flow.authorizeUrl, '_blank', 'noopener')) });

  return (
    <div className="callout callout--warning sign-in-to-call" role="group" aria-label={`Sign in to ${record.serverName}`}>
      {!flow ? (
        <>
          <p>{stepUp ? `${record.serverName} needs more access for this tool. Sign in again to grant it, then run the call again?` : `Sign in to ${record.serverName}, then run the call again?`}</p>
          <button type="button" className="button button--primary button--small" disabled={signIn.isPending} onClick={() => signIn.mutate({ server: record.serverId, openBrowser: false })}>
            {signIn.isPending ? 'Starting…' : stepUp ? 'Sign in again and run' : 'Sign in and run'}
          </button>
        </>
      ) : flow.status === 'waiting' ? (
        <>
          <p>
            The sign-in page is at <code>{flow.authorizationOrigin}</code>
            {flow.crossOrigin ? <> (not the server’s own origin, {flow.serverOrigin})</> : null}; asking for <code>{flow.scopes.join(' ')}</code>.
          </p>
          <button type="button" className="button button--primary button--small" disabled={open.isPending} onClick={openPage}>
            {open.isSuccess ? 'Open the sign-in page again' : `Continue to ${flow.authorizationOrigin}`}
          </button>
        </>
      ) : flow.status === 'exchanging' ? (
        <p>The browser came back; exchanging the code for tokens…</p>
      ) : flow.status === 'signed_in' ? (
        <p>Signed in to {record.serverName}; the call runs again.</p>
      ) : flow.error ? (
        <ErrorNotice error={new RpcError(flow.error)} title="Not signed in" compact />
      ) : null}
      {signIn.isError ? <ErrorNotice error={signIn.error} compact /> : null}
    </div>
  );
}
