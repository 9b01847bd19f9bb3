import { useAgentPromptBlock, useAgentResolution, type AgentResolution } from '../../../api/composio-access.ts';
import type { Agent } from '../../../api/agents.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { testerHref } from '../../../features/tool-tester/tester-route.ts';

const reasonText: Record<AgentResolution['servers'][number]['reason'], string> = {
  binding: 'its own binding',
  default_connector: 'the default connector (no binding)',
  workspace: 'configured for the workspace',
  crew: 'configured for its crew',
  agent: 'configured for this agent',
};

/**
 * What the agent gets, as every door resolves it (agents.resolve): each server with its kind,
 * access and why; and the `[CONNECTED INTEGRATIONS]` block its system prompt carries.
 */
export function AgentResolutionPanel({ agent }: { agent: Agent }) {
  const resolution = useAgentResolution(agent.id);
  const block = useAgentPromptBlock(agent.id);
  return (
    <section className="panel agent-resolution" aria-label={`What resolves for ${agent.name}`}>
      <div className="panel__header">
        <h3 className="panel__title">What resolves for {agent.name}</h3>
        <a className="link" href={hrefFor('tools', 'agent', agent.id)}>
          Run its tools in the tester
        </a>
      </div>
      <QueryView query={resolution} what={`what resolves for ${agent.name}`}>
        {(data) => <ResolvedServers resolution={data} />}
      </QueryView>
      <QueryView query={block} what="the prompt block">
        {(data) =>
          data.text === null ? (
            <p className="muted">No [CONNECTED INTEGRATIONS] block: nothing resolves for {agent.name}, so its system prompt has none.</p>
          ) : (
            <CopyField label="[CONNECTED INTEGRATIONS] block of its system prompt" value={data.text} multiline />
          )
        }
      </QueryView>
    </section>
  );
}

function ResolvedServers({ resolution }: { resolution: AgentResolution }) {
  return (
    <>
      {resolution.servers.length === 0 ? (
        <p className="muted">
          {resolution.withheld.length > 0
            ? 'Nothing resolves: every binding is withheld until its account is ACTIVE again.'
            : `Nothing resolves: bind it to a user’s apps above${resolution.defaultConnector.on ? '' : ', or turn the default connector on'}.`}
        </p>
      ) : (
        <ul className="plain-list resolved-servers" aria-label="Resolved servers">
          {resolution.servers.map((server) => (
            <li key={server.serverId} className="resolved-server">
              <span className={`badge ${server.kind === 'composio' ? 'badge--success' : 'badge--muted'}`}>{server.kind === 'composio' ? 'Composio' : 'Legacy'}</span>{' '}
              <a className="link" href={testerHref(server.serverId)}>
                {server.displayName}
              </a>{' '}
              <span className="muted">
                {/* The display name carries the access mode (`Composio: gmail · Read`). */}
                {server.userId ? `· acts for ${server.userId} ` : ''}· {reasonText[server.reason]}
                {server.shadows.length > 0 ? ` · overrides ${server.shadows.length} other` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {resolution.withheld.length > 0 ? (
        <ul className="plain-list resolved-servers" aria-label="Withheld bindings">
          {resolution.withheld.map((held) => (
            <li key={held.serverId} className="resolved-server">
              <span className="badge badge--warning">Withheld</span> <strong>{held.app}</strong>{' '}
              <span className="muted">
                · {held.userId} · no ACTIVE account — withheld until one is ·{' '}
                <a className="link" href={hrefFor('integrations', 'accounts')}>
                  enable or reconnect it in Connected accounts
                </a>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {resolution.turnedOff.length > 0 ? (
        <p className="muted">
          Off while the default connector flag is on (not deleted): {resolution.turnedOff.map((server) => server.name).join(', ')}.
        </p>
      ) : null}
    </>
  );
}
