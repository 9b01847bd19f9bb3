import { useState } from 'react';
import { useCloseConnection, useConnections, type CrewConnection } from '../../api/connections.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { UnreadCounts } from './ConnectionsPanel.tsx';
import { MessageThread } from './MessageThread.tsx';
import { SharedFilesPanel } from './SharedFilesPanel.tsx';

/** One connection opened (`#/crews/<connection id>`): its facts, its live thread and its shared files. */
export function ConnectionDetail({ connectionId }: { connectionId: string }) {
  const connections = useConnections();
  return (
    <QueryView query={connections} what="the connection">
      {(list) => {
        const connection = list.find((candidate) => candidate.id === connectionId);
        if (!connection) {
          return (
            <EmptyState title="This connection is not here" next={<a className="link" href={hrefFor('crews')}>Back to all crews and connections</a>}>
              There is no connection <code>{connectionId}</code> in this workspace.
            </EmptyState>
          );
        }
        return <OpenConnection connection={connection} />;
      }}
    </QueryView>
  );
}

function OpenConnection({ connection }: { connection: CrewConnection }) {
  const [a, b] = connection.crews;
  return (
    <section className="panel connection" aria-label={`Connection ${a.name} ↔ ${b.name}`}>
      <div className="panel__header">
        <h2 className="panel__title">
          {a.name} ↔ {b.name}
        </h2>
        <div className="cluster">
          <a className="button button--ghost button--small" href={hrefFor('crews')}>
            All connections
          </a>
          {connection.status === 'active' ? <CloseButton connection={connection} /> : null}
        </div>
      </div>
      <dl className="facts">
        <div className="facts__item">
          <dt>Status</dt>
          <dd>{connection.status === 'active' ? 'Active' : <>Closed <DateTime iso={connection.closedAt ?? connection.createdAt} /></>}</dd>
        </div>
        <div className="facts__item">
          <dt>Purpose</dt>
          <dd>{connection.purpose ?? '—'}</dd>
        </div>
        <div className="facts__item">
          <dt>Unread</dt>
          <dd>
            <UnreadCounts connection={connection} />
          </dd>
        </div>
        <div className="facts__item">
          <dt>Id</dt>
          <dd>
            <code>{connection.id}</code>
          </dd>
        </div>
      </dl>
      <div className="connection__body">
        <MessageThread connection={connection} />
        <SharedFilesPanel connection={connection} />
      </div>
    </section>
  );
}

function CloseButton({ connection }: { connection: CrewConnection }) {
  const close = useCloseConnection();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className="button button--ghost-danger button--small" onClick={() => setAsking(true)}>
        Close connection
      </button>
      {asking ? (
        <ConfirmDialog
          open
          title="Close this connection?"
          confirmLabel="Close connection"
          busyLabel="Closing…"
          busy={close.isPending}
          error={close.error}
          onCancel={() => setAsking(false)}
          onConfirm={() => close.mutate({ connection: connection.id }, { onSuccess: () => setAsking(false) })}
        >
          <p>
            {connection.crews[0].name} and {connection.crews[1].name} will no longer be able to send messages or share files on it. What was sent and shared stays readable.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
