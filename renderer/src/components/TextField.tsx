import type { InputHTMLAttributes } from 'react';
import { controlClassName, Field, type FieldControlProps } from './Field.tsx';

type TextFieldProps = FieldControlProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange'>;

/** A labelled text input bound to a string. Browsers' autofill stays off: nothing here is a person's own data. */
export function TextField({ label, value, onChange, optional, variant, mono, compact, ...input }: TextFieldProps) {
  return (
    <Field label={label} optional={optional} variant={variant}>
      {(id) => (
        <input id={id} className={controlClassName({ mono, compact })} value={value} onChange={(event) => onChange(event.target.value)} autoComplete="off" {...input} />
      )}
    </Field>
  );
}
