import { useState, type FormEvent } from 'react';
import {
  useComposioToolkit,
  useCreateAuthConfig,
  useDeleteAuthConfig,
  useDisableAuthConfig,
  useEnableAuthConfig,
  type ComposioAuthConfig,
  type ComposioTool,
  type ComposioToolkit,
} from '../../../api/composio.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { ConnectPanel } from './ConnectPanel.tsx';
import { AppLogo } from './shared.tsx';

/** One app of the catalog (`#/integrations/catalog/<slug>`): connect an account, its auth configs, its tools. */
export function ToolkitView({ slug }: { slug: string }) {
  const [search, setSearch] = useState('');
  const page = useComposioToolkit({ toolkit: slug, ...(search.trim() ? { search: search.trim() } : {}), limit: 5000 });
  return (
    <div className="composio-toolkit">
      <a className="link" href={hrefFor('integrations', 'catalog')}>
        ← All apps
      </a>
      <QueryView query={page} what={`the app ${slug}`}>
        {(data) => (
          <>
            <ToolkitHeader toolkit={data.toolkit} />
            <ConnectPanel toolkit={data.toolkit.slug} toolkitName={data.toolkit.name} hasAuthConfig={data.authConfigs.some((config) => config.status === 'ENABLED')} />
            <AuthConfigs toolkit={data.toolkit} configs={data.authConfigs} />
            <section className="panel" aria-labelledby="composio-tools-heading">
              <div className="panel__header">
                <h2 id="composio-tools-heading" className="panel__title">
                  Tools <span className="count">{data.total.toLocaleString()}</span>
                </h2>
                <TextField label="Search tools" variant="inline" compact type="search" value={search} onChange={setSearch} placeholder="Name, slug or description" />
              </div>
              <DataTable
                label={`${data.toolkit.name} tools`}
                what="tools"
                columns={toolColumns}
                rowKey={(tool) => tool.slug}
                query={{ ...page, data: data.tools }}
                size="bounded"
                rowStyle="top"
                empty={
                  <EmptyState title={search ? 'No tool matches' : 'This app has no tools'} next={search ? 'Try fewer words.' : 'Refresh the catalog if Composio has added some.'}>
                    Tools are what an agent calls through a connected account.
                  </EmptyState>
                }
              />
            </section>
          </>
        )}
      </QueryView>
    </div>
  );
}

function ToolkitHeader({ toolkit }: { toolkit: ComposioToolkit }) {
  return (
    <section className="composio-toolkit__header" aria-label={`About ${toolkit.name}`}>
      <AppLogo logo={toolkit.logo} name={toolkit.name} size="large" />
      <div className="composio-toolkit__about">
        <h2 className="composio-toolkit__name">
          {toolkit.name} <code className="slug">{toolkit.slug}</code>
        </h2>
        <p>{toolkit.description}</p>
        <ul className="chip-list" aria-label="Facts">
          {toolkit.categories.map((category) => (
            <li key={category.slug} className="chip">
              {category.name}
            </li>
          ))}
          {toolkit.noAuth ? <li className="badge badge--muted">No auth</li> : null}
          {toolkit.authSchemes.map((scheme) => (
            <li key={scheme} className="badge badge--muted">
              {scheme}
              {toolkit.managedAuthSchemes.includes(scheme) ? ' · Composio-managed' : ''}
            </li>
          ))}
          <li className="badge badge--muted">{toolkit.toolCount.toLocaleString()} tools</li>
        </ul>
      </div>
    </section>
  );
}

const toolColumns: readonly Column<ComposioTool>[] = [
  {
    header: 'Tool',
    width: 'minmax(220px, 1.2fr)',
    kind: 'name',
    cell: (tool) => (
      <span className="composio-tool">
        <span>{tool.name}</span>
        <code className="slug">{tool.slug}</code>
      </span>
    ),
  },
  { header: 'Description', width: 'minmax(220px, 2fr)', kind: 'muted', cell: (tool) => tool.description },
  { header: 'Hints', width: '140px', cell: (tool) => <ToolHints tool={tool} /> },
];

function ToolHints({ tool }: { tool: ComposioTool }) {
  if (!tool.readOnly && !tool.destructive) return <span className="muted">—</span>;
  return (
    <ul className="badge-list" aria-label="Hints">
      {tool.readOnly ? (
        <li className="badge badge--success" title="readOnlyHint: the tool says it does not change anything.">
          Read-only
        </li>
      ) : null}
      {tool.destructive ? (
        <li className="badge badge--danger" title="destructiveHint: the tool may delete or overwrite things.">
          Destructive
        </li>
      ) : null}
    </ul>
  );
}

