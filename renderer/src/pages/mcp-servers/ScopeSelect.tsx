import { useAgents } from '../../api/agents.ts';
import { useCrews } from '../../api/crews.ts';
import { Field } from '../../components/Field.tsx';

export type ScopeChoice = { kind: 'workspace' } | { kind: 'crew'; crew: string } | { kind: 'agent'; agent: string };

/** One select for every scope: the workspace, then each crew, then each agent. */
export function ScopeSelect({ label, value, onChange }: { label: string; value: ScopeChoice; onChange: (scope: ScopeChoice) => void }) {
  const crews = useCrews();
  const agents = useAgents();
  const encoded = value.kind === 'workspace' ? 'workspace' : value.kind === 'crew' ? `crew:${value.crew}` : `agent:${value.agent}`;
  return (
    <Field label={label} variant="narrow">
      {(id) => (
        <select
          id={id}
          className="input"
          value={encoded}
          onChange={(event) => {
            const [kind, ref = ''] = event.target.value.split(/:(.*)/s);
            onChange(kind === 'crew' ? { kind: 'crew', crew: ref } : kind === 'agent' ? { kind: 'agent', agent: ref } : { kind: 'workspace' });
          }}
        >
          <option value="workspace">Workspace</option>
          {(crews.data ?? []).length > 0 ? (
            <optgroup label="Crews">
              {(crews.data ?? []).map((crew) => (
                <option key={crew.id} value={`crew:${crew.id}`}>
                  {crew.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {(agents.data ?? []).length > 0 ? (
            <optgroup label="Agents">
              {(agents.data ?? []).map((agent) => (
                <option key={agent.id} value={`agent:${agent.id}`}>
                  {agent.name} ({agent.crewName})
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      )}
    </Field>
  );
}
