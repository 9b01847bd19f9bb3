import { replaceRoute, hrefFor } from '../../app/hash-route.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { ToolTester } from '../../features/tool-tester/ToolTester.tsx';
import { CredentialsPage } from '../credentials/CredentialsPage.tsx';
import { McpServersPage } from '../mcp-servers/McpServersPage.tsx';

type LegacyTabId = 'servers' | 'credentials' | 'tools';

const legacyTabs: readonly { id: LegacyTabId; label: string }[] = [
  { id: 'servers', label: 'MCP servers' },
  { id: 'credentials', label: 'OAuth credentials' },
  { id: 'tools', label: 'Tools' },
];

/**
 * The legacy view: the self-hosted MCP connector management (the servers this console runs, the
 * OAuth credentials they use, their tools) in place of the Composio tabs. The same pages as their
 * own, so nothing differs but where they are shown; the Composio data is untouched.
 */
export function LegacyIntegrations({ tab, focus, fromEnv }: { tab: string | undefined; focus: string | undefined; fromEnv: boolean }) {
  const selected = legacyTabs.find((definition) => definition.id === tab)?.id ?? 'servers';
  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        description="Self-hosted MCP connectors: the MCP servers this console runs for your agents, the OAuth credentials they sign in with, and their tools."
      />
      <p className="callout callout--warning" role="note" aria-label="Legacy view">
        <span>
          <strong>Legacy view.</strong>{' '}
          {fromEnv ? (
            <>
              On because <code>CREWSHIP_LEGACY_MCP_INTEGRATIONS</code> is set in the console’s environment.
            </>
          ) : (
            <>
              On because of the switch in <a className="link" href={hrefFor('settings')}>Settings</a>; turn it off there for the Composio tabs.
            </>
          )}{' '}
          Nothing is removed: Composio keys, accounts and bindings stay as they are.
        </span>
      </p>
      <Tabs
        label="Self-hosted integrations"
        tabs={legacyTabs.map((definition) => ({ id: definition.id, label: definition.label, content: definition.id === selected ? legacyTabContent(selected, focus) : null }))}
        selected={selected}
        onSelect={(id) => replaceRoute('integrations', id)}
      />
    </div>
  );
}

function legacyTabContent(tab: LegacyTabId, focus: string | undefined) {
  if (tab === 'servers') return <McpServersPage embedded />;
  if (tab === 'credentials') return <CredentialsPage embedded />;
  return <ToolTester focus={focus} />;
}
