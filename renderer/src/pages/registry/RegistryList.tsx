import { useDeferredValue, useEffect, useState } from 'react';
import { useRegistryCategories, useRegistryWindows, useRegistrySources, type RegistryServerSummary } from '../../api/registry.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

type Kind = '' | 'remote' | 'local';
type Transport = '' | 'stdio' | 'streamable-http' | 'sse';

/** Search as one types (every word a prefix), with the filters; the rows stay while the next answer comes. */
export function RegistryList({ selected, onSelect, syncing }: { selected: string | undefined; onSelect: (name: string) => void; syncing: boolean }) {
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const [transport, setTransport] = useState<Transport>('');
  const [packageType, setPackageType] = useState('');
  const [kind, setKind] = useState<Kind>('');
  const [category, setCategory] = useState('');
  const [allVersions, setAllVersions] = useState(false);
  // A short pause after the last key before asking the core.
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text), 120);
    return () => clearTimeout(timer);
  }, [text]);
  const query = useDeferredValue(typed);
  const categories = useRegistryCategories();
  // Read in windows as the list scrolls; the table draws only the rows in view, so tens of thousands scroll smoothly.
  const search = useRegistryWindows({
    query: query.trim() === '' ? undefined : query,
    transport: transport || undefined,
    packageType: packageType || undefined,
    kind: kind || undefined,
    category: category || undefined,
    latestOnly: !allVersions,
  });
  const { rows, total } = search;
  const filtered = query.trim() !== '' || transport || packageType || kind || category;

  const sources = useRegistrySources();
  // With more than one source, each row says which registry it came from.
  const sourceNames = new Map((sources.data ?? []).map((source) => [source.url, source.name]));
  const columns: Column<RegistryServerSummary>[] = [
    {
      header: 'Server',
      width: 'minmax(220px, 1.4fr)',
      kind: 'name',
      cell: (row) => (
        <button
          type="button"
          className={row.name === selected ? 'registry-row registry-row--selected' : 'registry-row'}
          aria-current={row.name === selected ? 'true' : undefined}
          onClick={() => onSelect(row.name)}
        >
          <span className="registry-row__title">{row.title ?? row.name.split('/').pop()}</span>
          <code className="registry-row__name">{row.name}</code>
          {sourceNames.size > 1 ? <span className="badge registry-row__source">{sourceNames.get(row.source) ?? row.source}</span> : null}
        </button>
      ),
    },
    {
      header: 'Description',
      width: 'minmax(180px, 2fr)',
      kind: 'muted',
      cell: (row) => (
        <>
          <span className="registry-row__description">{row.description || <em>No description</em>}</span>
          <span className="registry-row__category">{row.category}</span>
        </>
      ),
    },
    {
      header: 'Runs',
      width: 'minmax(90px, 0.7fr)',
      cell: (row) => (
        <span className="cluster">
          {row.packageTypes.map((type) => (
            <span key={type} className="badge badge--muted">
              {type}
            </span>
          ))}
          {row.hasRemotes ? <span className="badge badge--muted">remote</span> : null}
        </span>
      ),
    },
    {
      header: 'Version',
      width: '96px',
      kind: 'muted',
      cell: (row) => (
        <>
          {row.version}
          {row.status !== 'active' ? <span className="badge badge--warning registry-row__status">{row.status}</span> : null}
        </>
      ),
    },
  ];

  return (
    <ListPanel
      title="Servers"
      count={total}
      fill
      tools={
        <div className="registry-filters" role="search">
          <TextField label="Search" value={text} onChange={setText} placeholder="Name, title or description" compact type="search" />
          <SelectField
            label="Runs as"
            compact
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            options={[
              { value: '', label: 'Any' },
              { value: 'local', label: 'Local package' },
              { value: 'remote', label: 'Remote' },
            ]}
          />
          <SelectField
            label="Package"
            compact
            value={packageType}
            onChange={setPackageType}
            options={[{ value: '', label: 'Any' }, ...['npm', 'pypi', 'oci', 'nuget', 'mcpb'].map((type) => ({ value: type, label: type }))]}
          />
          <SelectField
            label="Transport"
            compact
            value={transport}
            onChange={(value) => setTransport(value as Transport)}
            options={[{ value: '', label: 'Any' }, ...['stdio', 'streamable-http', 'sse'].map((type) => ({ value: type, label: type }))]}
          />
          <SelectField
            label="Category"
            compact
            value={category}
            onChange={setCategory}
            options={[{ value: '', label: 'Any' }, ...(categories.data ?? []).map((entry) => ({ value: entry.category, label: `${entry.category} (${entry.count})` }))]}
          />
          <label className="registry-filters__check">
            <input type="checkbox" checked={allVersions} onChange={(event) => setAllVersions(event.target.checked)} /> Every version
          </label>
        </div>
      }
    >
      {total !== undefined ? (
        <p className="registry-list__note" aria-live="polite">
          {total.toLocaleString()} {filtered ? (total === 1 ? 'match' : 'matches') : total === 1 ? 'server' : 'servers'} · {(search.tookMs ?? 0).toFixed(1)} ms
          {syncing ? ' · more arrive as the sync goes on' : null}
        </p>
      ) : null}
      <DataTable
        label="Registry servers"
        what="registry servers"
        columns={columns}
        rowKey={(row) => `${row.source} ${row.name} ${row.version}`}
        query={{ ...search.first, data: rows }}
        onRangeChange={search.showRange}
        size="fill"
        rowStyle="top"
        testId="registry-list"
        empty={
          syncing && !filtered ? (
            <EmptyState title="The sync is under way" next="Servers appear here page by page as the sync stores them; its progress shows above.">
              The registry is read page by page in the background; the console and its MCP servers keep working meanwhile.
            </EmptyState>
          ) : (
            <EmptyState title="Nothing matches" next="Try fewer words, or clear a filter.">
              Every word is matched as the start of a word in a server’s name, title or description.
            </EmptyState>
          )
        }
      />
    </ListPanel>
  );
}
