import type { McpUnavailableServer } from '../../../../main/rpc/contract.ts';
import { useConnectMcpServers } from '../../api/mcp.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { StatusPill } from './StatusPill.tsx';

/** Servers that were asked for but could not answer, each with its reason and a way to try again. */
export function UnavailableServers({ servers }: { servers: readonly McpUnavailableServer[] }) {
  const connect = useConnectMcpServers();
  if (servers.length === 0) return null;
  return (
    <ul className="plain-list unavailable-servers" aria-label="Servers that did not answer">
      {servers.map((server) => (
        <li key={server.serverId} className="unavailable-servers__item">
          <div className="unavailable-servers__head">
            <strong>{server.serverName}</strong>
            <StatusPill state={server.state} />
            {server.state === 'disabled' ? (
              <a className="link" href={hrefFor('mcp-servers')}>
                Enable it on the MCP servers page
              </a>
            ) : (
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={connect.isPending}
                onClick={() => connect.mutate({ server: server.serverId })}
              >
                {connect.isPending && connect.variables?.server === server.serverId ? 'Connecting…' : server.state === 'failed' ? 'Try again' : 'Connect'}
              </button>
            )}
          </div>
          {server.error ? <ErrorNotice error={new RpcError(server.error)} compact /> : null}
        </li>
      ))}
    </ul>
  );
}
