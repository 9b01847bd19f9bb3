import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { McpProtocolMessage } from '../../../../main/rpc/contract.ts';
import { useClearMcpProtocol, useExportMcpProtocol, useMcpEvent, useReadMcpProtocol } from '../../api/mcp.ts';
import { downloadFile } from '../../components/download.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { appendLines } from './log-lines.ts';

/** As many as the core keeps per server. */
const MAX_MESSAGES = 2000;
/** Rows drawn at once: the newest of those that match; filtering or the export reaches the rest. */
const MAX_ROWS = 500;

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

interface Catching {
  serverId: string;
  lastSeq: number;
  reading: boolean;
  again: boolean;
}

/**
 * The server's kept messages, then the new ones as they pass. The bus only says that a message
 * passed (its notice has no body), so they are read after it, one read at a time: a burst of
 * notices costs one read of everything since the last message shown.
 */
function useProtocolMessages(serverId: string) {
  const read = useReadMcpProtocol();
  const [messages, setMessages] = useState<McpProtocolMessage[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const catching = useRef<Catching>({ serverId, lastSeq: 0, reading: false, again: false });

  const catchUp = useCallback(() => {
    const state = catching.current;
    if (state.reading) {
      state.again = true;
      return;
    }
    state.reading = true;
    const current = () => catching.current === state;
    read({ server: state.serverId, afterSeq: state.lastSeq, limit: MAX_MESSAGES })
      .then(
        (page) => {
          if (!current()) return;
          state.lastSeq = page.messages.at(-1)?.seq ?? state.lastSeq;
          if (page.messages.length === MAX_MESSAGES) state.again = true;
          setMessages((shown) => appendLines(shown, page.messages, MAX_MESSAGES));
        },
        (caught: unknown) => current() && setError(caught),
      )
      .finally(() => {
        state.reading = false;
        if (state.again && current()) {
          state.again = false;
          catchUp();
        }
      });
  }, [read]);

  useEffect(() => {
    catching.current = { serverId, lastSeq: 0, reading: false, again: false };
    setMessages([]);
    setError(undefined);
    catchUp();
  }, [serverId, catchUp]);

  useMcpEvent('mcp.protocolMessage', (notice) => {
    if (notice.serverId === serverId && notice.seq > catching.current.lastSeq) catchUp();
  });

  return { messages, error, forget: useCallback(() => setMessages([]), []) };
}

/**
 * Every JSON-RPC message in and out of one server's connection, as the core keeps them (redacted,
 * bounded): the kept ones first, then live ones as they pass. Filtered by direction, kind, method
 * and text; a message opens to its full body; the filtered messages export as JSON lines.
 */
export function ProtocolPanel({ serverId, serverName }: { serverId: string; serverName: string }) {
  const exportMessages = useExportMcpProtocol();
  const clear = useClearMcpProtocol();
  const { messages, error, forget } = useProtocolMessages(serverId);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [openSeq, setOpenSeq] = useState<number | undefined>(undefined);

  const visible = useMemo(() => messages.filter((message) => matches(message, filter)), [messages, filter]);
  const rows = visible.length > MAX_ROWS ? visible.slice(-MAX_ROWS) : visible;
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
          onClick={() => clear.mutate({ server: serverId }, { onSuccess: forget })}
        >
          Clear
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {visible.length === messages.length ? `${messages.length} messages` : `${visible.length} of ${messages.length} messages`} with {serverName}
        {rows.length < visible.length ? ` (the newest ${rows.length} shown: filter, or export them all)` : ''}
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
              {rows.map((message) => (
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
