import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog.tsx';

interface DeleteDialogProps<Input> {
  /** The question: "Delete agent Mail Sorter?". */
  title: string;
  confirmLabel: string;
  /** The delete method's mutation; the dialog's own, so each opening starts without an old error. */
  mutation: UseMutationResult<unknown, Error, Input>;
  input: Input;
  onClose: () => void;
  /** Errors the body explains itself (a refusal it offers a way past) are not repeated as a notice. */
  explains?: (error: Error) => boolean;
  onError?: (error: Error) => void;
  /** What will be removed, and what goes with it. */
  children: ReactNode;
}

/**
 * The row a list is asking about, and its confirmation while it is open. Each opening mounts the
 * confirmation afresh, so its mutation never shows the error of an earlier one.
 */
export function useDeleteConfirmation<Row>(confirmation: (row: Row, close: () => void) => ReactNode) {
  const [row, setRow] = useState<Row | undefined>(undefined);
  const ask = (target: Row) => setRow(() => target);
  return { ask, dialog: row === undefined ? null : confirmation(row, () => setRow(undefined)) };
}

/** Deleting always asks first, says what goes, and closes once the core has deleted it. */
export function DeleteDialog<Input>({ title, confirmLabel, mutation, input, onClose, explains, onError, children }: DeleteDialogProps<Input>) {
  const shownError = mutation.error && !explains?.(mutation.error) ? mutation.error : undefined;
  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={confirmLabel}
      busyLabel="Deleting…"
      busy={mutation.isPending}
      error={shownError}
      onConfirm={() => mutation.mutate(input, { onSuccess: onClose, onError })}
      onCancel={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}
