import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { useAgents } from '../../api/agents.ts';
import type { McpCallRecord, McpServerConfig, McpServerStatus, McpTool } from '../../../../main/rpc/contract.ts';
import { useMcpServers, useMcpStatus, useMcpTools, type McpSource } from '../../api/mcp.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { UnavailableServers } from '../mcp/UnavailableServers.tsx';
import { ServerPicker } from '../pickers/Pickers.tsx';
import type { PickableServer } from '../pickers/picker-options.ts';
import { defaultArguments, type ArgumentsEditorHandle, type ArgumentsMode } from '../schema-form/ArgumentsEditor.tsx';
import { argumentsReducer, initialArguments } from '../schema-form/arguments-sync.ts';
import { CallHistory } from './CallHistory.tsx';
import { CollectionPanel } from './collections/CollectionPanel.tsx';
import { LogPane } from './LogPane.tsx';
import { PromptsPanel } from './PromptsPanel.tsx';
import { ProtocolPanel } from './ProtocolPanel.tsx';
import { ResourcesPanel, type ResourceTarget } from './ResourcesPanel.tsx';
import { routeToSource, sourceFromRoute } from './tester-route.ts';
import { SourcePicker } from './SourcePicker.tsx';
import { ToolDetail } from './ToolDetail.tsx';
import { ToolPinsNotice } from './ToolPinsNotice.tsx';
import { ToolsPanel } from './ToolsPanel.tsx';
import { RootsPanel } from './RootsPanel.tsx';
import { toolKey, useToolRun } from './use-tool-run.ts';

type BrowseTab = 'tools' | 'resources' | 'prompts';
type ActivityTab = 'history' | 'log' | 'protocol' | 'roots' | 'collection';

/**
 * The live tool tester: pick a server (or an agent, to see every server that resolves for it),
 * pick a tool, fill the form generated from its input schema, run it, and read the result beside
 * its progress, the call history and the server's log.
 */
export function ToolTester({ focus }: { focus?: string | undefined }) {
  const servers = useMcpServers();
  const status = useMcpStatus();
  const [chosenSource, setChosenSource] = useState<McpSource | undefined>(() => sourceFromRoute(focus));
  // A link to another source (the MCP servers page's "Tools") while the tester is open.
  useEffect(() => {
    const linked = sourceFromRoute(focus);
    if (linked) setChosenSource((current) => (current && sourceKey(current) === sourceKey(linked) ? current : linked));
  }, [focus]);
  const choose = (next: McpSource) => {
    setChosenSource(next);
    routeToSource(next);
  };
  const ready = servers.isSuccess && !status.isPending;
  const source = ready ? (validSource(chosenSource, servers.data) ?? defaultSource(servers.data, status.data ?? [])) : undefined;

  // The default is decided once; a later status change must not switch what the operator is looking at.
  useEffect(() => {
    if (source && chosenSource === undefined) setChosenSource(source);
  }, [source, chosenSource]);

  if (servers.isPending || status.isPending) return <LoadingState label="Loading MCP servers…" />;
  if (servers.isError) return <ErrorNotice error={servers.error} title="Could not load MCP servers" onRetry={() => void servers.refetch()} />;
  if (servers.data.length === 0 || !source) {
    return (
      <EmptyState
        title="Add an MCP server"
        next={
          <>
            <a className="link" href={hrefFor('mcp-servers')}>
              Go to MCP servers
            </a>{' '}
            and add one (a command for stdio, or a URL), or import a <code>.mcp.json</code>.
          </>
        }
      >
        The tester lists the tools of your MCP servers, builds a form from each tool's input schema, and shows exactly what a call returns.
      </EmptyState>
    );
  }
  return <TesterForSource key={sourceKey(source)} servers={servers.data} source={source} onSourceChange={choose} />;
}

