import { useMemo, useState } from 'react';
import { useAgents } from '../../../api/agents.ts';
import { useAgentEndpoints, useTestAgentEndpoint, type AgentEndpoint } from '../../../api/composio-access.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { StatusPill } from '../../../features/mcp/StatusPill.tsx';
import { AgentPicker } from '../../../features/pickers/Pickers.tsx';
import { testerHref } from '../../../features/tool-tester/tester-route.ts';
import { RpcError } from '../../../api/rpc-error.ts';
import { scopeLabel } from './BindingPreview.tsx';

type TestOutcome = ReturnType<typeof useTestAgentEndpoint>['data'] & {};

const endpointKey = (endpoint: AgentEndpoint) => `${endpoint.agentId}:${endpoint.serverId}`;
const allAgents = [{ value: '', label: 'All agents' }];

/**
 * Every agent's resolved MCP endpoints (composio.endpoints.list): each server with the user and
 * app it is scoped to, the URL as the core masks it, its tools and state; Test connects it through
 * the gateway and lists its tools, and its tools run in the tester as the agent would run them.
 */
export function McpEndpointsTab() {
  const endpoints = useAgentEndpoints();
  const test = useTestAgentEndpoint();
  const [outcome, setOutcome] = useState<{ endpoint: AgentEndpoint; result: TestOutcome } | { endpoint: AgentEndpoint; error: Error } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const columns = useMemo(
    () =>
      endpointColumns({
        testing: test.isPending ? test.variables : undefined,
        onTest: (endpoint) =>
          test.mutate(
            { agent: endpoint.agentId, server: endpoint.serverId },
            { onSuccess: (result) => setOutcome({ endpoint, result }), onError: (error) => setOutcome({ endpoint, error }) },
          ),
        shown,
        onShow: (endpoint) => setShown((before) => (before === endpointKey(endpoint) ? null : endpointKey(endpoint))),
      }),
    [test, shown],
  );
  const jsonOf = endpoints.data?.find((endpoint) => endpointKey(endpoint) === shown);
  const [agent, setAgent] = useState('');
  const everyAgent = useAgents();
  // The agents' rows say each one's crew and slug, so the picker can tell two of one name apart.
  const agents = useMemo(
    () => [...new Map((endpoints.data ?? []).map((endpoint) => [endpoint.agentId, endpoint.agentName])).entries()].map(([id, name]) => everyAgent.data?.find((row) => row.id === id) ?? { id, name }),
    [endpoints.data, everyAgent.data],
  );
  const rows = useMemo(() => (agent ? endpoints.data?.filter((endpoint) => endpoint.agentId === agent) : undefined), [endpoints.data, agent]);
  return (
    <div className="agent-endpoints">
      <p className="muted">
        Each agent’s servers as they resolve for it. A Composio URL is scoped on Composio’s side to the agent’s bound user; the project key is never in it — the gateway adds it as a
        header when it connects.
      </p>
      {agents.length > 1 ? (
        <div className="filters">
          <AgentPicker label="Agent" variant="inline" compact value={agent} onChange={setAgent} agents={agents} leading={allAgents} />
          <span className="muted" role="status" aria-live="polite">
            {(rows ?? endpoints.data ?? []).length.toLocaleString()} endpoints
          </span>
        </div>
      ) : null}
      {outcome ? <TestOutcomePanel outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}
      {jsonOf ? <CopyField label={`${jsonOf.agentName} · ${jsonOf.displayName} as .mcp.json`} value={jsonOf.mcpJson} multiline /> : null}
      <DataTable
        label="MCP endpoints"
        what="MCP endpoints"
        columns={columns}
        rowKey={endpointKey}
        query={endpoints}
        {...(rows ? { rows } : {})}
        size="content"
        rowStyle="top"
        testId="agent-endpoints"
        empty={
          <EmptyState
            title="No agent has an MCP endpoint yet"
            next={
              <>
                Bind an agent in <a className="link" href={hrefFor('integrations', 'access')}>Agent access</a>, or turn the default connector on there; its endpoints appear here.
              </>
            }
          >
            The MCP URL each agent uses, scoped on the server side to the agent’s bound user, so an agent cannot reach another user’s accounts even in principle.
          </EmptyState>
        }
      />
    </div>
  );
}

