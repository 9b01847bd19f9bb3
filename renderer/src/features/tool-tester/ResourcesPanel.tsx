import { useMemo, useState } from 'react';
import type { McpResource } from '../../../../main/rpc/contract.ts';
import { useMcpResourceContents, useMcpResources, useMcpServers, type McpSource } from '../../api/mcp.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { ServerPicker } from '../pickers/Pickers.tsx';
import type { PickableServer } from '../pickers/picker-options.ts';
import { GroupedList } from './GroupedList.tsx';
import { ResourceTemplates, SubscribeToggle, useResourceUpdates } from './ResourceSession.tsx';
import { ContentBlock } from './results/ContentBlock.tsx';
import { useCatalogSearch } from './use-catalog-search.ts';
import { formatBytes } from './results/format.ts';

export interface ResourceTarget {
  serverId: string;
  uri: string;
}

const resourceText = (resource: McpResource) => `${resource.name} ${resource.title ?? ''} ${resource.uri}`;
const resourceUri = (resource: McpResource) => resource.uri;
const noResources: McpResource[] = [];

interface ResourcesPanelProps {
  source: McpSource;
  selected: ResourceTarget | undefined;
  onSelect: (target: ResourceTarget | undefined) => void;
}

/** The resources and templates of the source; selecting one reads it. Any URI (a template filled in) can be read too. */
export function ResourcesPanel({ source, selected, onSelect }: ResourcesPanelProps) {
  const resources = useMcpResources(source);
  const { search, setSearch, visible } = useCatalogSearch(resources.data?.resources ?? noResources, resourceText, resourceUri);
  const configs = useMcpServers();
  const servers = useMemo(() => {
    const byId = new Map<string, string>();
    for (const entry of [...(resources.data?.resources ?? []), ...(resources.data?.templates ?? [])]) byId.set(entry.serverId, entry.serverName);
    // The configs say each server's scope, so two servers of one name can be told apart.
    return [...byId].map(([id, name]): PickableServer => configs.data?.find((config) => config.id === id) ?? { id, name });
  }, [resources.data, configs.data]);

  if (resources.isPending) return <LoadingState label="Connecting and listing resources…" />;
  if (resources.isError) return <ErrorNotice error={resources.error} title="Could not list resources" onRetry={() => void resources.refetch()} />;
  const templates = resources.data.templates;
  return (
    <div className="catalog-split">
      <div className="catalog-split__list">
        <Field label="Search resources" variant="wide">
          {(id) => <input id={id} className="input input--compact" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or URI" />}
        </Field>
        {visible.length === 0 ? (
          <p className="muted">{resources.data.resources.length === 0 ? 'No listed resources.' : 'No resource matches.'}</p>
        ) : (
          <GroupedList<McpResource>
            label="Resources"
            items={visible}
            keyOf={(resource) => `${resource.serverId}|${resource.uri}`}
            groupOf={(resource) => resource.serverName}
            nameOf={(resource) => resource.title ?? resource.name}
            selectedKey={selected ? `${selected.serverId}|${selected.uri}` : undefined}
            onSelect={(resource) => onSelect({ serverId: resource.serverId, uri: resource.uri })}
            renderItem={(resource) => (
              <>
                <span className="grouped-list__name">{resource.title ?? resource.name}</span>
                <span className="grouped-list__description">{resource.uri}</span>
              </>
            )}
          />
        )}
        {templates.length > 0 ? <ResourceTemplates templates={templates} onRead={onSelect} /> : null}
        {servers.length > 0 ? <ReadByUri servers={servers} onRead={onSelect} /> : null}
      </div>
      <div className="catalog-split__detail">
        {selected ? (
          <ResourceContents target={selected} resource={resources.data.resources.find((resource) => resource.serverId === selected.serverId && resource.uri === selected.uri)} />
        ) : (
          <EmptyState title="Pick a resource" next="Choose one from the list, or read a URI (a template filled in) below the list.">
            A resource is data a server offers to read: files, records, generated documents.
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function ResourceContents({ target, resource }: { target: ResourceTarget; resource: McpResource | undefined }) {
  const contents = useMcpResourceContents(target);
  const updates = useResourceUpdates(target, () => void contents.refetch());
  return (
    <section className="tool-detail" aria-labelledby="resource-heading">
      <header className="tool-detail__header">
        <h3 id="resource-heading" className="tool-detail__title">
          {resource?.title ?? resource?.name ?? 'Resource'}
        </h3>
        <code className="break-all">{target.uri}</code>
        {resource ? (
          <p className="muted">
            {[resource.serverName, resource.mimeType, resource.size !== null ? formatBytes(resource.size) : undefined].filter(Boolean).join(' · ')}
          </p>
        ) : null}
      </header>
      {resource?.description ? <p>{resource.description}</p> : null}
      <div className="cluster">
        <button type="button" className="button button--secondary button--small" disabled={contents.isFetching} onClick={() => void contents.refetch()}>
          {contents.isFetching ? 'Reading…' : 'Read again'}
        </button>
        <SubscribeToggle target={target} />
      </div>
      {updates.count > 0 ? (
        <p className="callout" role="status">
          Updated by the server {updates.count === 1 ? 'once' : `${updates.count} times`}, last at {new Date(updates.lastAt ?? '').toLocaleTimeString()}; read again.
        </p>
      ) : null}
      {contents.isPending ? (
        <LoadingState label="Reading the resource…" />
      ) : contents.isError ? (
        <ErrorNotice error={contents.error} title="Could not read the resource" />
      ) : contents.data.contents.length === 0 ? (
        <p className="muted">The server returned no contents for this URI.</p>
      ) : (
        <div className="result-panel__content">
          {contents.data.contents.map((resourceContents, index) => (
            <ContentBlock key={index} block={{ type: 'resource', resource: resourceContents }} />
          ))}
        </div>
      )}
    </section>
  );
}

function ReadByUri({ servers, onRead }: { servers: readonly PickableServer[]; onRead: (target: ResourceTarget) => void }) {
  const [uri, setUri] = useState('');
  const [serverId, setServerId] = useState(servers[0]?.id ?? '');
  const chosen = servers.some(({ id }) => id === serverId) ? serverId : (servers[0]?.id ?? '');
  return (
    <form
      className="read-by-uri"
      onSubmit={(event) => {
        event.preventDefault();
        if (uri.trim()) onRead({ serverId: chosen, uri: uri.trim() });
      }}
    >
      {servers.length > 1 ? <ServerPicker label="Server" compact value={chosen} onChange={setServerId} servers={servers} /> : null}
      <Field label="Read a URI">
        {(id) => <input id={id} className="input input--compact input--mono" value={uri} onChange={(event) => setUri(event.target.value)} placeholder="scheme://path" />}
      </Field>
      <button type="submit" className="button button--secondary button--small" disabled={!uri.trim()}>
        Read
      </button>
    </form>
  );
}
