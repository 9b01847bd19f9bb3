import { useMemo, useState } from 'react';
import {
  useComposioInventory,
  useEnableAccount,
  useRefreshAccount,
  useRemoveAccount,
  useRevokeAccount,
  useStartComposioConnect,
  type ComposioAccount,
  type ComposioConnectStarted,
  type ComposioInventory,
} from '../../../api/composio.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { ConnectProgress, openConsent } from './ConnectPanel.tsx';
import { AccountStatusPill, AppLogo } from './shared.tsx';

/** A user's heading, then their accounts: one virtualised table for every user. */
type Row = { kind: 'user'; userId: string; count: number; needsAttention: number } | { kind: 'account'; account: ComposioAccount };

type Outcome = { kind: 'message'; text: string; link?: string } | { kind: 'error'; title: string; error: Error } | { kind: 'connect'; started: ComposioConnectStarted; toolkitName: string };

type Pending = { action: 'revoke' | 'remove'; account: ComposioAccount } | null;

/** The operator's view of the project: accounts grouped by user, those needing attention first. */
export function AccountsTab() {
  const [app, setApp] = useState('');
  const [user, setUser] = useState('');
  const inventory = useComposioInventory({ ...(app ? { app } : {}), ...(user ? { user } : {}) }, true);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const rows = useMemo(() => (inventory.data ? rowsOf(inventory.data) : undefined), [inventory.data]);
  const actions = useMemo<AccountActions>(() => ({ onOutcome: setOutcome, onConfirm: setPending }), []);
  const columns = useMemo(() => accountColumns(actions), [actions]);
  const data = inventory.data;

  return (
    <div className="composio-accounts">
      {data?.source === 'cache' ? (
        <div className="callout callout--warning" role="alert">
          <p>
            <strong>Composio could not be reached{data.error ? `: ${data.error.message}` : ''}.</strong>
          </p>
          <p>{data.fetchedAt ? 'This is the last reading, which may have changed since.' : 'Nothing has been read yet.'} {data.error?.hint}</p>
        </div>
      ) : null}
      {outcome ? <OutcomePanel outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}
      {data && data.attention.length > 0 ? <AttentionList accounts={data.attention} actions={actions} /> : null}
      <div className="filters">
        <SelectField label="App" variant="inline" compact value={app} onChange={setApp} options={[{ value: '', label: 'All apps' }, ...(data?.apps ?? []).map((slug) => ({ value: slug, label: slug }))]} />
        <SelectField label="User" variant="inline" compact value={user} onChange={setUser} options={[{ value: '', label: 'All users' }, ...(data?.userIds ?? []).map((id) => ({ value: id, label: id }))]} />
        <span className="muted" role="status" aria-live="polite">
          {data ? accountsSummary(data.users.reduce((sum, entry) => sum + entry.accounts.length, 0), data.users.length) : ''}
        </span>
      </div>
      <DataTable
        label="Connected accounts"
        what="connected accounts"
        columns={columns}
        rowKey={(row) => (row.kind === 'user' ? `user:${row.userId}` : row.account.id)}
        query={{ ...inventory, data: rows }}
        size="fill"
        testId="composio-accounts"
        empty={
          app || user ? (
            <EmptyState title="No account matches" next="Choose All apps and All users.">
              No connected account of this app or user.
            </EmptyState>
          ) : (
            <EmptyState
              title="No connected accounts yet"
              next={
                <>
                  Open an app in the <a className="link" href={hrefFor('integrations', 'catalog')}>Catalog</a> and connect an account for a user id.
                </>
              }
            >
              Each user’s authorised connections to apps appear here, grouped by user, with their status.
            </EmptyState>
          )
        }
      />
      <ConfirmAccountAction pending={pending} onClose={() => setPending(null)} onOutcome={setOutcome} />
    </div>
  );
}

function rowsOf(inventory: ComposioInventory): Row[] {
  return inventory.users.flatMap((entry): Row[] => [
    { kind: 'user', userId: entry.userId, count: entry.accounts.length, needsAttention: entry.needsAttention },
    ...entry.accounts.map((account): Row => ({ kind: 'account', account })),
  ]);
}

interface AccountActions {
  onOutcome: (outcome: Outcome) => void;
  onConfirm: (pending: Pending) => void;
}

