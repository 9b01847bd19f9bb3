import { useState, type FormEvent } from 'react';
import { useCreateAgent } from '../../api/agents.ts';
import type { Crew } from '../../api/crews.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** An agent is always created inside a crew; the crew picker starts on the crew being viewed. */
export function CreateAgentForm({ crews, preferredCrewId }: { crews: readonly Crew[]; preferredCrewId: string | undefined }) {
  const createAgent = useCreateAgent();
  const [name, setName] = useState('');
  const [chosenCrewId, setChosenCrewId] = useState<string | undefined>(undefined);
  const [created, setCreated] = useState('');
  const crewId = [chosenCrewId, preferredCrewId, crews[0]?.id].find((id) => id !== undefined && crews.some((crew) => crew.id === id)) ?? '';

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setCreated('');
    createAgent.mutate(
      { crew: crewId, name: name.trim() },
      {
        onSuccess: (agent) => {
          setName('');
          setCreated(`Created agent ${agent.name} (${agent.slug}) in ${agent.crewName}.`);
        },
      },
    );
  }

  return (
    <form className="panel create-form" aria-labelledby="create-agent-heading" onSubmit={submit}>
      <h2 id="create-agent-heading" className="panel__title">
        New agent
      </h2>
      <div className="create-form__fields">
        <Field label="Crew" variant="narrow">
          {(id) => (
            <select id={id} className="input" name="agentCrew" value={crewId} onChange={(event) => setChosenCrewId(event.target.value)} required>
              {crews.map((crew) => (
                <option key={crew.id} value={crew.id}>
                  {crew.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Agent name">
          {(id) => (
            <input
              id={id}
              className="input"
              name="agentName"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. Inbox triage"
              maxLength={80}
              required
              autoComplete="off"
            />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={createAgent.isPending}>
          {createAgent.isPending ? 'Creating…' : 'Create agent'}
        </button>
      </div>
      {createAgent.isError ? <ErrorNotice error={createAgent.error} title="The agent was not created" /> : null}
      <p className="form-status" role="status" aria-live="polite">
        {createAgent.isSuccess ? created : ''}
      </p>
    </form>
  );
}
