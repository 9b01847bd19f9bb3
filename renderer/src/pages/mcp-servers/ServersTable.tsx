import { useState, type ReactNode } from 'react';
import type { ErrorCode, McpAuthStatus, McpServerConfig, McpServerStatus } from '../../../../main/rpc/contract.ts';
import { useConnectMcpServers, useDuplicateMcpServer, useReconnectMcpServer, useSetMcpServerEnabled } from '../../api/mcp.ts';
import { useRegistryUpdate, type RegistryInstallRecord } from '../../api/registry.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { useDeleteConfirmation } from '../../components/DeleteDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import type { ViewedQuery } from '../../components/QueryView.tsx';
import { scopeLabel } from '../../features/mcp/scope-label.ts';
import { serverState } from '../../features/mcp/server-state.ts';
import { StatusPill } from '../../features/mcp/StatusPill.tsx';
import { formatDuration } from '../../features/tool-tester/results/format.ts';
import { testerHref } from '../../features/tool-tester/tester-route.ts';
import { DeleteServerDialog } from './DeleteServerDialog.tsx';
import { SignInFacts } from './SignInFacts.tsx';

interface ServersTableProps {
  query: ViewedQuery<readonly McpServerConfig[]>;
  statuses: ReadonlyMap<string, McpServerStatus>;
  onEdit: (server: McpServerConfig) => void;
  empty: ReactNode;
  /** Servers installed from the registry, by server id: their version, and a newer one when the cache has it. */
  installs?: ReadonlyMap<string, RegistryInstallRecord>;
  /** The servers to show when they are not the query's own (searched, filtered by status). */
  rows?: readonly McpServerConfig[] | undefined;
  /** Remote servers' sign-ins (the MCP authorization spec), by server id, and how one starts. */
  signIns?: ReadonlyMap<string, McpAuthStatus>;
  signingIn?: string | null;
  onSignIn?: (server: McpServerConfig) => void;
}

export function ServersTable({ query, statuses, onEdit, empty, installs, rows, signIns, signingIn = null, onSignIn }: ServersTableProps) {
  const deletion = useDeleteConfirmation<McpServerConfig>((server, close) => <DeleteServerDialog server={server} onClose={close} />);
  const duplicate = useDuplicateMcpServer();
  const setEnabled = useSetMcpServerEnabled();
  const connect = useConnectMcpServers();
  const reconnect = useReconnectMcpServer();
  const update = useRegistryUpdate();
  const actionError = duplicate.error ?? setEnabled.error ?? connect.error ?? reconnect.error ?? update.error;
  const stateOf = (server: McpServerConfig) => serverState(server, statuses);
  // The operator's choice, held from the click until the list is re-read: the mutation's own
  // pending state reaches the next render only after a macrotask, and the switch must not flick back.
  const [choice, setChoice] = useState<{ server: string; enabled: boolean } | null>(null);
  const togglingOf = (server: McpServerConfig) => choice?.server === server.id;
  const toggle = (server: McpServerConfig, enabled: boolean) => {
    setChoice({ server: server.id, enabled });
    setEnabled.mutate({ server: server.id, enabled }, { onSettled: () => setChoice(null) });
  };

  const columns: Column<McpServerConfig>[] = [
    {
      header: 'Server',
      width: 'minmax(200px, 1fr)',
      kind: 'name',
      cell: (server) => (
        <>
          <ServerSummary server={server} />
          <RegistryOrigin install={installs?.get(server.id)} name={server.name} updating={update.isPending && update.variables?.server === server.id} onUpdate={() => update.mutate({ server: server.id })} />
        </>
      ),
    },
    {
      header: 'Status',
      width: 'minmax(220px, 1.1fr)',
      cell: (server) => (
        <>
          <StatusPill state={stateOf(server)} />
          <StatusFacts server={server} status={statuses.get(server.id)} />
          <SignInFacts server={server} status={statuses.get(server.id)} signIn={signIns?.get(server.id)} starting={signingIn === server.id} onSignIn={() => onSignIn?.(server)} />
        </>
      ),
    },
    {
      header: 'Enabled',
      width: '72px',
      cell: (server) => (
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={choice?.server === server.id ? choice.enabled : server.enabled}
            disabled={togglingOf(server)}
            onChange={(event) => toggle(server, event.target.checked)}
            aria-label={`Enabled: ${server.name}`}
          />
          <span className="switch__track" aria-hidden="true" />
        </label>
      ),
    },
    {
      header: 'Actions',
      headerHidden: true,
      // All five actions on one line where there is room.
      width: 'minmax(170px, 440px)',
      kind: 'actions',
      cell: (server) => {
        const state = stateOf(server);
        const busy = (connect.isPending && connect.variables?.server === server.id) || (reconnect.isPending && reconnect.variables?.server === server.id);
        return (
          <>
            {server.enabled ? (
              <button
                type="button"
                className="button button--ghost button--small"
                disabled={busy || state === 'connecting'}
                aria-label={`${state === 'ready' ? 'Reconnect' : 'Connect'} ${server.name}`}
                onClick={() => (state === 'ready' || state === 'failed' ? reconnect.mutate({ server: server.id }) : connect.mutate({ server: server.id }))}
              >
                {busy ? 'Connecting…' : state === 'ready' || state === 'failed' ? 'Reconnect' : 'Connect'}
              </button>
            ) : null}
            {server.enabled ? (
              <a className="button button--ghost button--small" aria-label={`Test the tools of ${server.name}`} href={testerHref(server.id)}>
                Tools
              </a>
            ) : null}
            <button type="button" className="button button--ghost button--small" aria-label={`Edit ${server.name}`} onClick={() => onEdit(server)}>
              Edit
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={`Duplicate ${server.name}`}
              disabled={duplicate.isPending}
              onClick={() => duplicate.mutate({ server: server.id })}
            >
              Duplicate
            </button>
            <button type="button" className="button button--ghost-danger button--small" aria-label={`Delete ${server.name}`} onClick={() => deletion.ask(server)}>
              Delete
            </button>
          </>
        );
      },
    },
  ];

  return (
    <>
      {actionError ? <ErrorNotice error={actionError} title="That did not work" compact /> : null}
      <DataTable label="MCP servers" what="MCP servers" columns={columns} rowKey={(server) => server.id} query={query} rows={rows} empty={empty} rowStyle="top" />
      {deletion.dialog}
    </>
  );
}

