import type { McpLogLevel } from '../../../../main/rpc/contract.ts';
import { useMcpStatus, usePingMcpServer, useSetMcpLogLevel } from '../../api/mcp.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

const LEVELS: McpLogLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/**
 * The log pane's controls of the server itself: the level it sends log messages from
 * (logging/setLevel, where it offers logging; kept and sent again after a reconnect) and a ping
 * with its round trip.
 */
export function LogControls({ serverId, serverName }: { serverId: string; serverName: string }) {
  const status = useMcpStatus().data?.find((candidate) => candidate.serverId === serverId);
  const setLevel = useSetMcpLogLevel();
  const ping = usePingMcpServer();
  const ready = status?.state === 'ready';
  const logs = status?.capabilities?.logging ?? false;
  return (
    <div className="log-controls cluster">
      {logs ? (
        <label className="log-controls__level">
          Log level{' '}
          <select
            className="input input--compact"
            aria-label={`Log level of ${serverName}`}
            value={status?.logLevel ?? ''}
            disabled={!ready || setLevel.isPending}
            onChange={(event) => setLevel.mutate({ server: serverId, level: event.target.value as McpLogLevel })}
          >
            {status?.logLevel ? null : <option value="">server default</option>}
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="button" className="button button--ghost button--small" disabled={!ready || ping.isPending} onClick={() => ping.mutate({ server: serverId })}>
        {ping.isPending ? 'Pinging…' : 'Ping'}
      </button>
      <span className="muted" role="status" aria-live="polite">
        {ping.data && !ping.isPending ? `Round trip ${ping.data.latencyMs.toFixed(1)} ms` : ''}
      </span>
      {setLevel.error ? <ErrorNotice error={setLevel.error} title="The log level did not change" compact /> : null}
      {ping.error ? <ErrorNotice error={ping.error} title="The ping failed" compact /> : null}
    </div>
  );
}
