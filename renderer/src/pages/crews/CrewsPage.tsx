import { useCrews } from '../../api/crews.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CreateCrewForm } from './CreateCrewForm.tsx';
import { CrewsTable } from './CrewsTable.tsx';
import { ConnectionDetail } from './ConnectionDetail.tsx';
import { ConnectionsPanel } from './ConnectionsPanel.tsx';
import './connections.css';

/** The crews with their agents, and their connections; one connection opens at `#/crews/<connection id>`. */
export function CrewsPage({ connectionId }: { connectionId?: string | undefined } = {}) {
  const crews = useCrews();
  return (
    <div className="page">
      <PageHeader
        title="Crews"
        description="A crew groups the agents that work together. Its slug is how the CLI, agents and .mcp.json files refer to it; renaming keeps the slug. Connected crews exchange messages and share files."
      />
      {connectionId !== undefined ? <ConnectionDetail connectionId={connectionId} /> : null}
      <CreateCrewForm />
      <ListPanel title="All crews" count={crews.data?.length}>
        <CrewsTable
          query={crews}
          empty={
            <EmptyState title="Create your first crew" next="Give it a name above, then add agents to it on the Agents page.">
              No crews yet. Crews hold agents; every agent belongs to exactly one crew.
            </EmptyState>
          }
        />
      </ListPanel>
      <ConnectionsPanel selectedId={connectionId} />
    </div>
  );
}
