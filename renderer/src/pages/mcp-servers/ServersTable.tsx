import { useState } from 'react';
import {
  useConnectMcpServers,
  useDuplicateMcpServer,
  useReconnectMcpServer,
  useSetMcpServerEnabled,
  type McpServerConfig,
  type McpServerStatus,
} from '../../api/mcp.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { scopeLabel } from '../../features/mcp/scope-label.ts';
import { StatusPill } from '../../features/mcp/StatusPill.tsx';
import { formatDuration } from '../../features/tool-tester/results/format.ts';
import { DeleteServerDialog } from './DeleteServerDialog.tsx';

interface ServersTableProps {
  servers: readonly McpServerConfig[];
  statuses: ReadonlyMap<string, McpServerStatus>;
  onEdit: (server: McpServerConfig) => void;
}

export function ServersTable({ servers, statuses, onEdit }: ServersTableProps) {
  const [deleting, setDeleting] = useState<McpServerConfig | undefined>(undefined);
  const duplicate = useDuplicateMcpServer();
  const setEnabled = useSetMcpServerEnabled();
  const connect = useConnectMcpServers();
  const reconnect = useReconnectMcpServer();
  const actionError = duplicate.error ?? setEnabled.error ?? connect.error ?? reconnect.error;

  return (
    <>
      {actionError ? <ErrorNotice error={actionError} title="That did not work" compact /> : null}
      <div className="table-scroll">
        <table className="data-table servers-table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Status</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {servers.map((server) => {
              const status = statuses.get(server.id);
              const state = status?.state ?? (server.enabled ? 'idle' : 'disabled');
              // Shows the operator's choice at once; the mutation stays pending until the list is re-read.
              const enabled = setEnabled.isPending && setEnabled.variables?.server === server.id ? setEnabled.variables.enabled : server.enabled;
              const busy = (connect.isPending && connect.variables?.server === server.id) || (reconnect.isPending && reconnect.variables?.server === server.id);
              return (
                <tr key={server.id}>
                  <td className="data-table__name servers-table__server">
                    <div className="servers-table__name">
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
                  </td>
                  <td className="servers-table__status">
                    <StatusPill state={state} />
                    <StatusFacts status={status} />
                  </td>
                  <td>
                    <label className="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        checked={enabled}
                        disabled={setEnabled.isPending && setEnabled.variables?.server === server.id}
                        onChange={(event) => setEnabled.mutate({ server: server.id, enabled: event.target.checked })}
                        aria-label={`Enabled: ${server.name}`}
                      />
                      <span className="switch__track" aria-hidden="true" />
                    </label>
                  </td>
                  <td className="data-table__actions">
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
                    <button type="button" className="button button--ghost-danger button--small" aria-label={`Delete ${server.name}`} onClick={() => setDeleting(server)}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {deleting ? <DeleteServerDialog server={deleting} onClose={() => setDeleting(undefined)} /> : null}
    </>
  );
}

/** Everything the status says beyond its state: why it failed, its tools, since when, how fast. */
function StatusFacts({ status }: { status: McpServerStatus | undefined }) {
  if (!status) return null;
  return (
    <div className="servers-table__facts">
      {status.state === 'failed' && status.error ? <ErrorNotice error={new RpcError(status.error)} compact /> : null}
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
