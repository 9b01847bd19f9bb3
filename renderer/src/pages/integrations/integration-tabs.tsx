import type { ReactNode } from 'react';
import { useAgents } from '../../api/agents.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ToolTester } from '../../features/tool-tester/ToolTester.tsx';

export type IntegrationTabId = 'catalog' | 'accounts' | 'access' | 'tools' | 'triggers' | 'endpoints';

/** `focus` is what the route names inside the tab (the Tools tab: a server, or `agent/<id>`). */
export const integrationTabs: readonly { id: IntegrationTabId; label: string; render: (focus: string | undefined) => ReactNode }[] = [
  { id: 'catalog', label: 'Catalog', render: () => <CatalogTab /> },
  { id: 'accounts', label: 'Connected accounts', render: () => <ConnectedAccountsTab /> },
  { id: 'access', label: 'Agent access', render: () => <AgentAccessTab /> },
  { id: 'tools', label: 'Tools', render: (focus) => <ToolTester focus={focus} /> },
  { id: 'triggers', label: 'Triggers', render: () => <TriggersTab /> },
  { id: 'endpoints', label: 'MCP endpoints', render: () => <McpEndpointsTab /> },
];

export function isIntegrationTabId(value: string | undefined): value is IntegrationTabId {
  return integrationTabs.some((tab) => tab.id === value);
}

function CatalogTab() {
  return (
    <EmptyState
      comingSoon
      title="Browse the Composio app catalog"
      next={
        <>
          Add a Composio project key to browse the catalog — coming with the Composio integration. The key will be set here or with{' '}
          <code>crewship integration composio key set --key ak_…</code>, validated, and stored encrypted.
        </>
      }
    >
      Every app your Composio project can connect — Gmail, GitHub, Slack, Linear and the rest — with its auth config, so you connect
      apps through OAuth without hosting MCP servers yourself.
    </EmptyState>
  );
}

function ConnectedAccountsTab() {
  return (
    <EmptyState
      comingSoon
      title="Connected accounts, grouped by user"
      next="Once a project key is set, connect an account from the Catalog for a user_id; it appears here when it becomes active."
    >
      Each user's authorised connections to apps, with their status, and refresh, revoke or remove at the provider. A user_id is the
      isolation boundary: one user's accounts are never shown to another user's agents.
    </EmptyState>
  );
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