function TesterForSource({ servers, source, onSourceChange }: { servers: readonly McpServerConfig[]; source: McpSource; onSourceChange: (source: McpSource) => void }) {
  const agents = useAgents();
  const tools = useMcpTools(source);
  const agent = source.kind === 'agent' ? source.agent : undefined;
  const { run, start, cancel, show, cancelError } = useToolRun(agent);

  const [browseTab, setBrowseTab] = useState<BrowseTab>('tools');
  const [activityTab, setActivityTab] = useState<ActivityTab>('history');
  const [selectedToolKey, setSelectedToolKey] = useState<string | undefined>(undefined);
  const [args, dispatch] = useReducer(argumentsReducer, undefined, () => initialArguments());
  const [mode, setMode] = useState<ArgumentsMode>('form');
  const [resource, setResource] = useState<ResourceTarget | undefined>(undefined);
  const [historyProblem, setHistoryProblem] = useState<string | undefined>(undefined);
  const editorRef = useRef<ArgumentsEditorHandle>(null);

  const toolList = useMemo(() => tools.data?.tools ?? [], [tools.data]);
  const selectedTool = toolList.find((tool) => toolKey(tool) === selectedToolKey);
  const logServers = useMemo(() => serversInView(source, servers, tools.data), [source, servers, tools.data]);

  function selectTool(tool: McpTool, value?: Record<string, unknown>): void {
    if (toolKey(tool) !== selectedToolKey || value) dispatch({ type: 'reset', value: value ?? defaultArguments(tool.inputSchema as RJSFSchema) });
    setSelectedToolKey(toolKey(tool));
    setBrowseTab('tools');
  }

  function fromHistory(record: McpCallRecord, thenRun: boolean): void {
    const tool = toolList.find((candidate) => candidate.serverId === record.serverId && candidate.name === record.tool);
    if (!tool) {
      setHistoryProblem(`${record.serverName} does not offer the tool "${record.tool}" any more, or it is not connected.`);
      return;
    }
    setHistoryProblem(undefined);
    selectTool(tool, record.arguments);
    if (thenRun) void start(tool, record.arguments, record.callId);
    else show(record);
  }

  function shortcuts(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && browseTab === 'tools' && selectedTool) {
      event.preventDefault();
      editorRef.current?.run();
    }
    if (event.key === 'Escape' && run.phase === 'running') {
      event.preventDefault();
      cancel();
    }
  }

  const toolDetail = selectedTool ? (
    <ToolDetail
      tool={selectedTool}
      editorRef={editorRef}
      args={args}
      dispatch={dispatch}
      mode={mode}
      onModeChange={setMode}
      run={run}
      onRun={(value, options) => void start(selectedTool, value, undefined, options?.task)}
      onCancel={cancel}
      agent={agent}
      onOpenResource={(uri) => {
        setResource({ serverId: selectedTool.serverId, uri });
        setBrowseTab('resources');
      }}
    />
  ) : undefined;

  return (
    // The shortcuts work wherever focus is inside the tester; the keys themselves are named on the buttons.
    <div className="tool-tester" onKeyDown={shortcuts}>
      <SourcePicker servers={servers} agents={agents.data ?? []} source={source} onChange={onSourceChange} />
      {tools.isPending ? (
        <LoadingState label={source.kind === 'server' ? 'Connecting to the server and listing its tools…' : "Connecting to the agent's servers and listing their tools…"} />
      ) : tools.isError ? (
        <ErrorNotice error={tools.error} title="Could not list tools" onRetry={() => void tools.refetch()} />
      ) : (
        <>
          <UnavailableServers servers={tools.data.unavailable} />
          {source.kind === 'server' ? <ToolPinsNotice serverId={source.server} /> : null}
          {cancelError ? <ErrorNotice error={cancelError} title="The call could not be cancelled" compact /> : null}
          <Tabs<BrowseTab>
            label="Browse the catalog"
            selected={browseTab}
            onSelect={setBrowseTab}
            tabs={[
              {
                id: 'tools',
                label: `Tools (${toolList.length})`,
                content: <ToolsPanel tools={toolList} hidden={tools.data.hidden} selectedKey={selectedToolKey} onSelect={(tool) => selectTool(tool)} detail={toolDetail} />,
              },
              { id: 'resources', label: 'Resources', content: <ResourcesPanel source={source} selected={resource} onSelect={setResource} /> },
              { id: 'prompts', label: 'Prompts', content: <PromptsPanel source={source} /> },
            ]}
          />
        </>
      )}
      {historyProblem ? <p className="callout callout--warning" role="alert">{historyProblem}</p> : null}
      <Tabs<ActivityTab>
        label="Activity"
        selected={activityTab}
        onSelect={setActivityTab}
        tabs={[
          {
            id: 'history',
            label: 'Call history',
            content: (
              <CallHistory
                filter={source.kind === 'server' ? { server: source.server } : { agent: source.agent }}
                onOpen={(record) => fromHistory(record, false)}
                onReplay={(record) => fromHistory(record, true)}
              />
            ),
          },
          { id: 'log', label: 'Server log', content: <LogTab servers={logServers} /> },
          { id: 'protocol', label: 'Protocol', content: <LogTab servers={logServers} pane={ProtocolPanel} /> },
          { id: 'roots', label: 'Roots', content: <LogTab servers={logServers} pane={RootsPanel} /> },
          { id: 'collection', label: 'Collection', content: <CollectionPanel /> },
        ]}
      />
    </div>
  );
}

