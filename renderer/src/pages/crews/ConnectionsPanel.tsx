import { useState } from 'react';
import { useConnections, useCreateConnection, type CrewConnection } from '../../api/connections.ts';
import { useCrews } from '../../api/crews.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

/** Connect two crews, and every connection with its status and what each crew has not read. */
export function ConnectionsPanel({ selectedId }: { selectedId: string | undefined }) {
  const connections = useConnections();
  return (
    <>
      <ConnectForm />
      <ListPanel title="Connections" count={connections.data?.length}>
        <DataTable
          label="Crew connections"
          what="connections"
          columns={columns(selectedId)}
          rowKey={(connection) => connection.id}
          query={connections}
          rowStyle="compact"
          empty={
            <EmptyState title="No connections yet" next="Pick two crews above and connect them; then open the connection to message and share files.">
              A connection lets two crews exchange messages and share files.
            </EmptyState>
          }
        />
      </ListPanel>
    </>
  );
}

function ConnectForm() {
  const crews = useCrews();
  const create = useCreateConnection();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [purpose, setPurpose] = useState('');
  const options = [{ value: '', label: 'Choose a crew' }, ...(crews.data ?? []).map((crew) => ({ value: crew.id, label: crew.name }))];
  return (
    <CreateForm
      title="Connect two crews"
      submitLabel="Connect"
      failureTitle="The crews were not connected"
      mutation={create}
      input={() => ({ from, to, ...(purpose.trim() ? { purpose: purpose.trim() } : {}) })}
      onCreated={(connection) => {
        setPurpose('');
        return `Connected ${connection.crews[0].name} and ${connection.crews[1].name}.`;
      }}
      fields={
        <>
          <SelectField label="From crew" value={from} onChange={setFrom} options={options} required />
          <SelectField label="To crew" value={to} onChange={setTo} options={options} required />
          <TextField label="Purpose" optional name="purpose" value={purpose} onChange={setPurpose} placeholder="e.g. Night handover" maxLength={500} />
        </>
      }
    />
  );
}

function columns(selectedId: string | undefined): Column<CrewConnection>[] {
  return [
    {
      header: 'Crews',
      width: 'minmax(220px, 2fr)',
      kind: 'name',
      cell: (connection) => (
        <a className="link" href={hrefFor('crews', connection.id)} aria-current={connection.id === selectedId ? 'true' : undefined}>
          {connection.crews[0].name} ↔ {connection.crews[1].name}
        </a>
      ),
    },
    { header: 'Purpose', width: 'minmax(140px, 1.5fr)', kind: 'muted', cell: (connection) => connection.purpose ?? '—' },
    {
      header: 'Status',
      width: '100px',
      cell: (connection) => <span className={`status-pill ${connection.status === 'active' ? 'status-pill--ok' : ''}`}>{connection.status === 'active' ? 'Active' : 'Closed'}</span>,
    },
    { header: 'Messages', width: '90px', kind: 'muted', cell: (connection) => connection.messageCount.toLocaleString() },
    { header: 'Unread', width: 'minmax(180px, 1.5fr)', cell: (connection) => <UnreadCounts connection={connection} /> },
    { header: 'Opened', width: '150px', kind: 'muted', cell: (connection) => <DateTime iso={connection.createdAt} /> },
  ];
}

/** What each crew has not read yet, as badges; nothing unread is said in words. */
export function UnreadCounts({ connection }: { connection: CrewConnection }) {
  const unread = connection.crews.filter((crew) => crew.unread > 0);
  if (unread.length === 0) return <span className="muted">All read</span>;
  return (
    <span className="cluster">
      {unread.map((crew) => (
        <span key={crew.id} className="badge badge--warning" title={`${crew.name} has ${crew.unread} unread`}>
          {crew.slug}: {crew.unread}
        </span>
      ))}
    </span>
  );
}
