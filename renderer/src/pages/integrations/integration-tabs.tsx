import type { ReactNode } from 'react';
import { ToolsMovedRedirect } from '../../features/tool-tester/ToolsMovedRedirect.tsx';
import { AccountsTab } from './composio/AccountsTab.tsx';
import { CatalogList } from './composio/CatalogTab.tsx';
import { ComposioGate } from './composio/ComposioGate.tsx';
import { ToolkitView } from './composio/ToolkitView.tsx';
import { AgentAccessTab } from './access/AgentAccessTab.tsx';
import { McpEndpointsTab } from './access/McpEndpointsTab.tsx';
import { TriggersTab } from './triggers/TriggersTab.tsx';

export type IntegrationTabId = 'catalog' | 'accounts' | 'access' | 'tools' | 'triggers' | 'endpoints';

/** `focus` is what the route names inside the tab (the Tools tab: a server, or `agent/<id>`). */
export const integrationTabs: readonly { id: IntegrationTabId; label: string; render: (focus: string | undefined) => ReactNode }[] = [
  {
    id: 'catalog',
    label: 'Catalog',
    render: (focus) => <ComposioGate what="the catalog">{focus ? <ToolkitView slug={focus} /> : <CatalogList />}</ComposioGate>,
  },
  { id: 'accounts', label: 'Connected accounts', render: () => <ComposioGate what="connected accounts"><AccountsTab /></ComposioGate> },
  { id: 'access', label: 'Agent access', render: (focus) => <ComposioGate what="agent access"><AgentAccessTab focus={focus} /></ComposioGate> },
  { id: 'tools', label: 'Tools', render: (focus) => <ToolsMovedRedirect focus={focus} /> },
  { id: 'triggers', label: 'Triggers', render: () => <ComposioGate what="triggers"><TriggersTab /></ComposioGate> },
  { id: 'endpoints', label: 'MCP endpoints', render: () => <McpEndpointsTab /> },
];

export function isIntegrationTabId(value: string | undefined): value is IntegrationTabId {
  return integrationTabs.some((tab) => tab.id === value);
}
