import { useState } from 'react';
import { useCreateCrew } from '../../api/crews.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { TextField } from '../../components/TextField.tsx';

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
          <TextField
            label="Slug"
            optional
            variant="narrow"
            mono
            name="crewSlug"
            value={slug}
            onChange={setSlug}
            placeholder="derived from the name"
            maxLength={48}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            title="Lowercase letters, digits and single dashes"
          />
        </>
      }
    />
  );
}
