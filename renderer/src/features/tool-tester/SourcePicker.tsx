import type { Agent } from '../../api/agents.ts';
import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import type { McpSource } from '../../api/mcp.ts';
import { SelectField, type SelectOption } from '../../components/SelectField.tsx';

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
        <SelectField label="Server" variant="inline" compact value={source.server} onChange={(server) => onChange({ kind: 'server', server })} options={servers.map(serverOption)} />
      ) : (
        <SelectField label="Agent" variant="inline" compact value={source.agent} onChange={(agent) => onChange({ kind: 'agent', agent })} options={agents.map(agentOption)} />
      )}
    </div>
  );
}

/** The name, where it is configured when not for the whole workspace, and whether it is off. */
function serverOption(server: McpServerConfig): SelectOption {
  const scope = server.scope.kind === 'workspace' ? '' : ` (${server.scope.kind === 'crew' ? server.scope.crewName : server.scope.agentName})`;
  return { value: server.id, label: `${server.name}${scope}${server.enabled ? '' : ' — disabled'}` };
}

function agentOption(agent: Agent): SelectOption {
  return { value: agent.id, label: `${agent.name} (${agent.crewName})` };
}