interface EndpointActions {
  testing: { agent: string; server: string } | undefined;
  onTest: (endpoint: AgentEndpoint) => void;
  shown: string | null;
  onShow: (endpoint: AgentEndpoint) => void;
}

function endpointColumns(actions: EndpointActions): readonly Column<AgentEndpoint>[] {
  return [
    {
      header: 'Endpoint',
      width: 'minmax(170px, 1.4fr)',
      kind: 'name',
      cell: (endpoint) => (
        <span className="endpoint-server">
          <span>{endpoint.agentName}</span>
          <span className={`badge ${endpoint.kind === 'composio' ? 'badge--success' : 'badge--muted'}`}>{endpoint.kind === 'composio' ? 'Composio' : 'Legacy'}</span>
          <span className="endpoint-server__name">{endpoint.displayName}</span>
          <code className="slug">{endpoint.name}</code>
        </span>
      ),
    },
    {
      header: 'Scope',
      width: 'minmax(100px, 1fr)',
      kind: 'muted',
      className: 'composio-wrap',
      cell: (endpoint) =>
        endpoint.kind === 'composio' ? (
          <span>
            {endpoint.userId} · {endpoint.apps.join(', ')} · {endpoint.access ? scopeLabel(endpoint.access) : ''}
          </span>
        ) : (
          <span>{endpoint.scope.kind} server</span>
        ),
    },
    {
      header: 'URL',
      width: 'minmax(120px, 1.6fr)',
      kind: 'muted',
      className: 'composio-wrap',
      cell: (endpoint) => (endpoint.url ? <code className="code-wrap">{endpoint.url}</code> : 'stdio (local command)'),
    },
    { header: 'Tools', width: '52px', kind: 'muted', cell: (endpoint) => (endpoint.toolCount === null ? '—' : endpoint.toolCount.toLocaleString()) },
    { header: 'State', width: '110px', cell: (endpoint) => <StatusPill state={endpoint.state} /> },
    {
      header: 'Actions',
      headerHidden: true,
      width: '200px',
      kind: 'actions',
      cell: (endpoint) => {
        const testing = actions.testing?.agent === endpoint.agentId && actions.testing.server === endpoint.serverId;
        const label = `${endpoint.agentName} · ${endpoint.displayName}`;
        return (
          <span className="cluster">
            <button type="button" className="button button--secondary button--small" disabled={actions.testing !== undefined} aria-label={`Test ${label}`} onClick={() => actions.onTest(endpoint)}>
              {testing ? 'Testing…' : 'Test'}
            </button>
            <a className="button button--ghost button--small" href={testerHref(endpoint.serverId)} aria-label={`Run the tools of ${label}`}>
              Run tools
            </a>
            <button type="button" className="button button--ghost button--small" aria-pressed={actions.shown === endpointKey(endpoint)} aria-label={`${label} as .mcp.json`} onClick={() => actions.onShow(endpoint)}>
              .mcp.json
            </button>
          </span>
        );
      },
    },
  ];
}

function TestOutcomePanel({ outcome, onDismiss }: { outcome: { endpoint: AgentEndpoint; result: TestOutcome } | { endpoint: AgentEndpoint; error: Error }; onDismiss: () => void }) {
  const label = `${outcome.endpoint.agentName} · ${outcome.endpoint.displayName}`;
  const dismiss = (
    <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if ('error' in outcome) {
    return (
      <div className="cluster">
        <ErrorNotice error={outcome.error} title={`Could not test ${label}`} compact />
        {dismiss}
      </div>
    );
  }
  const { result } = outcome;
  if (result.error) {
    return (
      <div className="cluster">
        <ErrorNotice error={new RpcError(result.error)} title={`${label} did not connect`} compact />
        {dismiss}
      </div>
    );
  }
  return (
    <section className="callout endpoint-test" aria-label={`Test of ${label}`} role="status">
      <p>
        <strong>
          {label}: connected in {result.latencyMs.toLocaleString()} ms, {result.tools.length} tool{result.tools.length === 1 ? '' : 's'}.
        </strong>{' '}
        {dismiss}
      </p>
      <ul className="chip-list" aria-label={`Tools of ${label}`}>
        {result.tools.map((tool) => (
          <li key={tool.name} className="chip" title={tool.description ?? undefined}>
            {tool.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
