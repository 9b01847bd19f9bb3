import { useState, type FormEvent } from 'react';
import { useAddRegistrySource, useRegistrySources, useRemoveRegistrySource, useSyncRegistrySources, useUpdateRegistrySource } from '../../api/registry.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { RenameForm } from '../../components/RenameForm.tsx';

/** The registries the cache syncs from: the one in use, and any the operator adds (a company's sub-registry). */
export function SourcesPanel() {
  const sources = useRegistrySources();
  const add = useAddRegistrySource();
  const update = useUpdateRegistrySource();
  const remove = useRemoveRegistrySource();
  const syncAll = useSyncRegistrySources();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const list = sources.data ?? [];
  const running = syncAll.isPending || list.some((source) => source.sync.state === 'running');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { url, name: name.trim() || undefined },
      {
        onSuccess: () => {
          setUrl('');
          setName('');
        },
      },
    );
  };

  return (
    <details className="registry-sources" open={list.length > 1 ? true : undefined}>
      <summary>
        Sources ({list.length}) — {list.map((source) => source.name).join(', ')}
      </summary>
      <ul className="plain-list registry-sources__list" aria-label="Registry sources">
        {list.map((source) => (
          <li key={source.url} className="registry-sources__item">
            <label>
              <input
                type="checkbox"
                aria-label={`Sync source ${source.name}`}
                checked={source.enabled}
                onChange={(event) => update.mutate({ source: source.url, enabled: event.target.checked })}
              />{' '}
              {renaming === source.url ? null : <strong>{source.name}</strong>}
            </label>
            {renaming === source.url ? (
              <RenameForm currentName={source.name} noun="source" onSave={(next) => update.mutateAsync({ source: source.url, name: next })} onDone={() => setRenaming(undefined)} />
            ) : (
              <button type="button" className="button button--ghost button--small" onClick={() => setRenaming(source.url)} aria-label={`Rename source ${source.name}`}>
                Rename
              </button>
            )}{' '}
            <code>{source.url}</code> · {source.entries.toLocaleString()} entries · {source.sync.state}
            {source.enabled ? null : ' · disabled'}
            {source.origin === 'primary' ? ' · in use' : null}
            {source.origin === 'added' ? (
              <button type="button" className="button button--secondary button--small" onClick={() => remove.mutate({ source: source.url })} aria-label={`Remove source ${source.name}`}>
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form className="registry-sources__add" onSubmit={submit}>
        <input type="url" required placeholder="https://registry.example.com" aria-label="Registry URL" value={url} onChange={(event) => setUrl(event.target.value)} />
        <input type="text" placeholder="name (optional)" aria-label="Source name" value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button button--secondary" disabled={add.isPending}>
          Add source
        </button>
        <button type="button" className="button button--primary" disabled={running} onClick={() => syncAll.mutate({ wait: false })}>
          {running ? 'Syncing…' : 'Sync all enabled'}
        </button>
      </form>
      <p className="muted">A source is any registry that speaks the MCP registry API (its base URL; the console asks &lt;base&gt;/v0.1/servers). Removing one drops its cached entries; servers installed from it stay.</p>
      {[add, update, remove, syncAll].map((mutation, i) => (mutation.error ? <ErrorNotice key={i} error={mutation.error} title="The source change did not go through" compact /> : null))}
    </details>
  );
}
