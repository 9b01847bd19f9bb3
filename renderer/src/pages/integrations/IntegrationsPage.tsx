import { replaceRoute } from '../../app/hash-route.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { IntegrationsKpis } from './IntegrationsKpis.tsx';
import { integrationTabs, isIntegrationTabId } from './integration-tabs.tsx';

/** The tab is part of the route (`#/integrations/tools`) so a reload or a link keeps it. */
export function IntegrationsPage({ tab }: { tab: string | undefined }) {
  const selected = isIntegrationTabId(tab) ? tab : 'catalog';
  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        description="Managed integrations through Composio: connect apps once through OAuth, then give each agent exactly the apps it should have."
      />
      <IntegrationsKpis />
      <Tabs
        label="Integrations"
        tabs={integrationTabs.map((definition) => ({ id: definition.id, label: definition.label, content: definition.render() }))}
        selected={selected}
        onSelect={(id) => replaceRoute('integrations', id)}
      />
    </div>
  );
}
