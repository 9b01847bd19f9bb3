import { useState, type FormEvent } from 'react';
import { ErrorNotice } from './ErrorNotice.tsx';

interface RenameFormProps {
  currentName: string;
  /** What is being renamed, for the field's label: "crew", "agent". */
  noun: string;
  onSave: (name: string) => Promise<unknown>;
  onDone: () => void;
}

/** Inline rename: Enter saves, Escape cancels, the error (with its hint) stays beside the field. */
export function RenameForm({ currentName, noun, onSave, onDone }: RenameFormProps) {
  const [name, setName] = useState(currentName);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === currentName) return onDone();
    setPending(true);
    setError(undefined);
    try {
      await onSave(trimmed);
      onDone();
    } catch (caught) {
      setError(caught);
      setPending(false);
    }
  }

  return (
    <form
      className="rename-form"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !pending) {
          event.preventDefault();
          event.stopPropagation();
          onDone();
        }
      }}
    >
      <div className="rename-form__row">
        <input
          className="input input--compact"
          aria-label={`New name for ${noun} ${currentName}`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          onFocus={(event) => event.target.select()}
          maxLength={80}
          required
          autoFocus
          disabled={pending}
        />
        <button type="submit" className="button button--primary button--small" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onDone} disabled={pending}>
          Cancel
        </button>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}