function accountColumns(actions: AccountActions): readonly Column<Row>[] {
  const all = 5;
  return [
    {
      header: 'Account',
      width: 'minmax(200px, 1.6fr)',
      kind: 'name',
      span: (row) => (row.kind === 'user' ? all : 1),
      cell: (row) =>
        row.kind === 'user' ? (
          <span className="composio-user" role="heading" aria-level={3}>
            {row.userId}
            <span className="muted">
              {' '}
              · {row.count} account{row.count === 1 ? '' : 's'}
              {row.needsAttention > 0 ? ` · ${row.needsAttention} need${row.needsAttention === 1 ? 's' : ''} attention` : ''}
            </span>
          </span>
        ) : (
          <span className="composio-app">
            <AppLogo logo={row.account.logo} name={row.account.toolkitName} />
            <span className="composio-app__text">
              <a className="link composio-app__name" href={hrefFor('integrations', 'catalog', row.account.toolkit)}>
                {row.account.toolkitName}
              </a>
              <code className="slug">{row.account.id}</code>
            </span>
          </span>
        ),
    },
    { header: 'User', width: 'minmax(120px, 1fr)', kind: 'muted', cell: (row) => (row.kind === 'account' ? row.account.userId : null) },
    {
      header: 'Status',
      width: 'minmax(140px, 1fr)',
      cell: (row) =>
        row.kind === 'account' ? (
          <span className="composio-status">
            <AccountStatusPill status={row.account.status} />
            {row.account.statusReason ? <span className="composio-status__reason">{row.account.statusReason}</span> : null}
          </span>
        ) : null,
    },
    { header: 'Updated', width: '150px', kind: 'muted', cell: (row) => (row.kind === 'account' ? <DateTime iso={row.account.updatedAt} /> : null) },
    { header: 'Actions', headerHidden: true, width: 'minmax(250px, auto)', kind: 'actions', cell: (row) => (row.kind === 'account' ? <AccountButtons account={row.account} actions={actions} /> : null) },
  ];
}

function describe(account: ComposioAccount): string {
  return `${account.userId}’s ${account.toolkitName}`;
}

function AccountButtons({ account, actions }: { account: ComposioAccount; actions: AccountActions }) {
  const refresh = useRefreshAccount();
  const enable = useEnableAccount();
  const inactive = account.status === 'INACTIVE' || account.disabled;
  return (
    <span className="cluster composio-account-actions">
      {account.needsAttention && account.reconnect ? <ReconnectButton account={account} actions={actions} /> : null}
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={refresh.isPending}
        aria-label={`Refresh ${describe(account)}`}
        onClick={() =>
          refresh.mutate(
            { account: account.id },
            {
              onSuccess: (result) =>
                actions.onOutcome(
                  result.needsReauth && result.redirectUrl
                    ? { kind: 'message', text: `${describe(account)} needs to sign in again: send ${account.userId} this link, or open it.`, link: result.redirectUrl }
                    : { kind: 'message', text: `Refreshed ${describe(account)}: ${result.account.status}.` },
                ),
              onError: (error) => actions.onOutcome({ kind: 'error', title: `Could not refresh ${describe(account)}`, error }),
            },
          )
        }
      >
        {refresh.isPending ? 'Refreshing…' : 'Refresh'}
      </button>
      {inactive ? (
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={enable.isPending}
          aria-label={`Enable ${describe(account)}`}
          onClick={() =>
            enable.mutate(
              { account: account.id },
              {
                onSuccess: () => actions.onOutcome({ kind: 'message', text: `Enabled ${describe(account)}: its tools work again.` }),
                onError: (error) => actions.onOutcome({ kind: 'error', title: `Could not enable ${describe(account)}`, error }),
              },
            )
          }
        >
          Enable
        </button>
      ) : (
        <button type="button" className="button button--ghost button--small" aria-label={`Revoke ${describe(account)}`} onClick={() => actions.onConfirm({ action: 'revoke', account })}>
          Revoke
        </button>
      )}
      <button type="button" className="button button--ghost-danger button--small" aria-label={`Remove ${describe(account)}`} onClick={() => actions.onConfirm({ action: 'remove', account })}>
        Remove
      </button>
    </span>
  );
}

/** The one step that brings an account needing attention back: enable it, refresh it, or sign in again. */
function ReconnectButton({ account, actions }: { account: ComposioAccount; actions: AccountActions }) {
  const enable = useEnableAccount();
  const refresh = useRefreshAccount();
  const connect = useStartComposioConnect();
  const reconnect = account.reconnect!;
  const busy = enable.isPending || refresh.isPending || connect.isPending;
  const fail = (error: Error) => actions.onOutcome({ kind: 'error', title: `Could not reconnect ${describe(account)}`, error });

  function run(): void {
    if (reconnect.action === 'enable') {
      enable.mutate({ account: account.id }, { onSuccess: () => actions.onOutcome({ kind: 'message', text: `Enabled ${describe(account)}.` }), onError: fail });
    } else if (reconnect.action === 'refresh') {
      refresh.mutate(
        { account: account.id },
        {
          onSuccess: (result) =>
            actions.onOutcome(
              result.needsReauth && result.redirectUrl
                ? { kind: 'message', text: `${describe(account)} needs to sign in again: send ${account.userId} this link, or open it.`, link: result.redirectUrl }
                : { kind: 'message', text: `Refreshed ${describe(account)}: ${result.account.status}.` },
            ),
          onError: fail,
        },
      );
    } else {
      connect.mutate(
        { toolkit: account.toolkit, userId: account.userId, authConfigId: account.authConfigId },
        {
          onSuccess: (started) => {
            openConsent(started);
            actions.onOutcome({ kind: 'connect', started, toolkitName: account.toolkitName });
          },
          onError: fail,
        },
      );
    }
  }

  return (
    <button type="button" className="button button--primary button--small" disabled={busy} title={reconnect.explanation} aria-label={`Reconnect ${describe(account)}`} onClick={run}>
      {busy ? 'Reconnecting…' : 'Reconnect'}
    </button>
  );
}

