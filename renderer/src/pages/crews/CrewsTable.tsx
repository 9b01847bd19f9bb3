import { useRef, useState } from 'react';
import type { Crew } from '../../api/crews.ts';
import { useRenameCrew } from '../../api/crews.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { RenameForm } from '../../components/RenameForm.tsx';
import { DeleteCrewDialog } from './DeleteCrewDialog.tsx';

export function CrewsTable({ crews }: { crews: readonly Crew[] }) {
  const [deleting, setDeleting] = useState<Crew | undefined>(undefined);
  return (
    <>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Crews</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Agents</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {crews.map((crew) => (
              <CrewRow key={crew.id} crew={crew} onDelete={() => setDeleting(crew)} />
            ))}
          </tbody>
        </table>
      </div>
      {deleting ? <DeleteCrewDialog crew={deleting} onClose={() => setDeleting(undefined)} /> : null}
    </>
  );
}

function CrewRow({ crew, onDelete }: { crew: Crew; onDelete: () => void }) {
  const renameCrew = useRenameCrew();
  const [editing, setEditing] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // The field goes away; keep the keyboard where it was, on this row's Rename button.
    requestAnimationFrame(() => renameButton.current?.focus());
  };
  return (
    <tr>
      {editing ? (
        // While renaming, the field takes the slug's column too, so a long name fits.
        <td className="data-table__name" colSpan={2}>
          <RenameForm
            currentName={crew.name}
            noun="crew"
            onSave={(name) => renameCrew.mutateAsync({ crew: crew.id, name })}
            onDone={stopEditing}
          />
        </td>
      ) : (
        <>
          <td className="data-table__name">{crew.name}</td>
          <td>
            <code className="slug">{crew.slug}</code>
          </td>
        </>
      )}
      <td>
        <a className="link" href={hrefFor('agents', crew.slug)} aria-label={`${crew.agentCount === 1 ? '1 agent' : `${crew.agentCount.toLocaleString()} agents`} in ${crew.name}`}>
          {crew.agentCount.toLocaleString()}
        </a>
      </td>
      <td className="data-table__muted">
        <DateTime iso={crew.createdAt} />
      </td>
      <td className="data-table__actions">
        {editing ? null : (
          <button
            ref={renameButton}
            type="button"
            className="button button--ghost button--small"
            onClick={() => setEditing(true)}
            aria-label={`Rename crew ${crew.name}`}
          >
            Rename
          </button>
        )}
        <button
          type="button"
          className="button button--ghost-danger button--small"
          onClick={onDelete}
          aria-label={`Delete crew ${crew.name}`}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
