import { useDeferredValue, useMemo, useState } from 'react';
import { useAgents, type Agent } from '../../api/agents.ts';
import { useCrews, type Crew } from '../../api/crews.ts';
import { hrefFor, replaceRoute } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AgentsTable } from './AgentsTable.tsx';
import { CreateAgentForm } from './CreateAgentForm.tsx';

/** The crew filter lives in the route (`#/agents/<crew-slug>`), so the Crews page can link straight to a crew's agents. */
export function AgentsPage({ crewSlug }: { crewSlug: string | undefined }) {
  const crews = useCrews();
  const agents = useAgents();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const filterCrew = crews.data?.find((crew) => crew.slug === crewSlug);

  const visible = useMemo(
    () => filterAgents(agents.data ?? [], filterCrew, deferredSearch),
    [agents.data, filterCrew, deferredSearch],
  );

  return (
    <div className="page page--fill">
      <PageHeader
        title="Agents"
        description="Each agent belongs to one crew and will get exactly the integrations it is given — nothing of anyone else's."
      />
      {crews.isPending ? (
        <LoadingState label="Loading crews…" />
      ) : crews.isError ? (
        <ErrorNotice error={crews.error} title="Could not load crews" onRetry={() => void crews.refetch()} />
      ) : crews.data.length === 0 ? (
        <EmptyState title="Create a crew first" next={<a className="link" href={hrefFor('crews')}>Go to Crews and create your first crew</a>}>
          Every agent belongs to a crew, and there are no crews yet.
        </EmptyState>
      ) : (
        <CreateAgentForm crews={crews.data} preferredCrewId={filterCrew?.id} />
      )}
      <section className="panel panel--fill" aria-labelledby="agents-list-heading">
        <div className="panel__header">
          <h2 id="agents-list-heading" className="panel__title">
            {filterCrew ? `Agents in ${filterCrew.name}` : 'All agents'}{' '}
            {agents.data ? <span className="count">{visible.length.toLocaleString()}</span> : null}
          </h2>
          <div className="filters">
            <Field label="Filter by crew" variant="inline">
              {(id) => (
                <select
                  id={id}
                  className="input input--compact"
                  value={filterCrew?.slug ?? ''}
                  onChange={(event) => replaceRoute('agents', event.target.value || undefined)}
                >
                  <option value="">All crews</option>
                  {(crews.data ?? []).map((crew) => (
                    <option key={crew.id} value={crew.slug}>
                      {crew.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Search agents" variant="inline">
              {(id) => (
                <input
                  id={id}
                  className="input input--compact"
                  type="search"
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                  placeholder="Name or slug"
                />
              )}
            </Field>
          </div>
        </div>
        {agents.isPending ? (
          <LoadingState label="Loading agents…" />
        ) : agents.isError ? (
          <ErrorNotice error={agents.error} title="Could not load agents" onRetry={() => void agents.refetch()} />
        ) : agents.data.length === 0 ? (
          <EmptyState title="Create your first agent" next="Pick its crew and give it a name in the form above.">
            No agents yet. An agent is what you will give integrations to: credentials, MCP servers and Composio apps.
          </EmptyState>
        ) : visible.length === 0 ? (
          <EmptyState title="No agents match" next="Clear the search or choose All crews.">
            {filterCrew ? `No agent in ${filterCrew.name} matches.` : 'No agent matches the search.'}
          </EmptyState>
        ) : (
          <AgentsTable agents={visible} />
        )}
      </section>
    </div>
  );
}

function filterAgents(agents: readonly Agent[], crew: Crew | undefined, search: string): Agent[] {
  const needle = search.trim().toLowerCase();
  return agents.filter(
    (agent) =>
      (!crew || agent.crewId === crew.id) &&
      (!needle || agent.name.toLowerCase().includes(needle) || agent.slug.includes(needle)),
  );
}
