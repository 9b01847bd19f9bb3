import {
  useConnectCredential,
  useRefreshCredential,
  useRevokeCredential,
  useTestCredential,
  type Credential,
  type StartedFlow,
} from '../../api/credentials.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { credentialStatus } from './credential-status.ts';
import type { ActionOutcome } from './outcome.ts';
import { useNow } from './use-now.ts';

interface RowHandlers {
  onConnecting: (credential: Credential, started: StartedFlow) => void;
  onOutcome: (outcome: ActionOutcome) => void;
  onDelete: (credential: Credential) => void;
}

export function CredentialsTable({ credentials, ...handlers }: { credentials: readonly Credential[] } & RowHandlers) {
  const now = useNow(30_000);
  return (
    <div className="table-scroll">
      <table className="data-table credentials-table">
        <caption className="visually-hidden">Credentials</caption>
        <thead>
          <tr>
            <th scope="col">Credential</th>
            <th scope="col">Status</th>
            <th scope="col">Granted scopes</th>
            <th scope="col">Last test</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((credential) => (
            <CredentialRow key={credential.id} credential={credential} now={now} {...handlers} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CredentialRow({ credential, now, onConnecting, onOutcome, onDelete }: { credential: Credential; now: number } & RowHandlers) {
  const connect = useConnectCredential();
  const test = useTestCredential();
  const refresh = useRefreshCredential();
  const revoke = useRevokeCredential();
  const status = credentialStatus(credential, now);
  const label = credential.label;
  const holdsTokens = credential.status === 'connected' || credential.status === 'needs_reauth';

  /** Every row action ends in the page's result panel: what happened, or why it did not. */
  const report = <T,>(toOutcome: (value: T) => ActionOutcome, failureTitle: string) => ({
    onSuccess: (value: T) => onOutcome(toOutcome(value)),
    onError: (error: Error) => onOutcome({ kind: 'error', title: failureTitle, error }),
  });

  function startConnect(): void {
    connect.mutate(
      { credential: credential.id },
      {
        onSuccess: (started) => {
          // In a browser the page opens the provider's sign-in itself; the desktop app already did.
          if (!started.openedBrowser) window.open(started.authorizeUrl, '_blank', 'noopener');
          onConnecting(credential, started);
        },
        onError: (error) => onOutcome({ kind: 'error', title: `Could not start connecting ${label}`, error }),
      },
    );
  }

  return (
    <tr>
      <td className="data-table__name">
        <div>{label}</div>
        <div className="credentials-table__sub">
          {credential.providerName} · <code>{credential.clientId}</code>
          {credential.clientSecretPreview ? (
            <>
              {' '}
              · secret <code>{credential.clientSecretPreview}</code>
            </>
          ) : null}
        </div>
        {credential.boundServers.length > 0 ? (
          <div className="credentials-table__sub">Used by {credential.boundServers.map((server) => server.serverName).join(', ')}</div>
        ) : null}
      </td>
      <td>
        <span className={`status-pill status-pill--${status.tone}`} title={status.detail}>
          {status.label}
        </span>
        {credential.status === 'needs_reauth' && credential.reauthReason ? <div className="credentials-table__sub">{credential.reauthReason}</div> : null}
      </td>
      <td className="credentials-table__scopes">
        {credential.grantedScopes ? <code>{credential.grantedScopes.join(' ') || '(none)'}</code> : <span className="muted">—</span>}
        {credential.missingScopes.length > 0 ? <div className="credentials-table__missing">Not granted: {credential.missingScopes.join(' ')}</div> : null}
      </td>
      <td className="data-table__muted">
        {credential.lastTest ? (
          <>
            <div className={credential.lastTest.ok ? 'test-badge test-badge--ok' : 'test-badge test-badge--fail'}>
              {credential.lastTest.ok ? 'Passed' : problemLabel(credential.lastTest.problem)}
            </div>
            <DateTime iso={credential.lastTest.at} />
            {!credential.lastTest.ok && credential.lastTestPassedAt ? (
              <div className="credentials-table__sub">
                last passed <DateTime iso={credential.lastTestPassedAt} />
              </div>
            ) : null}
          </>
        ) : (
          'Never tested'
        )}
      </td>
      <td className="data-table__actions">
        <button type="button" className="button button--secondary button--small" disabled={connect.isPending} onClick={startConnect} aria-label={`${holdsTokens ? 'Reconnect' : 'Connect'} ${label}`}>
          {connect.isPending ? 'Starting…' : holdsTokens ? 'Reconnect' : 'Connect'}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={test.isPending}
          aria-label={`Test ${label}`}
          onClick={() => test.mutate({ credential: credential.id }, report((result) => ({ kind: 'test', label, result }), `Could not test ${label}`))}
        >
          {test.isPending ? 'Testing…' : 'Test'}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={refresh.isPending || !credential.hasRefreshToken}
          title={credential.hasRefreshToken ? undefined : 'No refresh token held'}
          aria-label={`Refresh ${label}`}
          onClick={() =>
            refresh.mutate(
              { credential: credential.id },
              report((refreshed) => ({ kind: 'message', text: `Refreshed ${label}: the access token is good until ${refreshed.expiresAt ? new Date(refreshed.expiresAt).toLocaleString() : 'the provider says otherwise'}.` }), `Could not refresh ${label}`),
            )
          }
        >
          {refresh.isPending ? 'Refreshing…' : 'Refresh'}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={revoke.isPending || !holdsTokens}
          aria-label={`Disconnect ${label}`}
          onClick={() => revoke.mutate({ credential: credential.id }, report((result) => ({ kind: 'message', text: `Disconnected ${label}. ${result.detail}` }), `Could not disconnect ${label}`))}
        >
          {revoke.isPending ? 'Disconnecting…' : 'Disconnect'}
        </button>
        <button type="button" className="button button--ghost-danger button--small" onClick={() => onDelete(credential)} aria-label={`Delete credential ${label}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

const problemLabels: Record<string, string> = {
  never_connected: 'No tokens',
  needs_reauth: 'Needs re-authorization',
  expired: 'Expired',
  revoked: 'Revoked',
  insufficient_scope: 'Insufficient scope',
  invalid_client: 'Invalid client',
  unreachable: 'Provider unreachable',
};

function problemLabel(problem: string | null): string {
  return problem ? (problemLabels[problem] ?? problem) : 'Failed';
}
