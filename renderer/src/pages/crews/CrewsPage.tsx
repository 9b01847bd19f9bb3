import { useCrews } from '../../api/crews.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CreateCrewForm } from './CreateCrewForm.tsx';
import { CrewsTable } from './CrewsTable.tsx';

export function CrewsPage() {
  const crews = useCrews();
  return (
    <div className="page">
      <PageHeader
        title="Crews"
        description="A crew groups the agents that work together. Its slug is how the CLI, agents and .mcp.json files refer to it; renaming keeps the slug."
      />
      <CreateCrewForm />
      <section className="panel" aria-labelledby="crews-list-heading">
        <h2 id="crews-list-heading" className="panel__title">
          All crews {crews.data ? <span className="count">{crews.data.length}</span> : null}
        </h2>
        {crews.isPending ? (
          <LoadingState label="Loading crews…" />
        ) : crews.isError ? (
          <ErrorNotice error={crews.error} title="Could not load crews" onRetry={() => void crews.refetch()} />
        ) : crews.data.length === 0 ? (
          <EmptyState title="Create your first crew" next="Give it a name above, then add agents to it on the Agents page.">
            No crews yet. Crews hold agents; every agent belongs to exactly one crew.
          </EmptyState>
        ) : (
          <CrewsTable crews={crews.data} />
        )}
      </section>
    </div>
  );
}