function AttentionList({ accounts, actions }: { accounts: ComposioAccount[]; actions: AccountActions }) {
  return (
    <section className="panel composio-attention" aria-labelledby="composio-attention-heading">
      <h2 id="composio-attention-heading" className="panel__title">
        Needs attention <span className="count">{accounts.length}</span>
      </h2>
      <ul className="plain-list composio-attention__list">
        {accounts.slice(0, 20).map((account) => (
          <li key={account.id} className="composio-attention__row">
            <AppLogo logo={account.logo} name={account.toolkitName} />
            <span className="composio-attention__text">
              <strong>{describe(account)}</strong> <AccountStatusPill status={account.status} />
              <span className="muted"> {account.reconnect?.explanation ?? account.statusReason ?? ''}</span>
            </span>
            {account.reconnect ? <ReconnectButton account={account} actions={actions} /> : null}
          </li>
        ))}
      </ul>
      {accounts.length > 20 ? <p className="muted">And {accounts.length - 20} more: they are listed first under each user below.</p> : null}
    </section>
  );
}

function OutcomePanel({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  if (outcome.kind === 'connect') return <ConnectProgress started={outcome.started} toolkitName={outcome.toolkitName} onDismiss={onDismiss} />;
  return (
    <div className="composio-outcome" role="status">
      {outcome.kind === 'error' ? (
        <ErrorNotice error={outcome.error} title={outcome.title} compact />
      ) : (
        <p>
          {outcome.text}{' '}
          {outcome.link ? (
            <a className="link break-all" href={outcome.link} target="_blank" rel="noopener noreferrer">
              {outcome.link}
            </a>
          ) : null}
        </p>
      )}
      <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** Revoke and remove are confirmed, naming the user and what depends on the account. */
function ConfirmAccountAction({ pending, onClose, onOutcome }: { pending: Pending; onClose: () => void; onOutcome: (outcome: Outcome) => void }) {
  const revoke = useRevokeAccount();
  const remove = useRemoveAccount();
  const mutation = pending?.action === 'remove' ? remove : revoke;
  const account = pending?.account;
  const close = () => {
    revoke.reset();
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={pending !== null}
      title={account ? `${pending?.action === 'remove' ? 'Remove' : 'Revoke'} ${describe(account)} account?` : ''}
      confirmLabel={pending?.action === 'remove' ? 'Remove account' : 'Revoke account'}
      busyLabel={pending?.action === 'remove' ? 'Removing…' : 'Revoking…'}
      busy={mutation.isPending}
      error={mutation.error}
      onCancel={close}
      onConfirm={() => {
        if (!pending || !account) return;
        const input = { account: account.id };
        if (pending.action === 'remove') {
          remove.mutate(input, {
            onSuccess: () => {
              onOutcome({ kind: 'message', text: `Removed ${describe(account)} at Composio.` });
              close();
            },
          });
        } else {
          revoke.mutate(input, {
            onSuccess: () => {
              onOutcome({ kind: 'message', text: `Revoked ${describe(account)}: INACTIVE until enabled again.` });
              close();
            },
          });
        }
      }}
    >
      {account ? (
        <>
          <p>
            User <strong>{account.userId}</strong>, {account.toolkitName} account <code>{account.id}</code> (auth config <code>{account.authConfigId}</code>).
          </p>
          <p>
            What depends on it: every agent and tool call acting as <strong>{account.userId}</strong> on {account.toolkitName} through this Composio project.{' '}
            {pending?.action === 'remove'
              ? 'Removing deletes it at Composio for good: its tools stop, and the user must connect again to get it back.'
              : 'Revoking disables it: its tools stop at once. Enable brings it back without a new sign-in.'}
          </p>
        </>
      ) : null}
    </ConfirmDialog>
  );
}

function accountsSummary(accounts: number, users: number): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
  return `${count(accounts, 'account', 'accounts')} of ${count(users, 'user', 'users')}`;
}
