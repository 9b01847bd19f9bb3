import { useMemo, useState } from 'react';
import { useComposioInventory } from '../../../api/composio.ts';
import {
  useComposioTriggers,
  useDeleteComposioTrigger,
  useDisableComposioTrigger,
  useEnableComposioTrigger,
  type ComposioTriggerInstance,
} from '../../../api/composio-access.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { TriggerCreateForm } from './TriggerCreateForm.tsx';

type Row = { kind: 'user'; userId: string; count: number } | { kind: 'trigger'; trigger: ComposioTriggerInstance };

/** Composio triggers: create one from a type's config form, then every trigger grouped by user, each enabled, disabled or deleted here. */
export function TriggersTab() {
  const inventory = useComposioInventory({}, true);
  const triggers = useComposioTriggers();
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title: string; error: Error } | null>(null);
  const [deleting, setDeleting] = useState<ComposioTriggerInstance | null>(null);
  const rows = useMemo(
    () => triggers.data?.users.flatMap((entry): Row[] => [{ kind: 'user', userId: entry.userId, count: entry.triggers.length }, ...entry.triggers.map((trigger): Row => ({ kind: 'trigger', trigger }))]),
    [triggers.data],
  );
  const columns = useMemo(() => triggerColumns({ onMessage: setMessage, onFailure: setFailure, onDelete: setDeleting }), []);
  const remove = useDeleteComposioTrigger();
  return (
    <div className="composio-triggers">
      <QueryView query={inventory} what="the connected accounts">
        {(data) => (
          <TriggerCreateForm
            inventory={data}
            onCreated={(trigger) => {
              setFailure(null);
              setMessage(`Created ${trigger.slug} for ${trigger.userId}: it is listening.`);
            }}
          />
        )}
      </QueryView>
      <p className="muted" role="status" aria-live="polite">
        {message ?? ''}
      </p>
      {failure ? <ErrorNotice error={failure.error} title={failure.title} compact /> : null}
      <section className="panel" aria-labelledby="composio-triggers-heading">
        <h3 id="composio-triggers-heading" className="panel__title">
          Triggers by user {triggers.data ? <span className="count">{triggers.data.total.toLocaleString()}</span> : null}
        </h3>
        <DataTable
          label="Triggers"
          what="triggers"
          columns={columns}
          rowKey={(row) => (row.kind === 'user' ? `user:${row.userId}` : row.trigger.id)}
          query={{ ...triggers, data: rows }}
          size="content"
          testId="composio-triggers"
          empty={
            <EmptyState title="No triggers yet" next="Create one above: pick an app, a trigger type and the user whose account it listens on.">
              A trigger listens for an event in a user’s connected app (a new email, a commit) and can start work for an agent.
            </EmptyState>
          }
        />
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.slug ?? 'the trigger'} of ${deleting?.userId ?? ''}?`}
        confirmLabel="Delete trigger"
        busyLabel="Deleting…"
        busy={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onConfirm={() =>
          deleting &&
          remove.mutate(
            { trigger: deleting.id },
            {
              onSuccess: () => {
                setMessage(`Deleted ${deleting.slug} of ${deleting.userId}.`);
                setDeleting(null);
              },
            },
          )
        }
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <p>It is deleted at Composio for good and stops listening at once; disable it instead to keep its config.</p>
      </ConfirmDialog>
    </div>
  );
}

interface TriggerActions {
  onMessage: (text: string) => void;
  onFailure: (failure: { title: string; error: Error }) => void;
  onDelete: (trigger: ComposioTriggerInstance) => void;
}

function triggerColumns(actions: TriggerActions): readonly Column<Row>[] {
  return [
    {
      header: 'Trigger',
      width: 'minmax(220px, 1.5fr)',
      kind: 'name',
      span: (row) => (row.kind === 'user' ? 5 : 1),
      cell: (row) =>
        row.kind === 'user' ? (
          <span className="composio-user" role="heading" aria-level={4}>
            {row.userId}
            <span className="muted">
              {' '}
              · {row.count} trigger{row.count === 1 ? '' : 's'}
            </span>
          </span>
        ) : (
          <span className="composio-app__text">
            <code className="slug">{row.trigger.slug}</code>
            <span className="muted">{row.trigger.toolkit ?? 'account gone'}</span>
          </span>
        ),
    },
    { header: 'Config', width: 'minmax(160px, 1.2fr)', kind: 'muted', className: 'composio-wrap', cell: (row) => (row.kind === 'trigger' ? <code className="code-wrap">{JSON.stringify(row.trigger.config)}</code> : null) },
    {
      header: 'State',
      width: '110px',
      cell: (row) => (row.kind === 'trigger' ? <span className={`status-pill status-pill--${row.trigger.enabled ? 'ok' : 'inactive'}`}>{row.trigger.enabled ? 'Enabled' : 'Disabled'}</span> : null),
    },
    { header: 'Updated', width: '150px', kind: 'muted', cell: (row) => (row.kind === 'trigger' ? <DateTime iso={row.trigger.updatedAt} /> : null) },
    { header: 'Actions', headerHidden: true, width: 'minmax(170px, auto)', kind: 'actions', cell: (row) => (row.kind === 'trigger' ? <TriggerButtons trigger={row.trigger} actions={actions} /> : null) },
  ];
}

function TriggerButtons({ trigger, actions }: { trigger: ComposioTriggerInstance; actions: TriggerActions }) {
  const enable = useEnableComposioTrigger();
  const disable = useDisableComposioTrigger();
  const toggle = trigger.enabled ? disable : enable;
  const verb = trigger.enabled ? 'Disable' : 'Enable';
  const label = `${trigger.slug} of ${trigger.userId}`;
  return (
    <span className="cluster">
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={toggle.isPending}
        aria-label={`${verb} ${label}`}
        onClick={() =>
          toggle.mutate(
            { trigger: trigger.id },
            {
              onSuccess: (after) => actions.onMessage(`${after.enabled ? 'Enabled' : 'Disabled'} ${label}.`),
              onError: (error) => actions.onFailure({ title: `Could not ${verb.toLowerCase()} ${label}`, error }),
            },
          )
        }
      >
        {verb}
      </button>
      <button type="button" className="button button--ghost-danger button--small" aria-label={`Delete ${label}`} onClick={() => actions.onDelete(trigger)}>
        Delete
      </button>
    </span>
  );
}
