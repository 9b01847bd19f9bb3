import { useComposioStatus } from '../../api/composio.ts';
import { useLegacyMcpView } from '../../api/preferences.ts';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LegacyIntegrations } from './LegacyIntegrations.tsx';
import { replaceRoute } from '../../app/hash-route.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { KeyPanel } from './composio/KeyPanel.tsx';
import './composio/composio.css';
import './access/access.css';
import { IntegrationsKpis } from './IntegrationsKpis.tsx';
import { integrationTabs, isIntegrationTabId } from './integration-tabs.tsx';

/**
 * The tab is part of the route (`#/integrations/catalog`) so a reload or a link keeps it, and so is
 * what the tab shows, where it says (`#/integrations/catalog/<slug>`).
 */
export function IntegrationsPage({ route }: { route: string | undefined }) {
  const [tab, focus] = splitFirst(route);
  const legacy = useLegacyMcpView();
  if (legacy === undefined) {
    return (
      <div className="page">
        <LoadingState label="Opening Integrations…" />
      </div>
    );
  }
  if (legacy.on) return <LegacyIntegrations tab={tab} focus={focus} fromEnv={legacy.fromEnv} />;
  return <ComposioIntegrations tab={tab} focus={focus} />;
}

/** The Integrations page as it opens by default: the KPI header, the Composio key, and the Composio tabs. */
function ComposioIntegrations({ tab, focus }: { tab: string | undefined; focus: string | undefined }) {
  const selected = isIntegrationTabId(tab) ? tab : 'catalog';
  const composio = useComposioStatus();
  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        description="Managed integrations through Composio: connect apps once through OAuth, then give each agent exactly the apps it should have."
      />
      <IntegrationsKpis />
      {composio.data ? <KeyPanel status={composio.data} /> : null}
      <Tabs
        label="Integrations"
        tabs={integrationTabs.map((definition) => ({ id: definition.id, label: definition.label, content: definition.render(definition.id === selected ? focus : undefined) }))}
        selected={selected}
        onSelect={(id) => replaceRoute('integrations', id)}
      />
    </div>
  );
}

function splitFirst(route: string | undefined): [string | undefined, string | undefined] {
  if (route === undefined) return [undefined, undefined];
  const at = route.indexOf('/');
  return at === -1 ? [route, undefined] : [route.slice(0, at), route.slice(at + 1)];
}
