import type { ReactNode } from 'react';
import {
  useConnectCredential,
  useRefreshCredential,
  useRevokeCredential,
  useTestCredential,
  type Credential,
  type StartedFlow,
} from '../../api/credentials.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { useDeleteConfirmation } from '../../components/DeleteDialog.tsx';
import type { ViewedQuery } from '../../components/QueryView.tsx';
import { credentialStatus } from './credential-status.ts';
import { DeleteCredentialDialog } from './DeleteCredentialDialog.tsx';
import type { ActionOutcome } from './outcome.ts';
import { useNow } from './use-now.ts';

interface ActionHandlers {
  onConnecting: (credential: Credential, started: StartedFlow) => void;
  onOutcome: (outcome: ActionOutcome) => void;
}

interface CredentialsTableProps extends ActionHandlers {
  query: ViewedQuery<readonly Credential[]>;
  empty: ReactNode;
}

export function CredentialsTable({ query, empty, ...handlers }: CredentialsTableProps) {
  const now = useNow(30_000);
  const deletion = useDeleteConfirmation<Credential>((credential, close) => <DeleteCredentialDialog credential={credential} onClose={close} />);
  const columns: Column<Credential>[] = [
    { header: 'Credential', width: 'minmax(140px, 1fr)', kind: 'name', cell: (credential) => <CredentialSummary credential={credential} /> },
    { header: 'Status', width: 'minmax(190px, 0.9fr)', cell: (credential) => <StatusCell credential={credential} now={now} /> },
    { header: 'Granted scopes', width: 'minmax(140px, 1.3fr)', className: 'credentials-table__scopes', cell: (credential) => <ScopesCell credential={credential} /> },
    { header: 'Last test', width: 'minmax(165px, 0.9fr)', kind: 'muted', cell: (credential) => <LastTestCell credential={credential} /> },
    {
      header: 'Actions',
      headerHidden: true,
      // Wide enough for the five buttons in two lines, as they wrap.
      width: 'minmax(200px, 256px)',
      kind: 'actions',
      cell: (credential) => <CredentialActions credential={credential} onDelete={() => deletion.ask(credential)} {...handlers} />,
    },
  ];
  return (
    <>
      <DataTable label="Credentials" what="credentials" columns={columns} rowKey={(credential) => credential.id} query={query} empty={empty} rowStyle="top" />
      {deletion.dialog}
    </>
  );
}

function CredentialSummary({ credential }: { credential: Credential }) {
  return (
    <>
      <div>{credential.label}</div>
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
    </>
  );
}

function StatusCell({ credential, now }: { credential: Credential; now: number }) {
  const status = credentialStatus(credential, now);
  return (
    <>
      <span className={`status-pill status-pill--${status.tone}`} title={status.detail}>
        {status.label}
      </span>
      {credential.damaged ? <div className="credentials-table__sub">{credential.damaged.hint}</div> : null}
      {credential.status === 'needs_reauth' && credential.reauthReason ? <div className="credentials-table__sub">{credential.reauthReason}</div> : null}
    </>
  );
}

function ScopesCell({ credential }: { credential: Credential }) {
  return (
    <>
      {credential.grantedScopes ? <code>{credential.grantedScopes.join(' ') || '(none)'}</code> : <span className="muted">—</span>}
      {credential.missingScopes.length > 0 ? <div className="credentials-table__missing">Not granted: {credential.missingScopes.join(' ')}</div> : null}
    </>
  );
}

function LastTestCell({ credential }: { credential: Credential }) {
  if (!credential.lastTest) return 'Never tested';
  return (
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
  );
}

function CredentialActions({ credential, onConnecting, onOutcome, onDelete }: { credential: Credential; onDelete: () => void } & ActionHandlers) {
  const connect = useConnectCredential();
  const test = useTestCredential();
  const refresh = useRefreshCredential();
  const revoke = useRevokeCredential();
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
    <>
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
      <button type="button" className="button button--ghost-danger button--small" onClick={onDelete} aria-label={`Delete credential ${label}`}>
        Delete
      </button>
    </>
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
