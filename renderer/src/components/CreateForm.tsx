import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice.tsx';

interface CreateFormProps<Input, Output> {
  /** The heading, which also names the form: "New crew". */
  title: string;
  submitLabel: string;
  /** Leads the error notice when the core refuses: "The crew was not created". */
  failureTitle: string;
  mutation: UseMutationResult<Output, Error, Input>;
  /** Reads the fields into the method's input when the form is submitted. */
  input: () => Input;
  /** Clears the fields and returns what to say about what was created. */
  onCreated: (created: Output) => string;
  /** The fields of the last row; the submit button ends it. */
  fields: ReactNode;
  /** What comes between the heading and that row: more rows, a fieldset. */
  lead?: ReactNode;
  /** What follows the row, above the error and the status line: facts about the choices made. */
  footnote?: ReactNode;
}

/** The panel a list page creates its things with: submit, the refusal with its hint, or a line saying what was created. */
export function CreateForm<Input, Output>({ title, submitLabel, failureTitle, mutation, input, onCreated, fields, lead, footnote }: CreateFormProps<Input, Output>) {
  const headingId = useId();
  const [created, setCreated] = useState('');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setCreated('');
    mutation.mutate(input(), { onSuccess: (output) => setCreated(onCreated(output)) });
  }

  return (
    <form className="panel create-form" aria-labelledby={headingId} onSubmit={submit}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      {lead}
      <div className="create-form__fields">
        {fields}
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating…' : submitLabel}
        </button>
      </div>
      {footnote}
      {mutation.isError ? <ErrorNotice error={mutation.error} title={failureTitle} /> : null}
      <p className="form-status" role="status" aria-live="polite">
        {mutation.isSuccess ? created : ''}
      </p>
    </form>
  );
}
