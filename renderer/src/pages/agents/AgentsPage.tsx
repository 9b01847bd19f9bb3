import { useDeferredValue, useMemo, useState } from 'react';
import { useAgents, type Agent } from '../../api/agents.ts';
import { useCrews, type Crew } from '../../api/crews.ts';
import { hrefFor, replaceRoute } from '../../app/hash-route.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { AgentEndpointPanel } from './AgentEndpointPanel.tsx';
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
      <QueryView query={crews} what="crews">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="Create a crew first" next={<a className="link" href={hrefFor('crews')}>Go to Crews and create your first crew</a>}>
              Every agent belongs to a crew, and there are no crews yet.
            </EmptyState>
          ) : (
            <CreateAgentForm crews={list} preferredCrewId={filterCrew?.id} />
          )
        }
      </QueryView>
      <ListPanel
        title={filterCrew ? `Agents in ${filterCrew.name}` : 'All agents'}
        count={agents.data ? visible.length : undefined}
        fill
        tools={
          <div className="filters">
            <SelectField
              label="Filter by crew"
              variant="inline"
              compact
              value={filterCrew?.slug ?? ''}
              onChange={(slug) => replaceRoute('agents', slug || undefined)}
              options={[{ value: '', label: 'All crews' }, ...(crews.data ?? []).map((crew) => ({ value: crew.slug, label: crew.name }))]}
            />
            <TextField label="Search agents" variant="inline" compact type="search" value={search} onChange={setSearch} placeholder="Name or slug" />
          </div>
        }
      >
        <AgentsTable
          query={agents}
          agents={visible}
          empty={
            agents.data?.length === 0 ? (
              <EmptyState
                title="Create your first agent"
                next={
                  crews.data?.length === 0 ? (
                    // The form appears only once a crew exists: point at what can be done now.
                    <>
                      An agent belongs to a crew: <a className="link" href={hrefFor('crews')}>create a crew</a>, then come back here to add its agents.
                    </>
                  ) : (
                    'Pick its crew and give it a name in the form above.'
                  )
                }
              >
                No agents yet. An agent is what you will give integrations to: credentials, MCP servers and Composio apps.
              </EmptyState>
            ) : (
              <EmptyState title="No agents match" next="Clear the search or choose All crews.">
                {filterCrew ? `No agent in ${filterCrew.name} matches.` : 'No agent matches the search.'}
              </EmptyState>
            )
          }
        />
      </ListPanel>
      {visible.length > 0 ? <AgentEndpointPanel agents={visible} /> : null}
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
