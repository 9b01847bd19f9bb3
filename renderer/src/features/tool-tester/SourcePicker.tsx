import type { Agent } from '../../api/agents.ts';
import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import type { McpSource } from '../../api/mcp.ts';
import { AgentPicker, ServerPicker } from '../pickers/Pickers.tsx';

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
        <ServerPicker label="Server" variant="inline" compact value={source.server} onChange={(server) => onChange({ kind: 'server', server })} servers={servers} />
      ) : (
        <AgentPicker label="Agent" variant="inline" compact value={source.agent} onChange={(agent) => onChange({ kind: 'agent', agent })} agents={agents} />
      )}
    </div>
  );
}
