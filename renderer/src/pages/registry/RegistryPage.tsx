import { useState } from 'react';
import { useRegistrySync, useStartRegistrySync } from '../../api/registry.ts';
import { replaceRoute } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { FileInstallPanel } from './FileInstallPanel.tsx';
import { RegistryList } from './RegistryList.tsx';
import { ServerDetail } from './ServerDetail.tsx';
import { SourcesPanel } from './SourcesPanel.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import './registry.css';

/** `#/registry/<name>` keeps the open entry across a reload. */
export function RegistryPage({ selected }: { selected: string | undefined }) {
  const sync = useRegistrySync();
  const start = useStartRegistrySync();
  const [fileOpen, setFileOpen] = useState(false);
  const running = sync.data?.state === 'running' || start.isPending;
  const select = (name: string | undefined) => replaceRoute('registry', name);

  return (
    <div className="page registry-page">
      <PageHeader
        title="Registry"
        description="The official MCP registry, copied into a local cache you can search offline. Install a server's package or remote as an MCP server for the workspace, a crew or an agent."
        actions={
          <>
            <button type="button" className="button button--secondary" onClick={() => setFileOpen((open) => !open)} aria-expanded={fileOpen}>
              Install from server.json
            </button>
            <button type="button" className="button button--primary" disabled={running} onClick={() => start.mutate({})}>
              {running ? 'Syncing…' : 'Sync now'}
            </button>
          </>
        }
      />
      {start.error ? <ErrorNotice error={start.error} title="The sync did not start" compact /> : null}
      {fileOpen ? <FileInstallPanel onDone={() => setFileOpen(false)} /> : null}
      <SourcesPanel />
      <QueryView query={sync} what="the registry cache">
        {(status) =>
          status.cached === 0 && status.state !== 'running' ? (
            <>
              <SyncStatus status={status} />
              <EmptyState
                title="The registry has not been synced"
                next={
                  <>
                    Press <strong>Sync now</strong> to copy {status.source} into the local cache (or run <code>crewship registry sync</code>). It runs in the
                    background; the MCP servers keep working meanwhile.
                  </>
                }
              >
                Once synced, every registered server is listed here with its description and category, the packages and environment variables it needs,
                its remotes and what the registry verified about it — searchable with no network, ready to install.
              </EmptyState>
            </>
          ) : (
            <>
              <SyncStatus status={status} />
              <div className="registry-layout">
                <RegistryList selected={selected} onSelect={select} syncing={status.state === 'running'} />
                <ServerDetail name={selected} onClose={() => select(undefined)} />
              </div>
            </>
          )
        }
      </QueryView>
    </div>
  );
}
