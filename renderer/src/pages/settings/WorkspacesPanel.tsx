import { useRef, useState } from 'react';
import { describeHoldings } from '../../../../main/rpc/workspace-holdings.ts';
import { useCurrentWorkspaceId, useSwitchWorkspace } from '../../api/current-workspace.tsx';
import { isRpcError } from '../../api/rpc-error.ts';
import { useCreateWorkspace, useDeleteWorkspace, useRenameWorkspace, useWorkspaces, type Workspace } from '../../api/workspaces.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DeleteDialog, useDeleteConfirmation } from '../../components/DeleteDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { RenameForm } from '../../components/RenameForm.tsx';
import { TextField } from '../../components/TextField.tsx';
import { SlugField } from '../../components/SlugField.tsx';

/** Settings → Workspaces: create, rename, switch to and delete workspaces; deleting names what goes with it. */
export function WorkspacesPanel() {
  const workspaces = useWorkspaces();
  const current = useCurrentWorkspaceId();
  const switchTo = useSwitchWorkspace();
  const renameWorkspace = useRenameWorkspace();
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const renameButtons = useRef(new Map<string, HTMLButtonElement>());
  const deletion = useDeleteConfirmation<Workspace>((workspace, close) => <DeleteWorkspaceDialog workspace={workspace} onClose={close} />);

  function doneRenaming(id: string): void {
    setRenaming(undefined);
    requestAnimationFrame(() => renameButtons.current.get(id)?.focus());
  }

  const columns: Column<Workspace>[] = [
    {
      header: 'Name',
      width: 'minmax(160px, 2fr)',
      kind: 'name',
      span: (row) => (renaming === row.id ? 2 : 1),
      cell: (row) =>
        renaming === row.id ? (
          <RenameForm currentName={row.name} noun="workspace" onSave={(name) => renameWorkspace.mutateAsync({ workspace: row.id, name })} onDone={() => doneRenaming(row.id)} />
        ) : (
          <span className="cluster">
            {row.name}
            {row.id === current ? <span className="badge badge--success">current</span> : null}
            {row.isDefault ? <span className="badge badge--muted">default</span> : null}
          </span>
        ),
    },
    { header: 'Slug', width: 'minmax(150px, 1fr)', cell: (row) => <code className="slug">{row.slug}</code> },
    { header: 'Holds', width: 'minmax(160px, 2fr)', kind: 'muted', cell: (row) => holdsText(row) },
    {
      header: 'Actions',
      headerHidden: true,
      width: '300px',
      kind: 'actions',
      cell: (row) => (
        <>
          {row.id === current ? null : (
            <button type="button" className="button button--ghost button--small" onClick={() => switchTo(row.id)} aria-label={`Switch to workspace ${row.name}`}>
              Switch to
            </button>
          )}
          {renaming === row.id ? null : (
            <button
              ref={(element) => {
                if (element) renameButtons.current.set(row.id, element);
                return () => void renameButtons.current.delete(row.id);
              }}
              type="button"
              className="button button--ghost button--small"
              onClick={() => setRenaming(row.id)}
              aria-label={`Rename workspace ${row.name}`}
            >
              Rename
            </button>
          )}
          {row.isDefault ? null : (
            <button type="button" className="button button--ghost-danger button--small" onClick={() => deletion.ask(row)} aria-label={`Delete workspace ${row.name}`}>
              Delete
            </button>
          )}
        </>
      ),
    },
  ];

  return (
    <section id="workspaces" className="panel" aria-labelledby="workspaces-heading">
      <h2 id="workspaces-heading" className="panel__title">
        Workspaces {workspaces.data ? <span className="count">{workspaces.data.length}</span> : null}
      </h2>
      <p className="muted">
        Each workspace has its own crews, agents, MCP servers and credentials (and its own Composio key). The sidebar switches between them; the CLI takes{' '}
        <code>--workspace &lt;slug&gt;</code> or <code>CREWSHIP_WORKSPACE</code>, the local host the <code>X-Crewship-Workspace</code> header.
      </p>
      <CreateWorkspaceForm />
      <DataTable
        label="Workspaces"
        what="workspaces"
        columns={columns}
        rowKey={(row) => row.id}
        query={workspaces}
        empty={<EmptyState title="No workspaces">Create one above.</EmptyState>}
      />
      {deletion.dialog}
    </section>
  );
}

function holdsText(workspace: Workspace): string {
  return workspace.holds.some((holding) => holding.count > 0) ? describeHoldings(workspace.holds) : 'Empty';
}

function CreateWorkspaceForm() {
  const createWorkspace = useCreateWorkspace();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  return (
    <CreateForm
      title="New workspace"
      submitLabel="Create workspace"
      failureTitle="The workspace was not created"
      mutation={createWorkspace}
      input={() => ({ name: name.trim(), ...(slug.trim() ? { slug: slug.trim() } : {}) })}
      onCreated={(workspace) => {
        setName('');
        setSlug('');
        return `Created workspace ${workspace.name} (${workspace.slug}). Switch to it with its row's Switch to, or the sidebar.`;
      }}
      fields={
        <>
          <TextField label="Workspace name" name="workspaceName" value={name} onChange={setName} placeholder="e.g. Acme production" maxLength={80} required />
          <SlugField name="workspaceSlug" value={slug} onChange={setSlug} />
        </>
      }
    />
  );
}

const isNotEmpty = (error: Error) => isRpcError(error, 'workspace_not_empty');

/**
 * Names what would go before anything goes: a workspace that holds nothing is deleted as it is;
 * one that holds rows is deleted only with them, and the confirmation lists them.
 */
function DeleteWorkspaceDialog({ workspace, onClose }: { workspace: Workspace; onClose: () => void }) {
  const mutation = useDeleteWorkspace();
  const current = useCurrentWorkspaceId();
  const held = workspace.holds.filter((holding) => holding.count > 0);
  const withContents = held.length > 0;
  return (
    <DeleteDialog
      title={withContents ? `Delete workspace ${workspace.name} and everything in it?` : `Delete workspace ${workspace.name}?`}
      confirmLabel={withContents ? 'Delete workspace and its contents' : 'Delete workspace'}
      mutation={mutation}
      input={{ workspace: workspace.id, ...(withContents ? { withContents: true } : {}) }}
      onClose={onClose}
      explains={isNotEmpty}
    >
      {withContents ? (
        <div className="callout callout--warning" role="alert">
          <p>
            Workspace <strong>{workspace.name}</strong> (<code>{workspace.slug}</code>) holds:
          </p>
          <ul>
            {held.map((holding) => (
              <li key={holding.what}>{describeHoldings([holding])}</li>
            ))}
          </ul>
          <p>All of it is deleted with the workspace, for good; its MCP servers stop and its credentials’ tokens are forgotten.</p>
        </div>
      ) : (
        <p>
          The workspace <strong>{workspace.name}</strong> (<code>{workspace.slug}</code>) holds nothing and will be removed. This cannot be undone.
        </p>
      )}
      {workspace.id === current ? <p>This window works in it now; it moves to the default workspace.</p> : null}
    </DeleteDialog>
  );
}
