import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  optional?: boolean;
  variant?: 'wide' | 'narrow' | 'inline';
  /** Receives the id the control must carry, so the label names exactly that control. */
  children: (id: string) => ReactNode;
}

/**
 * A label tied to its control by id rather than by wrapping: a wrapped <select> would lend its
 * options' text to the label's accessible name.
 */
export function Field({ label, optional = false, variant = 'wide', children }: FieldProps) {
  const id = useId();
  const className = variant === 'wide' ? 'field' : `field field--${variant}`;
  return (
    <div className={className}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> optional</span> : null}
      </label>
      {children(id)}
    </div>
  );
}
