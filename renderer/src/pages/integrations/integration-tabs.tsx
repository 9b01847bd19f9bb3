import type { ReactNode } from 'react';
import { useAgents } from '../../api/agents.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ToolsMovedRedirect } from '../../features/tool-tester/ToolsMovedRedirect.tsx';
import { AccountsTab } from './composio/AccountsTab.tsx';
import { CatalogList } from './composio/CatalogTab.tsx';
import { ComposioGate } from './composio/ComposioGate.tsx';
import { ToolkitView } from './composio/ToolkitView.tsx';

export type IntegrationTabId = 'catalog' | 'accounts' | 'access' | 'tools' | 'triggers' | 'endpoints';

/** `focus` is what the route names inside the tab (the Tools tab: a server, or `agent/<id>`). */
export const integrationTabs: readonly { id: IntegrationTabId; label: string; render: (focus: string | undefined) => ReactNode }[] = [
  {
    id: 'catalog',
    label: 'Catalog',
    render: (focus) => <ComposioGate what="the catalog">{focus ? <ToolkitView slug={focus} /> : <CatalogList />}</ComposioGate>,
  },
  { id: 'accounts', label: 'Connected accounts', render: () => <ComposioGate what="connected accounts"><AccountsTab /></ComposioGate> },
  { id: 'access', label: 'Agent access', render: () => <AgentAccessTab /> },
  { id: 'tools', label: 'Tools', render: (focus) => <ToolsMovedRedirect focus={focus} /> },
  { id: 'triggers', label: 'Triggers', render: () => <TriggersTab /> },
  { id: 'endpoints', label: 'MCP endpoints', render: () => <McpEndpointsTab /> },
];

export function isIntegrationTabId(value: string | undefined): value is IntegrationTabId {
  return integrationTabs.some((tab) => tab.id === value);
}

function AgentAccessTab() {
  const agents = useAgents();
  const count = agents.data?.length;
  return (
    <EmptyState
      comingSoon
      title="Decide which agent may use which user's apps"
      next={
        count === undefined ? null : count === 0 ? (
          <>
            You have no agents yet. <a className="link" href={hrefFor('agents')}>Create an agent</a> so it is ready to bind.
          </>
        ) : (
          <>
            {count === 1 ? '1 agent is' : `${count.toLocaleString()} agents are`} ready to bind once connected accounts exist.{' '}
            <a className="link" href={hrefFor('agents')}>See agents</a>
          </>
        )
      }
    >
      Bind each agent to exactly one user_id and choose a scope per app — <code>read</code> or <code>full</code>. A binding always
      overrides the workspace default connector.
    </EmptyState>
  );
}

function TriggersTab() {
  return (
    <EmptyState
      comingSoon
      title="Triggers from connected apps"
      next="Coming with the Composio integration, after connected accounts."
    >
      Events from connected apps (a new email, a new issue) that can start work for an agent, listed per connected account.
    </EmptyState>
  );
}

function McpEndpointsTab() {
  return (
    <EmptyState
      comingSoon
      title="MCP endpoints per agent"
      next="Coming with the Composio integration: bind an agent in Agent access and its endpoint appears here."
    >
      The MCP URL each agent uses, scoped on the server side to the agent's bound user, so an agent cannot reach another user's
      accounts even in principle.
    </EmptyState>
  );
}
