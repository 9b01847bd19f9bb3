import type { Agent } from '../../api/agents.ts';
import type { McpServerConfig, McpSource } from '../../api/mcp.ts';
import { Field } from '../../components/Field.tsx';

interface SourcePickerProps {
  servers: readonly McpServerConfig[];
  agents: readonly Agent[];
  source: McpSource;
  onChange: (source: McpSource) => void;
}

/** One server, or one agent: the agent's view is every server that resolves for it, grouped. */
export function SourcePicker({ servers, agents, source, onChange }: SourcePickerProps) {
  return (
    <div className="source-picker" role="group" aria-label="What to test">
      <fieldset className="segmented">
        <legend className="visually-hidden">Test the tools of</legend>
        <div className="segmented__options">
          <label className="segmented__option">
            <input
              type="radio"
              name="tester-source"
              checked={source.kind === 'server'}
              onChange={() => onChange({ kind: 'server', server: (servers.find((server) => server.enabled) ?? servers[0])?.id ?? '' })}
            />
            <span>One server</span>
          </label>
          <label className="segmented__option">
            <input
              type="radio"
              name="tester-source"
              checked={source.kind === 'agent'}
              disabled={agents.length === 0}
              onChange={() => agents[0] && onChange({ kind: 'agent', agent: agents[0].id })}
            />
            <span>An agent's servers</span>
          </label>
        </div>
      </fieldset>
      {source.kind === 'server' ? (
        <Field label="Server" variant="inline">
          {(id) => (
            <select id={id} className="input input--compact" value={source.server} onChange={(event) => onChange({ kind: 'server', server: event.target.value })}>
              {servers.map((server) => (
                <option key={server.id} value={server.id}>
                  {server.name}
                  {server.scope.kind === 'workspace' ? '' : ` (${server.scope.kind === 'crew' ? server.scope.crewName : server.scope.agentName})`}
                  {server.enabled ? '' : ' — disabled'}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field label="Agent" variant="inline">
          {(id) => (
            <select id={id} className="input input--compact" value={source.agent} onChange={(event) => onChange({ kind: 'agent', agent: event.target.value })}>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name} ({agent.crewName})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </div>
  );
}
