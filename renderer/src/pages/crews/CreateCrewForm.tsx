import { useState, type FormEvent } from 'react';
import { useCreateCrew } from '../../api/crews.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** Name a crew; the slug follows from the name unless the operator sets one. */
export function CreateCrewForm() {
  const createCrew = useCreateCrew();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [created, setCreated] = useState<string | undefined>(undefined);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setCreated(undefined);
    const trimmedSlug = slug.trim();
    createCrew.mutate(
      { name: name.trim(), ...(trimmedSlug ? { slug: trimmedSlug } : {}) },
      {
        onSuccess: (crew) => {
          setName('');
          setSlug('');
          setCreated(`Created crew ${crew.name} (${crew.slug}).`);
        },
      },
    );
  }

  return (
    <form className="panel create-form" aria-labelledby="create-crew-heading" onSubmit={submit}>
      <h2 id="create-crew-heading" className="panel__title">
        New crew
      </h2>
      <div className="create-form__fields">
        <Field label="Crew name">
          {(id) => (
            <input
              id={id}
              className="input"
              name="crewName"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. Support desk"
              maxLength={80}
              required
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Slug" optional variant="narrow">
          {(id) => (
            <input
              id={id}
              className="input input--mono"
              name="crewSlug"
              value={slug}
              onChange={(event) => setSlug(event.target.value)}
              placeholder="derived from the name"
              maxLength={48}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              title="Lowercase letters, digits and single dashes"
              autoComplete="off"
            />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={createCrew.isPending}>
          {createCrew.isPending ? 'Creating…' : 'Create crew'}
        </button>
      </div>
      {createCrew.isError ? <ErrorNotice error={createCrew.error} title="The crew was not created" /> : null}
      <p className="form-status" role="status" aria-live="polite">
        {createCrew.isSuccess ? created : ''}
      </p>
    </form>
  );
}
