import { useId, type ReactNode } from 'react';

type FieldVariant = 'wide' | 'narrow' | 'inline';

interface FieldProps {
  label: string;
  optional?: boolean;
  variant?: FieldVariant;
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
      <label className="field__label" id={`${id}-label`} htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> optional</span> : null}
      </label>
      {children(id)}
    </div>
  );
}

/** What a text field and a select share: the Field around them, and a string value. */
export interface FieldControlProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
  variant?: FieldVariant;
  /** Monospace, for identifiers, URLs and secrets. */
  mono?: boolean;
  /** The smaller height of toolbars and filters. */
  compact?: boolean;
}

export function controlClassName({ mono = false, compact = false }: Pick<FieldControlProps, 'mono' | 'compact'>): string {
  return ['input', mono ? 'input--mono' : '', compact ? 'input--compact' : ''].filter(Boolean).join(' ');
}
