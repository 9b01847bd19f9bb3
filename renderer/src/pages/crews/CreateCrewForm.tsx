import { useState } from 'react';
import { useCreateCrew } from '../../api/crews.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { TextField } from '../../components/TextField.tsx';
import { SlugField } from '../../components/SlugField.tsx';

/** Name a crew; the slug follows from the name unless the operator sets one. */
export function CreateCrewForm() {
  const createCrew = useCreateCrew();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  return (
    <CreateForm
      title="New crew"
      submitLabel="Create crew"
      failureTitle="The crew was not created"
      mutation={createCrew}
      input={() => ({ name: name.trim(), ...(slug.trim() ? { slug: slug.trim() } : {}) })}
      onCreated={(crew) => {
        setName('');
        setSlug('');
        return `Created crew ${crew.name} (${crew.slug}).`;
      }}
      fields={
        <>
          <TextField label="Crew name" name="crewName" value={name} onChange={setName} placeholder="e.g. Support desk" maxLength={80} required />
          <SlugField name="crewSlug" value={slug} onChange={setSlug} />
        </>
      }
    />
  );
}
