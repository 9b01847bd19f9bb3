import { useEffect, useMemo, useState } from 'react';
import type { McpProtocolMessage } from '../../../../main/rpc/contract.ts';
import { useClearMcpProtocol, useExportMcpProtocol, useMcpEvent, useReadMcpProtocol } from '../../api/mcp.ts';
import { downloadFile } from '../../components/download.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { appendLines } from './log-lines.ts';

/** As many as the core keeps per server. */
const MAX_MESSAGES = 2000;

interface Filter {
  direction: '' | 'out' | 'in';
  kind: '' | McpProtocolMessage['kind'];
  method: string;
  text: string;
}

const noFilter: Filter = { direction: '', kind: '', method: '', text: '' };

function matches(message: McpProtocolMessage, filter: Filter): boolean {
  if (filter.direction && message.direction !== filter.direction) return false;
  if (filter.kind && message.kind !== filter.kind) return false;
  if (filter.method && !(message.method ?? '').startsWith(filter.method.trim())) return false;
  if (filter.text && !JSON.stringify(message.body ?? '').toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}

/** What the export asks the core for: the same filter, in the contract's terms. */
function exportFilter(filter: Filter) {
  return {
    direction: filter.direction || undefined,
    kind: filter.kind || undefined,
    method: filter.method.trim() || undefined,
    text: filter.text || undefined,
  };
}

/**
 * Every JSON-RPC message in and out of one server's connection, as the core keeps them (redacted,
 * bounded): the kept ones first, then live ones as they pass. Filtered by direction, kind, method
 * and text; a message opens to its full body; the filtered messages export as JSON lines.
 */
export function ProtocolPanel({ serverId, serverName }: { serverId: string; serverName: string }) {
  const read = useReadMcpProtocol();
  const exportMessages = useExportMcpProtocol();
  const clear = useClearMcpProtocol();
  const [messages, setMessages] = useState<McpProtocolMessage[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [openSeq, setOpenSeq] = useState<number | undefined>(undefined);

  useEffect(() => {
    let active = true;
    setMessages([]);
    read({ server: serverId, limit: MAX_MESSAGES }).then(
      (page) => active && setMessages((live) => appendLines(page.messages, live, MAX_MESSAGES)),
      (caught: unknown) => active && setError(caught),
    );
    return () => {
      active = false;
    };
  }, [serverId, read]);

  useMcpEvent('mcp.protocolMessage', (message) => {
    if (message.serverId === serverId) setMessages((current) => appendLines(current, [message], MAX_MESSAGES));
  });

  const visible = useMemo(() => messages.filter((message) => matches(message, filter)), [messages, filter]);
  const opened = visible.find((message) => message.seq === openSeq);
  const set = (change: Partial<Filter>) => setFilter((current) => ({ ...current, ...change }));

  return (
    <div className="protocol-panel">
      <div className="protocol-panel__filters cluster" role="search" aria-label={`Filter the messages of ${serverName}`}>
        <label>
          Direction{' '}
          <select className="input input--compact" value={filter.direction} onChange={(event) => set({ direction: event.target.value as Filter['direction'] })}>
            <option value="">both</option>
            <option value="out">sent →</option>
            <option value="in">received ←</option>
          </select>
        </label>
        <label>
          Kind{' '}
          <select className="input input--compact" value={filter.kind} onChange={(event) => set({ kind: event.target.value as Filter['kind'] })}>
            <option value="">all</option>
            <option value="request">requests</option>
            <option value="response">responses</option>
            <option value="error">errors</option>
            <option value="notification">notifications</option>
          </select>
        </label>
        <label>
          Method{' '}
          <input className="input input--compact input--mono" value={filter.method} placeholder="tools/" onChange={(event) => set({ method: event.target.value })} />
        </label>
        <label>
          Text{' '}
          <input className="input input--compact" type="search" value={filter.text} placeholder="in the body" onChange={(event) => set({ text: event.target.value })} />
        </label>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={exportMessages.isPending || visible.length === 0}
          onClick={() =>
            exportMessages.mutate({ server: serverId, ...exportFilter(filter) }, { onSuccess: (exported) => downloadFile(exported.fileName, exported.jsonl, 'application/x-ndjson') })
          }
        >
          Export JSON lines
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={clear.isPending || messages.length === 0}
          onClick={() => clear.mutate({ server: serverId }, { onSuccess: () => setMessages([]) })}
        >
          Clear
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {visible.length === messages.length ? `${messages.length} messages` : `${visible.length} of ${messages.length} messages`} with {serverName}
      </p>
      {error ? <ErrorNotice error={error} title="Could not read the protocol messages" compact /> : null}
      {exportMessages.error ? <ErrorNotice error={exportMessages.error} title="Could not export the messages" compact /> : null}
      <div className="protocol-panel__split">
        <div className="protocol-panel__list" tabIndex={0} aria-label={`JSON-RPC messages of ${serverName}`}>
          <table className="protocol-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Dir</th>
                <th scope="col">Kind</th>
                <th scope="col">Method</th>
                <th scope="col">Id</th>
                <th scope="col">Size</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((message) => (
                <tr key={message.seq} className={`protocol-row protocol-row--${message.kind}${message.seq === openSeq ? ' is-selected' : ''}`} aria-selected={message.seq === openSeq}>
                  <td>{new Date(message.at).toLocaleTimeString()}</td>
                  <td aria-label={message.direction === 'out' ? 'sent' : 'received'}>{message.direction === 'out' ? '→' : '←'}</td>
                  <td>{message.kind}</td>
                  <td>
                    <button type="button" className="link-button input--mono" onClick={() => setOpenSeq(message.seq === openSeq ? undefined : message.seq)}>
                      {message.method ?? '?'}
                    </button>
                  </td>
                  <td>{message.id === null ? '' : String(message.id)}</td>
                  <td>{message.size} B</td>
                  <td>{message.durationMs === null ? '' : `${message.durationMs.toFixed(1)} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {opened ? (
          <section className="protocol-panel__body" aria-label="Message body">
            <p className="muted">
              {opened.direction === 'out' ? 'Sent' : 'Received'} {opened.kind} {opened.method ?? ''} · {opened.size} B
            </p>
            <pre className="code-block">{opened.body === null ? `Not kept: ${opened.size} bytes is more than the view keeps of one message.` : JSON.stringify(opened.body, null, 2)}</pre>
          </section>
        ) : null}
      </div>
    </div>
  );
}
