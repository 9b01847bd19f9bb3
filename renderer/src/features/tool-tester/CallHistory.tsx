import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useFetchMcpCall, useMcpCallHistory, type McpCallRecord, type McpCallSummary } from '../../api/mcp.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { cliCallCommand } from './cli-command.ts';
import { callStatusLabel, formatDuration } from './results/format.ts';

interface CallHistoryProps {
  filter: { server?: string; agent?: string };
  /** Opens the call: its tool selected, its arguments in the form, its result shown. */
  onOpen: (record: McpCallRecord) => void;
  /** Fills the form with the call's arguments and runs it again. */
  onReplay: (record: McpCallRecord) => void;
  replayDisabled: boolean;
}

const ROW_HEIGHT = 48;

/** The calls the core kept, newest first; new calls appear as their events arrive. */
export function CallHistory({ filter, onOpen, onReplay, replayDisabled }: CallHistoryProps) {
  const history = useMcpCallHistory(filter);
  const fetchCall = useFetchMcpCall();
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [command, setCommand] = useState<{ callId: string; text: string } | undefined>(undefined);
  const scrollRef = useRef<HTMLDivElement>(null);
  const calls = history.data ?? [];
  const virtualizer = useVirtualizer({
    count: calls.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => calls[index]?.callId ?? index,
  });

  async function withRecord(summary: McpCallSummary, use: (record: McpCallRecord) => void): Promise<void> {
    setBusy(summary.callId);
    setError(undefined);
    try {
      use(await fetchCall(summary.callId));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }

  if (history.isPending) return <LoadingState label="Loading call history…" />;
  if (history.isError) return <ErrorNotice error={history.error} title="Could not load the call history" onRetry={() => void history.refetch()} />;
  if (calls.length === 0) {
    return (
      <EmptyState title="No calls yet" next="Pick a tool, fill its form and press Run (or Ctrl+Enter).">
        Every tool call is kept with its arguments and result, so it can be opened, replayed or copied as a command.
      </EmptyState>
    );
  }
  return (
    <div className="call-history">
      {error ? <ErrorNotice error={error} title="Could not open the call" compact /> : null}
      {command ? <CopyField key={command.callId} label="Command for this call" value={command.text} /> : null}
      <div className="virtual-table" role="table" aria-label="Call history" aria-rowcount={calls.length + 1}>
        <div role="rowgroup" className="virtual-table__head">
          <div role="row" aria-rowindex={1} className="history-grid">
            <span role="columnheader">Tool</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Duration</span>
            <span role="columnheader">Started</span>
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
        </div>
        <div ref={scrollRef} className="virtual-table__scroll call-history__scroll">
          <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const call = calls[item.index];
              if (!call) return null;
              const label = `${call.tool} on ${call.serverName} at ${new Date(call.startedAt).toLocaleTimeString()}`;
              return (
                <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="virtual-table__row" style={{ transform: `translateY(${item.start}px)` }}>
                  <div role="row" aria-rowindex={item.index + 2} className="history-grid">
                    <span role="cell" className="virtual-table__name">
                      <code>{call.tool}</code> <span className="muted">on {call.serverName}</span>
                      {call.replayOf ? <span className="badge badge--muted">replay</span> : null}
                    </span>
                    <span role="cell">
                      <span className={`status-pill status-pill--call-${call.status}`}>{callStatusLabel[call.status]}</span>
                    </span>
                    <span role="cell" className="virtual-table__muted">
                      {call.durationMs !== null ? formatDuration(call.durationMs) : '—'}
                    </span>
                    <span role="cell" className="virtual-table__muted">
                      <DateTime iso={call.startedAt} />
                    </span>
                    <span role="cell" className="data-table__actions">
                      <button type="button" className="button button--ghost button--small" disabled={busy === call.callId} aria-label={`Open call ${label}`} onClick={() => void withRecord(call, onOpen)}>
                        Open
                      </button>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        disabled={busy === call.callId || replayDisabled || call.status === 'running'}
                        aria-label={`Replay call ${label}`}
                        onClick={() => void withRecord(call, onReplay)}
                      >
                        Replay
                      </button>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        disabled={busy === call.callId}
                        aria-label={`Copy command for call ${label}`}
                        onClick={() => void withRecord(call, (record) => setCommand({ callId: record.callId, text: cliCallCommand(record.serverName, record.tool, record.arguments) }))}
                      >
                        Copy command
                      </button>
                    </span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