function AuthConfigs({ toolkit, configs }: { toolkit: ComposioToolkit; configs: ComposioAuthConfig[] }) {
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ComposioAuthConfig | null>(null);
  const remove = useDeleteAuthConfig();
  return (
    <section className="panel" aria-labelledby="composio-auth-configs-heading">
      <div className="panel__header">
        <h2 id="composio-auth-configs-heading" className="panel__title">
          Auth configs <span className="count">{configs.length}</span>
        </h2>
        {toolkit.noAuth ? null : (
          <button type="button" className="button button--secondary button--small" aria-expanded={creating} onClick={() => setCreating((open) => !open)}>
            New auth config
          </button>
        )}
      </div>
      {creating ? <CreateAuthConfig toolkit={toolkit} onDone={() => setCreating(false)} /> : null}
      {configs.length === 0 ? (
        <p className="muted">
          {toolkit.noAuth
            ? `${toolkit.name} needs no sign-in.`
            : `None yet. An auth config is the app’s OAuth blueprint in your project: connecting an account creates a Composio-managed one, or make one with your own OAuth client.`}
        </p>
      ) : (
        <ul className="plain-list composio-configs">
          {configs.map((config) => (
            <AuthConfigRow key={config.id} config={config} onDelete={() => setDeleting(config)} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the auth config ${deleting?.name ?? ''}?`}
        confirmLabel="Delete auth config"
        busyLabel="Deleting…"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate({ authConfig: deleting.id }, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          It is deleted at Composio for good.{' '}
          {deleting && deleting.connections > 0
            ? `${deleting.connections} connected account${deleting.connections === 1 ? '' : 's'} made through it stop working.`
            : 'No connected account uses it.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}

function AuthConfigRow({ config, onDelete }: { config: ComposioAuthConfig; onDelete: () => void }) {
  const enable = useEnableAuthConfig();
  const disable = useDisableAuthConfig();
  const enabled = config.status === 'ENABLED';
  const toggle = enabled ? disable : enable;
  return (
    <li className="composio-configs__row" aria-label={`Auth config ${config.name}`}>
      <div className="composio-configs__text">
        <strong>{config.name}</strong> <code className="slug">{config.id}</code>
        <div className="muted">
          {config.composioManaged ? 'Composio-managed' : `Custom OAuth client${config.clientId ? ` ${config.clientId}` : ''} (secret sealed)`} · {config.authScheme ?? 'scheme not given'} ·{' '}
          {config.connections} connection{config.connections === 1 ? '' : 's'}
        </div>
      </div>
      <span className={`status-pill status-pill--${enabled ? 'ok' : 'inactive'}`}>{enabled ? 'Enabled' : 'Disabled'}</span>
      <button type="button" className="button button--ghost button--small" disabled={toggle.isPending} onClick={() => toggle.mutate({ authConfig: config.id })}>
        {enabled ? 'Disable' : 'Enable'}
      </button>
      <button type="button" className="button button--ghost-danger button--small" onClick={onDelete} aria-label={`Delete ${config.name}`}>
        Delete
      </button>
      {toggle.isError ? <ErrorNotice error={toggle.error} compact /> : null}
    </li>
  );
}

function CreateAuthConfig({ toolkit, onDone }: { toolkit: ComposioToolkit; onDone: () => void }) {
  const managedPossible = toolkit.composioManaged || toolkit.managedAuthSchemes.length > 0;
  const [kind, setKind] = useState<'managed' | 'custom'>(managedPossible ? 'managed' : 'custom');
  const [name, setName] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState('');
  const create = useCreateAuthConfig();

  function submit(event: FormEvent): void {
    event.preventDefault();
    const scopeList = scopes.split(/[\s,]+/).filter(Boolean);
    create.mutate(
      {
        toolkit: toolkit.slug,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(kind === 'custom' ? { custom: { clientId, clientSecret, ...(scopeList.length > 0 ? { scopes: scopeList } : {}) } } : {}),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form className="composio-config-form" onSubmit={submit} aria-label={`New ${toolkit.name} auth config`}>
      <fieldset className="segmented">
        <legend className="visually-hidden">Kind of auth config</legend>
        <div className="segmented__options">
          <label className="segmented__option">
            <input type="radio" name="auth-config-kind" checked={kind === 'managed'} disabled={!managedPossible} onChange={() => setKind('managed')} />
            <span>Composio-managed</span>
          </label>
          <label className="segmented__option">
            <input type="radio" name="auth-config-kind" checked={kind === 'custom'} onChange={() => setKind('custom')} />
            <span>My own OAuth client</span>
          </label>
        </div>
      </fieldset>
      {managedPossible ? null : <p className="muted">Composio does not manage {toolkit.name}’s sign-in: bring your own OAuth client.</p>}
      <TextField label="Name" optional value={name} onChange={setName} placeholder={`${toolkit.name} auth config`} maxLength={120} />
      {kind === 'custom' ? (
        <>
          <TextField label="Client ID" mono value={clientId} onChange={setClientId} required spellCheck={false} />
          <TextField label="Client secret" type="password" mono value={clientSecret} onChange={setClientSecret} required spellCheck={false} />
          <TextField label="Scopes" optional mono value={scopes} onChange={setScopes} placeholder="space or comma separated" />
          <p className="muted">The secret is sealed in the vault and sent to Composio; it is never shown again.</p>
        </>
      ) : null}
      {create.isError ? <ErrorNotice error={create.error} title="The auth config was not created" compact /> : null}
      <div className="cluster">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create auth config'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
