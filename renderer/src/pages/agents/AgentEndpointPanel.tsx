import { useState } from 'react';
import type { Agent } from '../../api/agents.ts';
import { useAgentEndpointState, useAgentMcpConfig, useAgentTokens, useCreateAgentToken, useRevokeAgentToken } from '../../api/agent-endpoint.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { AgentPicker } from '../../features/pickers/Pickers.tsx';

/** One agent's MCP endpoint: its URL and state, its tokens (a new one shown once), its .mcp.json, its recent calls. */
export function AgentEndpointPanel({ agents }: { agents: readonly Agent[] }) {
  const [chosen, setChosen] = useState('');
  const agent = agents.find((candidate) => candidate.id === chosen) ?? agents[0];
  if (!agent) return null;
  return (
    <ListPanel
      title="MCP endpoint"
      count={undefined}
      tools={<AgentPicker label="Agent" variant="inline" compact value={agent.id} onChange={setChosen} agents={agents} />}
    >
      <EndpointDetail key={agent.id} agent={agent} />
    </ListPanel>
  );
}

function EndpointDetail({ agent }: { agent: Agent }) {
  const state = useAgentEndpointState(agent.id);
  const config = useAgentMcpConfig(agent.id);
  return (
    <div className="stack">
      <QueryView query={state} what="the endpoint's state">
        {(endpoint) => (
          <>
            <CopyField label="Endpoint URL" value={endpoint.url} />
            <p aria-label="Endpoint state">
              {endpoint.sessions} session{endpoint.sessions === 1 ? '' : 's'} · last call {endpoint.lastCallAt ? <DateTime iso={endpoint.lastCallAt} /> : 'never'} · {endpoint.callsToday} calls today, {endpoint.failuresToday} failed ·{' '}
              {endpoint.pendingApprovals} waiting for approval
            </p>
            {endpoint.recentCalls.length > 0 ? (
              <ul aria-label="Recent calls">
                {endpoint.recentCalls.slice(0, 5).map((call) => (
                  <li key={call.callId}>
                    {call.serverName} · {call.tool} · {call.status}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </QueryView>
      <Tokens agent={agent} />
      <QueryView query={config} what="the .mcp.json">
        {(file) => (
          <>
            <CopyField label=".mcp.json for this agent" value={file.json} multiline />
            <p className="muted">
              Claude Code: put this in the project's .mcp.json (or run <code>crewship agent mcp-config {agent.slug} --write</code> there), then start it with the token in its environment:{' '}
              <code>CREWSHIP_AGENT_TOKEN=&lt;token&gt; claude</code>.
            </p>
          </>
        )}
      </QueryView>
    </div>
  );
}

function Tokens({ agent }: { agent: Agent }) {
  const tokens = useAgentTokens(agent.id);
  const create = useCreateAgentToken();
  const revoke = useRevokeAgentToken();
  return (
    <section aria-label="Tokens" className="stack">
      <QueryView query={tokens} what="tokens">
        {(list) => (
          <ul>
            {list.map((token) => (
              <li key={token.id}>
                <code>{token.preview}</code> {token.label} {token.revokedAt ? '· revoked' : null}{' '}
                {token.revokedAt ? null : (
                  <button type="button" className="button button--secondary button--small" disabled={revoke.isPending} onClick={() => revoke.mutate({ agent: agent.id, token: token.id })}>
                    Revoke {token.label}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <button type="button" className="button button--secondary" disabled={create.isPending} onClick={() => create.mutate({ agent: agent.id })}>
        Create token
      </button>
      {create.data ? <CopyField label="New token — shown this once, copy it now" value={create.data.token} /> : null}
      {create.error ? <ErrorNotice error={create.error} compact /> : null}
      {revoke.error ? <ErrorNotice error={revoke.error} compact /> : null}
    </section>
  );
}
