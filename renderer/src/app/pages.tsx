import type { ReactNode } from 'react';
import { AgentsPage } from '../pages/agents/AgentsPage.tsx';
import { CredentialsPage } from '../pages/credentials/CredentialsPage.tsx';
import { CrewsPage } from '../pages/crews/CrewsPage.tsx';
import { IntegrationsPage } from '../pages/integrations/IntegrationsPage.tsx';
import { McpServersPage } from '../pages/mcp-servers/McpServersPage.tsx';
import { RegistryPage } from '../pages/registry/RegistryPage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { ToolsPage } from '../pages/tools/ToolsPage.tsx';

export interface PageDefinition {
  id: string;
  label: string;
  /** False for pages whose feature is not in this build; the navigation marks them. */
  available: boolean;
  render: (detail: string | undefined) => ReactNode;
}

export const pages: readonly PageDefinition[] = [
  { id: 'integrations', label: 'Integrations', available: true, render: (route) => <IntegrationsPage route={route} /> },
  { id: 'credentials', label: 'Credentials', available: true, render: () => <CredentialsPage /> },
  { id: 'mcp-servers', label: 'MCP servers', available: true, render: () => <McpServersPage /> },
  { id: 'tools', label: 'Tools', available: true, render: (focus) => <ToolsPage focus={focus} /> },
  { id: 'registry', label: 'Registry', available: true, render: (name) => <RegistryPage selected={name} /> },
  { id: 'crews', label: 'Crews', available: true, render: (connectionId) => <CrewsPage connectionId={connectionId} /> },
  { id: 'agents', label: 'Agents', available: true, render: (crewSlug) => <AgentsPage crewSlug={crewSlug} /> },
];

export const settingsPage: PageDefinition = { id: 'settings', label: 'Settings', available: true, render: () => <SettingsPage /> };

export function findPage(id: string): PageDefinition {
  return [...pages, settingsPage].find((page) => page.id === id) ?? pages[0]!;
}
