import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question on the native <dialog>: focus stays inside, Escape cancels, Enter confirms.
 * Focus starts on Cancel so a stray Enter never destroys anything by surprise.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busyLabel, busy = false, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    // Give focus back to what opened the dialog; if that is gone (the row was deleted), to the page.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      const target = opener?.isConnected ? opener : document.getElementById('main-content');
      target?.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        className="dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        {error ? <ErrorNotice error={error} compact /> : null}
        <div className="dialog__actions">
          <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={busy}>
            {busy ? (busyLabel ?? 'Working…') : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
