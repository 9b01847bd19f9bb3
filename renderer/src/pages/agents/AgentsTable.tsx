import type { ReactNode } from 'react';
import { useRenameAgent, type Agent } from '../../api/agents.ts';
import { DataTable } from '../../components/DataTable.tsx';
import type { ViewedQuery } from '../../components/QueryView.tsx';
import { NAMED_ROW_DETAIL_WIDTH, useNamedRows } from '../../components/use-named-rows.tsx';
import { DeleteAgentDialog } from './DeleteAgentDialog.tsx';

interface AgentsTableProps {
  query: ViewedQuery<readonly Agent[]>;
  /** The agents that pass the page's filters. */
  agents: readonly Agent[];
  empty: ReactNode;
}

/** The one list that grows into the thousands: it fills the page and draws only the rows in view. */
export function AgentsTable({ query, agents, empty }: AgentsTableProps) {
  const renameAgent = useRenameAgent();
  const { columns, dialog } = useNamedRows<Agent>({
    noun: 'agent',
    rename: (agent, name) => renameAgent.mutateAsync({ agent: agent.id, name }),
    detail: { header: 'Crew', width: NAMED_ROW_DETAIL_WIDTH, kind: 'muted', cell: (agent) => agent.crewName },
    deleteDialog: (agent, close) => <DeleteAgentDialog agent={agent} onClose={close} />,
  });
  return (
    <>
      <DataTable label="Agents" what="agents" columns={columns} rowKey={(agent) => agent.id} query={query} rows={agents} empty={empty} size="fill" testId="agents-scroll" />
      {dialog}
    </>
  );
}
