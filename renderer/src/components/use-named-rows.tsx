import { useRef, useState, type ReactNode } from 'react';
import { useDeleteConfirmation } from './DeleteDialog.tsx';
import type { Column } from './DataTable.tsx';
import { DateTime } from './DateTime.tsx';
import { RenameForm } from './RenameForm.tsx';

/** Something the operator names and can rename, whose slug stays put: a crew, an agent. */
export interface NamedRow {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}

interface NamedRowsOptions<Row extends NamedRow> {
  /** "crew", "agent": names the buttons and the rename field for screen readers. */
  noun: string;
  rename: (row: Row, name: string) => Promise<unknown>;
  /** The column between the slug and the creation date. */
  detail: Column<Row>;
  /** The confirmation that deletes the row; `close` ends it either way. */
  deleteDialog: (row: Row, close: () => void) => ReactNode;
}

/** The detail column's track, so crews and agents line up the same. */
export const NAMED_ROW_DETAIL_WIDTH = 'minmax(110px, 1.2fr)';

/**
 * The columns of a list of named things — Name, Slug, the detail, Created, and Rename/Delete — with
 * the open delete confirmation. A row being renamed shows a field across the name and slug columns;
 * when it is done the keyboard is back on that row's Rename button.
 */
export function useNamedRows<Row extends NamedRow>({ noun, rename, detail, deleteDialog }: NamedRowsOptions<Row>) {
  const [renaming, setRenaming] = useState<ReadonlySet<string>>(() => new Set());
  const deletion = useDeleteConfirmation(deleteDialog);
  const renameButtons = useRef(new Map<string, HTMLButtonElement>());

  function setRenamingRow(id: string, on: boolean): void {
    setRenaming((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function doneRenaming(id: string): void {
    setRenamingRow(id, false);
    requestAnimationFrame(() => renameButtons.current.get(id)?.focus());
  }

  const columns: Column<Row>[] = [
    {
      header: 'Name',
      width: 'minmax(160px, 2fr)',
      kind: 'name',
      span: (row) => (renaming.has(row.id) ? 2 : 1),
      cell: (row) =>
        renaming.has(row.id) ? <RenameForm currentName={row.name} noun={noun} onSave={(name) => rename(row, name)} onDone={() => doneRenaming(row.id)} /> : row.name,
    },
    { header: 'Slug', width: 'minmax(120px, 1.3fr)', cell: (row) => <code className="slug">{row.slug}</code> },
    detail,
    { header: 'Created', width: 'minmax(180px, 1fr)', kind: 'muted', cell: (row) => <DateTime iso={row.createdAt} /> },
    {
      header: 'Actions',
      headerHidden: true,
      width: '176px',
      kind: 'actions',
      cell: (row) => (
        <>
          {renaming.has(row.id) ? null : (
            <button
              ref={(element) => {
                if (element) renameButtons.current.set(row.id, element);
                return () => void renameButtons.current.delete(row.id);
              }}
              type="button"
              className="button button--ghost button--small"
              onClick={() => setRenamingRow(row.id, true)}
              aria-label={`Rename ${noun} ${row.name}`}
            >
              Rename
            </button>
          )}
          <button type="button" className="button button--ghost-danger button--small" onClick={() => deletion.ask(row)} aria-label={`Delete ${noun} ${row.name}`}>
            Delete
          </button>
        </>
      ),
    },
  ];
  return { columns, dialog: deletion.dialog };
}