/** Where a server installed from the registry came from, and the update to its newer version. */
function RegistryOrigin({ install, name, updating, onUpdate }: { install: RegistryInstallRecord | undefined; name: string; updating: boolean; onUpdate: () => void }) {
  if (!install) return null;
  return (
    <p className="servers-table__detail cluster registry-origin">
      <span>
        From the registry: <a className="link" href={hrefFor('registry', install.registryName)}>{install.registryName}</a> {install.version}
      </span>
      {install.updateAvailable ? (
        <>
          <span className="badge badge--warning">{install.latestVersion} available</span>
          <button type="button" className="button button--ghost button--small" disabled={updating} aria-label={`Update ${name} to ${install.latestVersion}`} onClick={onUpdate}>
            {updating ? 'Updating…' : 'Update'}
          </button>
        </>
      ) : null}
    </p>
  );
}

/** The name with its scope and transport, what it runs (or where it is), and the credential it gets. */
function ServerSummary({ server }: { server: McpServerConfig }) {
  return (
    <>
      <div className="cluster">
        <code>{server.name}</code>
        <span className="badge badge--muted">{scopeLabel(server.scope)}</span>
        <span className="badge badge--muted">{server.transport.type}</span>
      </div>
      <code className="servers-table__command">
        {server.transport.type === 'stdio' ? [server.transport.command, ...server.transport.args].join(' ') : server.transport.url}
      </code>
      {server.credential ? (
        <p className="servers-table__detail">
          Credential {server.credential.credentialLabel ?? <em>missing</em>} as {server.credential.injection.kind.replace('_', ' ')}
        </p>
      ) : null}
    </>
  );
}

/** Everything the status says beyond its state: why it failed, its tools, since when, how fast. */
/** Failures that the bound credential causes, and that its page (connect, refresh, test) mends. */
const CREDENTIAL_FAILURES = new Set<ErrorCode>(['credential_needs_reauth', 'credential_token_expired', 'credential_has_no_secret', 'credential_not_found', 'mcp_unauthorized']);

function StatusFacts({ server, status }: { server: McpServerConfig; status: McpServerStatus | undefined }) {
  if (!status) return null;
  const credential = server.credential;
  const credentialToMend = status.state === 'failed' && credential && status.error && CREDENTIAL_FAILURES.has(status.error.code);
  return (
    <div className="servers-table__facts">
      {status.state === 'failed' && status.error ? <ErrorNotice error={new RpcError(status.error)} compact /> : null}
      {credentialToMend ? (
        <a className="link" href={hrefFor('credentials')}>
          Open {credential.credentialLabel ? `“${credential.credentialLabel}”` : 'the credential'} on the Credentials page
        </a>
      ) : null}
      {status.state === 'ready' ? (
        <p className="servers-table__detail">
          {status.toolCount} tool{status.toolCount === 1 ? '' : 's'}
          {status.resourceCount > 0 ? ` · ${status.resourceCount} resources` : ''}
          {status.promptCount > 0 ? ` · ${status.promptCount} prompts` : ''}
        </p>
      ) : null}
      {status.connectedSince ? (
        <p className="servers-table__detail">
          Connected since <DateTime iso={status.connectedSince} />
        </p>
      ) : null}
      {status.lastCallLatencyMs !== null ? <p className="servers-table__detail">Last call {formatDuration(status.lastCallLatencyMs)}</p> : null}
      {status.state === 'failed' && status.nextRetryAt ? (
        <p className="servers-table__detail">
          Retrying at <DateTime iso={status.nextRetryAt} /> (attempt {status.attempts})
        </p>
      ) : null}
    </div>
  );
}
