import { useAgents, type Agent } from '../../../api/agents.ts';
import { useComposioInventory } from '../../../api/composio.ts';
import { useComposioBindings, type ComposioBinding } from '../../../api/composio-access.ts';
import { hrefFor, replaceRoute } from '../../../app/hash-route.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { AgentPicker } from '../../../features/pickers/Pickers.tsx';
import { AgentResolutionPanel } from './AgentResolutionPanel.tsx';
import { BindingEditor, UnbindButtons } from './BindingEditor.tsx';
import { DefaultConnectorPanel } from './DefaultConnectorPanel.tsx';

/**
 * The Agent access tab: which agent may use which user's apps. The agent chosen is in the route
 * (`#/integrations/access/<agent id>`), so a reload or a link keeps it.
 */
export function AgentAccessTab({ focus }: { focus: string | undefined }) {
  const agents = useAgents();
  const inventory = useComposioInventory({}, true);
  return (
    <div className="agent-access">
      <QueryView query={agents} what="agents">
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              title="No agents to bind yet"
              next={
                <>
                  <a className="link" href={hrefFor('agents')}>Create an agent</a> in a crew, then come back to give it a user’s apps.
                </>
              }
            >
              Bind each agent to exactly one user_id and choose a scope per app — read or full. A binding always overrides the default connector.
            </EmptyState>
          ) : (
            <AgentAccess agents={list} agent={list.find((agent) => agent.id === focus || agent.slug === focus) ?? list[0]!} inventory={inventory} />
          )
        }
      </QueryView>
      <DefaultConnectorPanel inventory={inventory.data} />
    </div>
  );
}

function AgentAccess({ agents, agent, inventory }: { agents: readonly Agent[]; agent: Agent; inventory: ReturnType<typeof useComposioInventory> }) {
  const bindings = useComposioBindings(agent.id);
  return (
    <>
      <div className="filters">
        <AgentPicker label="Agent" variant="inline" compact value={agent.id} onChange={(id) => replaceRoute('integrations', 'access', id)} agents={agents} />
        <span className="muted" role="status" aria-live="polite">
          {bindings.data ? bindingSummary(agent, bindings.data) : ''}
        </span>
      </div>
      <QueryView query={bindings} what={`${agent.name}’s bindings`}>
        {(current) => (
          <QueryView query={inventory} what="the connected accounts">
            {(data) => (
              <>
                <BindingEditor key={agent.id} agent={agent} bindings={current} inventory={data} />
                <UnbindButtons agent={agent} bindings={current} />
              </>
            )}
          </QueryView>
        )}
      </QueryView>
      <AgentResolutionPanel agent={agent} />
    </>
  );
}

/** "Scout is bound to user-a: 2 apps, 1 withheld." */
function bindingSummary(agent: Agent, bindings: readonly ComposioBinding[]): string {
  if (bindings.length === 0) return `${agent.name} has no binding.`;
  const withheld = bindings.filter((binding) => !binding.accountActive).length;
  return `${agent.name} is bound to ${bindings[0]?.userId}: ${bindings.length} app${bindings.length === 1 ? '' : 's'}${withheld > 0 ? `, ${withheld} withheld` : ''}.`;
}
