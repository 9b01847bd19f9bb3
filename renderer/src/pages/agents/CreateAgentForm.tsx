import { useState } from 'react';
import { useCreateAgent } from '../../api/agents.ts';
import type { Crew } from '../../api/crews.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

/** An agent is always created inside a crew; the crew picker starts on the crew being viewed. */
export function CreateAgentForm({ crews, preferredCrewId }: { crews: readonly Crew[]; preferredCrewId: string | undefined }) {
  const createAgent = useCreateAgent();
  const [name, setName] = useState('');
  const [chosenCrewId, setChosenCrewId] = useState<string | undefined>(undefined);
  const crewId = [chosenCrewId, preferredCrewId, crews[0]?.id].find((id) => id !== undefined && crews.some((crew) => crew.id === id)) ?? '';
  return (
    <CreateForm
      title="New agent"
      submitLabel="Create agent"
      failureTitle="The agent was not created"
      mutation={createAgent}
      input={() => ({ crew: crewId, name: name.trim() })}
      onCreated={(agent) => {
        setName('');
        return `Created agent ${agent.name} (${agent.slug}) in ${agent.crewName}.`;
      }}
      fields={
        <>
          <SelectField
            label="Crew"
            variant="narrow"
            name="agentCrew"
            value={crewId}
            onChange={setChosenCrewId}
            options={crews.map((crew) => ({ value: crew.id, label: crew.name }))}
            required
          />
          <TextField label="Agent name" name="agentName" value={name} onChange={setName} placeholder="e.g. Inbox triage" maxLength={80} required />
        </>
      }
    />
  );
}
