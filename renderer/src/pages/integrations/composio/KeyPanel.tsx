import { useState, type FormEvent } from 'react';
import { useRemoveComposioKey, useSetComposioKey, useSyncComposioCatalog, type ComposioKeyInfo, type ComposioStatus } from '../../../api/composio.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { HintText } from '../../../components/HintText.tsx';
import { TextField } from '../../../components/TextField.tsx';

const sourceText: Record<ComposioKeyInfo['source'], string> = {
  workspace: 'This workspace’s own key (sealed in the vault)',
  environment: 'COMPOSIO_API_KEY from the environment',
  none: 'No key',
};

/**
 * The "API key" panel: which Composio project key is in effect, where it comes from and a masked
 * preview; set (checked with Composio first), change, remove; and the warning when one environment
 * key backs several workspaces. With no key at all it is the page's first step.
 */
export function KeyPanel({ status }: { status: ComposioStatus }) {
  const { key } = status;
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const remove = useRemoveComposioKey();

  if (!status.configured) {
    return (
      <section className="panel composio-key composio-key--empty" aria-labelledby="composio-key-heading">
        <div className="panel__header">
          <h2 id="composio-key-heading" className="panel__title">
            API key
          </h2>
        </div>
        <p>
          Add your Composio project key to browse the catalog and connect accounts. Find it in the Composio dashboard under{' '}
          <strong>Settings → API keys</strong> (it starts with <code>ak_</code>). It is checked with Composio, then sealed in the vault; or set{' '}
          <code>COMPOSIO_API_KEY</code> before starting the console, or run <code>crewship integration composio key set --key ak_…</code>.
        </p>
        <KeyForm onDone={() => undefined} firstCatalog={status.catalog.syncedAt === null} />
      </section>
    );
  }

  return (
    <section className="panel composio-key" aria-labelledby="composio-key-heading">
      <div className="panel__header">
        <h2 id="composio-key-heading" className="panel__title">
          API key
        </h2>
        <div className="cluster">
          <button type="button" className="button button--secondary button--small" onClick={() => setEditing((open) => !open)} aria-expanded={editing}>
            {key.source === 'workspace' ? 'Change key' : 'Set a workspace key'}
          </button>
          {key.source === 'workspace' ? (
            <button type="button" className="button button--ghost-danger button--small" onClick={() => setConfirmRemove(true)}>
              Remove key
            </button>
          ) : null}
        </div>
      </div>
      <dl className="facts composio-key__facts">
        <div className="facts__item">
          <dt>Source</dt>
          <dd>{sourceText[key.source]}</dd>
        </div>
        <div className="facts__item">
          <dt>Key</dt>
          <dd>
            <code data-testid="composio-key-preview">{key.preview}</code>
            {key.label ? <span className="muted"> · {key.label}</span> : null}
          </dd>
        </div>
        <div className="facts__item">
          <dt>Checked</dt>
          <dd>{key.validatedAt ? <DateTime iso={key.validatedAt} /> : key.source === 'environment' ? 'Read from the environment; not checked here' : 'Stored without a check'}</dd>
        </div>
        <div className="facts__item">
          <dt>Composio API</dt>
          <dd>
            <code className="break-all">{key.baseUrl}</code>
            {key.baseUrlSource === 'default' ? null : <span className="muted"> ({key.baseUrlSource === 'environment' ? 'COMPOSIO_BASE_URL' : 'workspace setting'})</span>}
          </dd>
        </div>
      </dl>
      {key.source === 'workspace' && key.environmentKeyPresent ? (
        <p className="muted">COMPOSIO_API_KEY is set too; this workspace’s own key takes its place.</p>
      ) : null}
      {key.warning ? <SharedKeyWarning warning={key.warning} /> : null}
      {editing ? <KeyForm onDone={() => setEditing(false)} firstCatalog={status.catalog.syncedAt === null} /> : null}
      <ConfirmDialog
        open={confirmRemove}
        title="Remove this workspace’s Composio key?"
        confirmLabel="Remove key"
        busyLabel="Removing…"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setConfirmRemove(false);
        }}
        onConfirm={() => remove.mutate({}, { onSuccess: () => setConfirmRemove(false) })}
      >
        <p>
          The key <code>{key.preview}</code> is deleted from the vault. {key.environmentKeyPresent ? 'COMPOSIO_API_KEY from the environment is used instead, which may be another project.' : 'Nothing reaches Composio until a key is set again.'}{' '}
          Accounts stay connected at Composio.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function SharedKeyWarning({ warning }: { warning: NonNullable<ComposioKeyInfo['warning']> }) {
  return (
    <div className="callout callout--warning" role="alert" data-testid="composio-shared-key">
      <p>
        <strong>{warning.message}</strong>
      </p>
      <p>
        Sharing it: {warning.workspaces.map((workspace) => workspace.name).join(', ')}.
      </p>
      <p>
        <HintText text={warning.hint} />
      </p>
    </div>
  );
}

/** With `firstCatalog`, a key that is stored starts the catalog's first download, so the Catalog tab fills by itself. */
function KeyForm({ onDone, firstCatalog }: { onDone: () => void; firstCatalog: boolean }) {
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [validate, setValidate] = useState(true);
  const set = useSetComposioKey();
  const sync = useSyncComposioCatalog();

  function submit(event: FormEvent): void {
    event.preventDefault();
    set.mutate(
      { key, ...(label.trim() ? { label: label.trim() } : {}), validate },
      {
        onSuccess: () => {
          setKey('');
          setLabel('');
          if (firstCatalog) sync.mutate({});
          onDone();
        },
      },
    );
  }

  return (
    <form className="composio-key__form" onSubmit={submit} aria-label="Set the Composio project key">
      <div className="composio-key__fields">
        <TextField label="Project key" type="password" mono value={key} onChange={setKey} placeholder="ak_…" required spellCheck={false} />
        <TextField label="Label" optional value={label} onChange={setLabel} placeholder="Production project" maxLength={80} />
      </div>
      <label className="composio-key__check">
        <input type="checkbox" checked={validate} onChange={(event) => setValidate(event.target.checked)} /> Check the key with Composio before storing it
      </label>
      {set.isError ? <ErrorNotice error={set.error} title="The key was not stored" compact /> : null}
      <div className="cluster">
        <button type="submit" className="button button--primary" disabled={set.isPending || key.trim() === ''}>
          {set.isPending ? (validate ? 'Checking with Composio…' : 'Saving…') : 'Save key'}
        </button>
      </div>
    </form>
  );
}
