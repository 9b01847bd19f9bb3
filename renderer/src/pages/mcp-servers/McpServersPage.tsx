import { useDeferredValue, useMemo, useState } from 'react';
import type { McpServerConfig, McpServerStatus, StartedSignIn } from '../../../../main/rpc/contract.ts';
import { useMcpServers, useMcpStatus } from '../../api/mcp.ts';
import { useMcpAuthStatuses, useSignInToMcpServer } from '../../api/mcp-auth.ts';
import { useRegistryInstalls } from '../../api/registry.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { scopeLabel } from '../../features/mcp/scope-label.ts';
import { serverState } from '../../features/mcp/server-state.ts';
import { stateLabel } from '../../features/mcp/StatusPill.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { ServerForm } from './ServerForm.tsx';
import { ServersTable } from './ServersTable.tsx';
import { SignInClients } from './SignInClients.tsx';
import { SignInPanel } from './SignInPanel.tsx';

type Editor = { kind: 'none' } | { kind: 'add' } | { kind: 'edit'; server: McpServerConfig } | { kind: 'import' } | { kind: 'export' };

/**
 * Server configs with their live status (fed by `mcp.status` events), and the ways to add, edit,
 * import and export them. `embedded`: shown as a tab of the Integrations page's legacy view.
 */
export function McpServersPage({ embedded = false }: { embedded?: boolean }) {
  const servers = useMcpServers();
  const status = useMcpStatus();
  const [editor, setEditor] = useState<Editor>({ kind: 'none' });
  const statuses = useMemo(() => new Map((status.data ?? []).map((entry) => [entry.serverId, entry])), [status.data]);
  const registryInstalls = useRegistryInstalls();
  const installs = useMemo(() => new Map((registryInstalls.data ?? []).map((install) => [install.serverId, install])), [registryInstalls.data]);
  const close = () => setEditor({ kind: 'none' });
  const [search, setSearch] = useState('');
  const [stateFilter, setStateFilter] = useState<McpServerStatus['state'] | 'all'>('all');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const filtering = needle !== '' || stateFilter !== 'all';
  const shown = useMemo(
    () => (filtering ? (servers.data ?? []).filter((server) => (stateFilter === 'all' || serverState(server, statuses) === stateFilter) && matches(server, needle)) : undefined),
    [filtering, servers.data, statuses, stateFilter, needle],
  );
  const signIns = useMcpAuthStatuses();
  const signInsById = useMemo(() => new Map((signIns.data ?? []).map((entry) => [entry.serverId, entry])), [signIns.data]);
  const signIn = useSignInToMcpServer();
  const [started, setStarted] = useState<StartedSignIn | null>(null);
  const startSignIn = (server: McpServerConfig) =>
    signIn.mutate(
      { server: server.id },
      {
        onSuccess: (answer) => {
          // The core opened the system browser on the server's own origin where it can; in a browser the page does.
          if (!answer.openedBrowser && !answer.flow.crossOrigin && answer.flow.authorizeUrl) window.open(answer.flow.authorizeUrl, '_blank', 'noopener');
          setStarted(answer);
        },
      },
    );

  return (
    <div className={embedded ? 'page-section' : 'page'}>
      <PageHeader
        level={embedded ? 2 : 1}
        title="MCP servers"
        description="Model Context Protocol servers run on this machine over stdio, streamable HTTP or SSE, configured for the workspace, a crew or an agent — the agent's entry wins over its crew's of the same name."
        actions={
          <>
            <button type="button" className="button button--secondary" onClick={() => setEditor({ kind: 'import' })}>
              Import .mcp.json
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditor({ kind: 'export' })} disabled={!servers.data?.length}>
              Export
            </button>
            <button type="button" className="button button--primary" onClick={() => setEditor({ kind: 'add' })}>
              Add server
            </button>
          </>
        }
      />
      {editor.kind === 'add' ? <ServerForm editing={undefined} onDone={close} /> : null}
      {editor.kind === 'edit' ? <ServerForm key={editor.server.id} editing={editor.server} onDone={close} /> : null}
      {editor.kind === 'import' ? <ImportPanel onDone={close} /> : null}
      {editor.kind === 'export' ? <ExportPanel onDone={close} /> : null}
      {signIn.isError ? <ErrorNotice error={signIn.error} title="Could not start the sign-in" compact /> : null}
      {started ? <SignInPanel key={started.flow.id} started={started} onDismiss={() => setStarted(null)} /> : null}
      <ListPanel
        title="Servers"
        count={shown ? shown.length : servers.data?.length}
        tools={
          servers.data?.length ? (
            <div className="filters">
              <TextField label="Search servers" variant="inline" compact type="search" value={search} onChange={setSearch} placeholder="Name, scope, command or URL" />
              <SelectField
                label="Status"
                variant="inline"
                compact
                value={stateFilter}
                onChange={(value) => setStateFilter(value as McpServerStatus['state'] | 'all')}
                options={[{ value: 'all', label: 'Any status' }, ...(Object.entries(stateLabel) as [McpServerStatus['state'], string][]).map(([value, label]) => ({ value, label }))]}
              />
              <a className="link" href={hrefFor('tools')}>
                Test their tools
              </a>
            </div>
          ) : null
        }
      >
        {status.isError ? <ErrorNotice error={status.error} title="Could not read connection status" compact onRetry={() => void status.refetch()} /> : null}
        <ServersTable
          query={servers}
          statuses={statuses}
          onEdit={(server) => setEditor({ kind: 'edit', server })}
          installs={installs}
          rows={shown}
          signIns={signInsById}
          signingIn={signIn.isPending ? (signIn.variables?.server ?? null) : null}
          onSignIn={startSignIn}
          empty={
            filtering ? (
              <EmptyState title="No server matches" next="Clear the search or choose Any status.">
                None of the {servers.data?.length ?? 0} servers matches the search and the status chosen.
              </EmptyState>
            ) : (
            <EmptyState
              title="Add an MCP server"
              next={
                <>
                  Press <strong>Add server</strong> and give a command (stdio) or a URL, or <strong>Import .mcp.json</strong> from Claude Code or another crew.
                </>
              }
            >
              Each server's status shows here as it connects: ready with its tools and latency, or failed with the reason and what to do.
            </EmptyState>
            )
          }
        />
      </ListPanel>
      {signIns.data?.length ? <SignInClients /> : null}
    </div>
  );
}

/** The search finds a server by its name, scope, command and arguments, or URL. */
function matches(server: McpServerConfig, needle: string): boolean {
  if (!needle) return true;
  const where = server.transport.type === 'stdio' ? [server.transport.command, ...server.transport.args].join(' ') : server.transport.url;
  return `${server.name} ${scopeLabel(server.scope)} ${where}`.toLowerCase().includes(needle);
}
