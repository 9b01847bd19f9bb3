import type { ReactNode } from 'react';
import { useAgents } from '../../api/agents.ts';
import { useRenameCrew, type Crew } from '../../api/crews.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { DataTable } from '../../components/DataTable.tsx';
import type { ViewedQuery } from '../../components/QueryView.tsx';
import { NAMED_ROW_DETAIL_WIDTH, useNamedRows } from '../../components/use-named-rows.tsx';
import { DeleteCrewDialog } from './DeleteCrewDialog.tsx';

export function CrewsTable({ query, empty }: { query: ViewedQuery<readonly Crew[]>; empty: ReactNode }) {
  const renameCrew = useRenameCrew();
  const { columns, dialog } = useNamedRows<Crew>({
    noun: 'crew',
    rename: (crew, name) => renameCrew.mutateAsync({ crew: crew.id, name }),
    detail: { header: 'Agents', width: NAMED_ROW_DETAIL_WIDTH, cell: (crew) => <AgentsLink crew={crew} /> },
    deleteDialog: (crew, close) => <DeleteCrewDialog crew={crew} onClose={close} />,
  });
  return (
    <>
      <DataTable label="Crews" what="crews" columns={columns} rowKey={(crew) => crew.id} query={query} empty={empty} />
      {dialog}
    </>
  );
}

/** The crew's agent count opens the Agents page on that crew; the first agents' names follow it. */
function AgentsLink({ crew }: { crew: Crew }) {
  const agents = useAgents();
  const count = crew.agentCount === 1 ? '1 agent' : `${crew.agentCount.toLocaleString()} agents`;
  const names = (agents.data ?? []).filter((agent) => agent.crewId === crew.id).map((agent) => agent.name);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
  return (
    <span className="crew-agents">
      <a className="link" href={hrefFor('agents', crew.slug)} aria-label={`${count} in ${crew.name}`}>
        {crew.agentCount.toLocaleString()}
      </a>
      {shown ? <span className="muted crew-agents__names">{shown}</span> : null}
    </span>
  );
}
