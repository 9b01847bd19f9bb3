import type { SelectHTMLAttributes } from 'react';
import { controlClassName, Field, type FieldControlProps } from './Field.tsx';

interface SelectOption {
  value: string;
  label: string;
}

type SelectFieldProps = FieldControlProps & { options: readonly SelectOption[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className' | 'value' | 'onChange'>;

/** A labelled select bound to a string. */
export function SelectField({ label, value, onChange, optional, variant, mono, compact, options, ...select }: SelectFieldProps) {
  return (
    <Field label={label} optional={optional} variant={variant}>
      {(id) => (
        <select id={id} className={controlClassName({ mono, compact })} value={value} onChange={(event) => onChange(event.target.value)} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