/** One server's pane (its log, or its protocol messages), with a server picker when several are in view. */
function LogTab({ servers, pane: Pane = LogPane }: { servers: readonly PickableServer[]; pane?: typeof LogPane }) {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const server = servers.find((candidate) => candidate.id === chosen) ?? servers[0];
  if (!server) return <p className="muted">No server in view.</p>;
  return (
    <div className="log-tab">
      {servers.length > 1 ? (
        <ServerPicker label="Server" variant="inline" compact value={server.id} onChange={setChosen} servers={servers} />
      ) : null}
      <Pane key={server.id} serverId={server.id} serverName={server.name} />
    </div>
  );
}

/** The servers whose logs matter here: the chosen one, or every server the agent's view reached. */
function serversInView(source: McpSource, servers: readonly McpServerConfig[], tools: { tools: McpTool[]; unavailable: { serverId: string; serverName: string }[] } | undefined) {
  if (source.kind === 'server') {
    const server = servers.find((candidate) => candidate.id === source.server);
    return server ? [server] : [];
  }
  const byId = new Map<string, string>();
  for (const tool of tools?.tools ?? []) byId.set(tool.serverId, tool.serverName);
  for (const unavailable of tools?.unavailable ?? []) byId.set(unavailable.serverId, unavailable.serverName);
  return [...byId].map(([id, name]): PickableServer => servers.find((candidate) => candidate.id === id) ?? { id, name });
}

function validSource(source: McpSource | undefined, servers: readonly McpServerConfig[]): McpSource | undefined {
  if (source?.kind === 'server' && !servers.some((server) => server.id === source.server)) return undefined;
  return source;
}

/** Start where there is something to test: a ready server, else an enabled one that has not failed. */
function defaultSource(servers: readonly McpServerConfig[], statuses: readonly McpServerStatus[]): McpSource | undefined {
  const stateOf = new Map(statuses.map((status) => [status.serverId, status.state]));
  const server =
    servers.find((candidate) => stateOf.get(candidate.id) === 'ready') ??
    servers.find((candidate) => candidate.enabled && stateOf.get(candidate.id) !== 'failed') ??
    servers[0];
  return server ? { kind: 'server', server: server.id } : undefined;
}

function sourceKey(source: McpSource): string {
  return source.kind === 'server' ? `server:${source.server}` : `agent:${source.agent}`;
}
