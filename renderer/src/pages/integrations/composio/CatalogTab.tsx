import { useState } from 'react';
import { useComposioEvent, useComposioToolkits, useSyncComposioCatalog, type ComposioCatalogStatus, type ComposioToolkit } from '../../../api/composio.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { ageText, AppLogo } from './shared.tsx';

const columns: readonly Column<ComposioToolkit>[] = [
  {
    header: 'App',
    width: 'minmax(220px, 2fr)',
    kind: 'name',
    cell: (toolkit) => (
      <span className="composio-app">
        <AppLogo logo={toolkit.logo} name={toolkit.name} />
        <span className="composio-app__text">
          <a className="link composio-app__name" href={hrefFor('integrations', 'catalog', toolkit.slug)}>
            {toolkit.name}
          </a>
          <span className="composio-app__description" title={toolkit.description}>
            {toolkit.description}
          </span>
        </span>
      </span>
    ),
  },
  { header: 'Categories', width: 'minmax(140px, 1fr)', kind: 'muted', className: 'composio-wrap', cell: (toolkit) => toolkit.categories.map((category) => category.name).join(', ') || '—' },
  {
    header: 'Auth',
    width: 'minmax(130px, 1fr)',
    cell: (toolkit) =>
      toolkit.noAuth ? (
        <span className="muted">No auth</span>
      ) : (
        <span className="composio-schemes">
          {toolkit.authSchemes.map((scheme) => (
            <span key={scheme} className="badge badge--muted" title={toolkit.managedAuthSchemes.includes(scheme) ? 'Composio manages this scheme: no OAuth app of your own needed' : undefined}>
              {scheme}
              {toolkit.managedAuthSchemes.includes(scheme) ? ' · managed' : ''}
            </span>
          ))}
        </span>
      ),
  },
  { header: 'Tools', width: '70px', kind: 'muted', cell: (toolkit) => toolkit.toolCount.toLocaleString() },
  {
    header: 'Auth config',
    width: '120px',
    cell: (toolkit) =>
      toolkit.authConfigCount > 0 ? (
        <span className="badge badge--success">{toolkit.authConfigCount === 1 ? 'Auth config' : `${toolkit.authConfigCount} auth configs`}</span>
      ) : (
        <span className="muted">None yet</span>
      ),
  },
];

/** Every app the project can connect, from the console's cache; search as you type, by category. */
export function CatalogList() {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const toolkits = useComposioToolkits({ ...(search.trim() ? { search: search.trim() } : {}), ...(category ? { category } : {}), limit: 1000 }, true);
  const catalog = toolkits.data?.catalog;
  const neverSynced = catalog !== undefined && catalog.syncedAt === null && catalog.toolkitCount === 0;
  const rows = toolkits.data?.toolkits;
  const list = { ...toolkits, data: rows };

  return (
    <div className="composio-catalog">
      {catalog ? <CatalogBar catalog={catalog} /> : null}
      {neverSynced ? (
        <EmptyState title="The catalog is not downloaded yet" next="Press Refresh catalog above: the apps and their tools are kept here, so search stays instant and works offline.">
          Composio’s catalog — every app with its categories, auth schemes and tools — is read once into this console’s database.
        </EmptyState>
      ) : (
        <>
          <div className="filters composio-catalog__filters">
            <TextField label="Search apps" variant="inline" compact type="search" value={search} onChange={setSearch} placeholder="Name, slug or description" autoFocus />
            <SelectField
              label="Category"
              variant="inline"
              compact
              value={category}
              onChange={setCategory}
              options={[{ value: '', label: 'All categories' }, ...(toolkits.data?.categories ?? []).map((entry) => ({ value: entry.slug, label: `${entry.name} (${entry.count})` }))]}
            />
            <span className="muted composio-catalog__count" role="status" aria-live="polite">
              {toolkits.data ? `${toolkits.data.total.toLocaleString()} app${toolkits.data.total === 1 ? '' : 's'}` : ''}
            </span>
          </div>
          <DataTable
            label="Composio apps"
            what="the catalog"
            columns={columns}
            rowKey={(toolkit) => toolkit.slug}
            query={list}
            size="fill"
            testId="composio-catalog"
            empty={
              <EmptyState title="No app matches" next="Try fewer words, or choose All categories.">
                Search matches the start of any word of an app’s name, slug or description.
              </EmptyState>
            }
          />
        </>
      )}
    </div>
  );
}

/** The catalog's age and size, Refresh with its progress (from composio.catalogSync), and the last failure. */
function CatalogBar({ catalog }: { catalog: ComposioCatalogStatus }) {
  const sync = useSyncComposioCatalog();
  const [live, setLive] = useState<ComposioCatalogStatus['sync'] | null>(null);
  useComposioEvent('composio.catalogSync', (payload) => setLive(payload.phase === 'done' || payload.phase === 'failed' ? null : payload));
  const progress = live ?? (catalog.sync.state === 'running' ? catalog.sync : null);
  const running = progress !== null || sync.isPending;
  return (
    <div className="composio-catalog__bar">
      <p className="muted" data-testid="composio-catalog-age">
        {catalog.syncedAt ? (
          <>
            Catalog refreshed {ageText(catalog.ageSeconds)}: {catalog.toolkitCount.toLocaleString()} apps, {catalog.toolCount.toLocaleString()} tools.
            {catalog.stale ? ' It is more than a day old.' : ''}
          </>
        ) : (
          'The catalog has not been downloaded yet.'
        )}
      </p>
      <button type="button" className="button button--secondary button--small" disabled={running} onClick={() => sync.mutate({})}>
        {running ? 'Refreshing…' : 'Refresh catalog'}
      </button>
      {progress ? <SyncProgress sync={progress} /> : null}
      {sync.isError ? <ErrorNotice error={sync.error} title="Could not refresh the catalog" compact /> : null}
      {catalog.lastError && !running ? (
        <div className="callout callout--warning composio-catalog__stale" role="alert">
          <p>
            <strong>The last refresh failed: {catalog.lastError.message}</strong>
          </p>
          <p>
            {catalog.syncedAt ? `The catalog below is the copy kept ${ageText(catalog.ageSeconds)}; it stays browsable. ` : ''}
            {catalog.lastError.hint}
          </p>
        </div>
      ) : null}
    </div>
  );
}

function SyncProgress({ sync }: { sync: ComposioCatalogStatus['sync'] }) {
  const [done, total, what] =
    sync.phase === 'tools' ? [sync.toolsDone, sync.toolsTotal, 'tools'] : sync.phase === 'storing' ? [1, 1, 'storing'] : [sync.toolkitsDone, sync.toolkitsTotal, 'apps'];
  const text = sync.phase === 'storing' ? 'Storing the catalog…' : `Reading ${what}: ${done.toLocaleString()}${total ? ` of ${total.toLocaleString()}` : ''}`;
  return (
    <div className="composio-sync" role="status" aria-live="polite">
      <progress className="composio-sync__bar" max={total ?? undefined} value={total ? done : undefined} aria-label="Catalog refresh" />
      <span className="muted">{text}</span>
    </div>
  );
}
