import { useMemo, useState } from 'react';
import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import { useMcpServers, useMcpStatus } from '../../api/mcp.ts';
import { useRegistryInstalls } from '../../api/registry.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { ServerForm } from './ServerForm.tsx';
import { ServersTable } from './ServersTable.tsx';

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
      <ListPanel
        title="Servers"
        count={servers.data?.length}
        tools={
          servers.data?.length ? (
            <a className="link" href={hrefFor('tools')}>
              Test their tools
            </a>
          ) : null
        }
      >
        {status.isError ? <ErrorNotice error={status.error} title="Could not read connection status" compact onRetry={() => void status.refetch()} /> : null}
        <ServersTable
          query={servers}
          statuses={statuses}
          onEdit={(server) => setEditor({ kind: 'edit', server })}
          installs={installs}
          empty={
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
          }
        />
      </ListPanel>
    </div>
  );
}
