import { useEffect, useId, useRef, useState } from 'react';
import { isMac } from '../app/platform.ts';

/**
 * Text to copy, shown in a read-only field. The clipboard API is tried first; where it is refused
 * (Electron denies the permission, plain http pages lack it) the text is selected instead and the
 * operator is told to press Ctrl+C.
 */
export function CopyField({ label, value, multiline = false, copyOnMount = false }: { label: string; value: string; multiline?: boolean; copyOnMount?: boolean }) {
  const inputRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const id = useId();
  const [status, setStatus] = useState('');

  async function copy(): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setStatus('Copied.');
    } catch {
      inputRef.current?.focus();
      inputRef.current?.select();
      setStatus(`Selected — press ${isMac ? '⌘' : 'Ctrl'}+C to copy.`);
    }
  }

  // Shown by a "Copy …" button: that one click copies, and the field stays to read what was copied.
  useEffect(() => {
    if (copyOnMount) void copy();
    // Once, when it appears: a later change of the text is copied by its own Copy button.
  }, []);

  return (
    <div className="copy-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        {multiline ? (
          <textarea ref={inputRef} id={id} className="input input--mono copy-field__input copy-field__input--multiline" readOnly value={value} rows={Math.min(16, value.split('\n').length + 1)} />
        ) : (
          <input ref={inputRef} id={id} className="input input--mono copy-field__input" readOnly value={value} onFocus={(event) => event.target.select()} />
        )}
        <button type="button" className="button button--secondary button--small" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="form-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
