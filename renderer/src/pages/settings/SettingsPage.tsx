import { useTransport } from '../../api/transport-context.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AgentsPortField } from './AgentsPortField.tsx';
import { LegacyViewToggle } from './LegacyViewToggle.tsx';
import { SystemInfoPanel } from './SystemInfoPanel.tsx';
import { ThemeSwitch } from './ThemeSwitch.tsx';
import { WorkspacesPanel } from './WorkspacesPanel.tsx';

export function SettingsPage() {
  const transport = useTransport();
  return (
    <div className="page">
      <PageHeader title="Settings" description="How this console looks, its workspaces, and where its core keeps its data." />
      <section className="panel" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading" className="panel__title">
          Appearance
        </h2>
        <ThemeSwitch />
      </section>
      <section className="panel" aria-labelledby="integrations-view-heading">
        <h2 id="integrations-view-heading" className="panel__title">
          Integrations page
        </h2>
        <LegacyViewToggle />
      </section>
      <section className="panel" aria-labelledby="agents-endpoint-heading">
        <h2 id="agents-endpoint-heading" className="panel__title">
          Agents' MCP endpoint
        </h2>
        <AgentsPortField />
      </section>
      <WorkspacesPanel />
      <section className="panel" aria-labelledby="system-heading">
        <h2 id="system-heading" className="panel__title">
          System
        </h2>
        <SystemInfoPanel />
        <p className="muted">
          Connected through {transport.kind === 'electron' ? 'the desktop app' : 'the local host (crewship serve)'}. Run{' '}
          <code>crewship doctor</code> for a full check of the environment.
        </p>
      </section>
    </div>
  );
}
