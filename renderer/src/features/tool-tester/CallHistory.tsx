import { useState } from 'react';
import type { McpCallRecord, McpCallSummary } from '../../../../main/rpc/contract.ts';
import { useFetchMcpCall, useMcpCallHistory } from '../../api/mcp.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useCliCommand } from './use-cli-command.ts';
import { serverWithScope, useServerScopes } from './use-server-scopes.ts';
import { callStatusLabel, formatDuration } from './results/format.ts';

interface CallHistoryProps {
  filter: { server?: string; agent?: string };
  /** Opens the call: its tool selected, its arguments in the form, its result shown. */
  onOpen: (record: McpCallRecord) => void;
  /** Fills the form with the call's arguments and runs it again. */
  /** Available while another call runs: the replay becomes the call shown. */
  onReplay: (record: McpCallRecord) => void;
}

const actorTitle: Record<string, string> = {
  ui: 'Run from the console window',
  cli: 'Run from a terminal (crewship mcp call)',
  http: "Run through the local host's API",
  agent: 'Run by an agent through its MCP endpoint',
  system: 'Run by the console itself',
};

/** The calls the core kept, newest first; new calls appear as their events arrive. */
export function CallHistory({ filter, onOpen, onReplay }: CallHistoryProps) {
  const history = useMcpCallHistory(filter);
  const fetchCall = useFetchMcpCall();
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [command, setCommand] = useState<{ callId: string; text: string } | undefined>(undefined);
  const commandFor = useCliCommand();
  const scopeOf = useServerScopes();

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

  const columns: Column<McpCallSummary>[] = [
    {
      header: 'Tool',
      width: 'minmax(180px, 2fr)',
      kind: 'name',
      className: 'cluster',
      cell: (call) => (
        <>
          <code>{call.tool}</code> <span className="muted">on {serverWithScope(call.serverName, scopeOf(call.serverId))}</span>
          {call.replayOf ? <span className="badge badge--muted">replay</span> : null}
          {call.taskStatus ? (
            <span className={`task-status__state task-status__state--${call.taskStatus}`} title="Run as a task (SEP-1686): its last status">
              task {call.taskStatus.replace('_', ' ')}
            </span>
          ) : null}
        </>
      ),
    },
    { header: 'Status', width: '110px', cell: (call) => <span className={`status-pill status-pill--call-${call.status}`}>{callStatusLabel[call.status]}</span> },
    // Who ran it: the Electron window (ui), a terminal (cli), the local host's API (http), an agent's endpoint (agent).
    { header: 'By', width: '56px', kind: 'muted', cell: (call) => <span title={actorTitle[call.actor] ?? call.actor}>{call.actor}</span> },
    { header: 'Duration', width: '80px', kind: 'muted', cell: (call) => (call.durationMs !== null ? formatDuration(call.durationMs) : '—') },
    { header: 'Started', width: 'minmax(150px, 1fr)', kind: 'muted', cell: (call) => <DateTime iso={call.startedAt} /> },
    {
      header: 'Actions',
      headerHidden: true,
      width: '292px',
      kind: 'actions',
      cell: (call) => {
        const label = `${call.tool} on ${call.serverName} at ${new Date(call.startedAt).toLocaleTimeString()}`;
        return (
          <>
            <button type="button" className="button button--ghost button--small" disabled={busy === call.callId} aria-label={`Open call ${label}`} onClick={() => void withRecord(call, onOpen)}>
              Open
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={busy === call.callId || call.status === 'running'}
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
              onClick={() => void withRecord(call, (record) => setCommand({ callId: record.callId, text: commandFor({ ...record, asTask: record.task !== null }) }))}
            >
              Copy command
            </button>
          </>
        );
      },
    },
  ];

  return (
    <div className="call-history">
      {error ? <ErrorNotice error={error} title="Could not open the call" compact /> : null}
      {command ? <CopyField key={command.callId} label="Command for this call" value={command.text} copyOnMount /> : null}
      <DataTable
        label="Call history"
        what="call history"
        columns={columns}
        rowKey={(call) => call.callId}
        query={history}
        empty={
          <EmptyState title="No calls yet" next="Pick a tool, fill its form and press Run (or Ctrl+Enter).">
            Every tool call is kept with its arguments and result, so it can be opened, replayed or copied as a command.
          </EmptyState>
        }
        size="bounded"
        rowStyle="compact"
      />
    </div>
  );
}
