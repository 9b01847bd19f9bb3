import { useMemo, useState } from 'react';
import type { ComposioAccount, ComposioInventory } from '../../../api/composio.ts';
import {
  useComposioBindingPreview,
  useRemoveComposioBinding,
  useSetComposioBinding,
  type ComposioBinding,
  type ComposioBindingPreview,
} from '../../../api/composio-access.ts';
import type { Agent } from '../../../api/agents.ts';
import { RpcError } from '../../../api/rpc-error.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { AccountStatusPill, AppLogo } from '../composio/shared.tsx';
import { BindingPreview, scopeLabel } from './BindingPreview.tsx';

type Choice = 'off' | 'read' | 'full';

/** One app of the chosen user, as the editor offers it: bindable when the user's account of it is ACTIVE. */
interface UserApp {
  app: string;
  name: string;
  logo: string;
  account: ComposioAccount | undefined;
  bound: ComposioBinding | undefined;
}

/**
 * The binding editor for one agent: one user, then each of that user's apps off, read or full.
 * What Save would change is asked of the core (composio.bindings.preview) as the choices change,
 * so the tools each choice yields and the problems are the core's, never guessed here. The apps
 * shown are the whole set: an app switched off that is bound now is removed on Save. A withheld
 * binding (its account revoked, expired or removed) is sent as it is, so Save keeps it withheld;
 * only Off (remove it) is offered besides, since another scope needs an ACTIVE account.
 */
export function BindingEditor({ agent, bindings, inventory }: { agent: Agent; bindings: readonly ComposioBinding[]; inventory: ComposioInventory }) {
  const boundUser = bindings[0]?.userId;
  const users = useMemo(() => inventory.users.filter((entry) => entry.accounts.some((account) => account.status === 'ACTIVE')), [inventory.users]);
  const [chosenUser, setChosenUser] = useState<string | undefined>(undefined);
  const user = chosenUser ?? boundUser ?? users[0]?.userId;
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const apps = useMemo(() => appsOf(inventory, user, user === boundUser ? bindings : []), [inventory, user, boundUser, bindings]);
  const choiceOf = (entry: UserApp): Choice => choices[entry.app] ?? entry.bound?.scope ?? 'off';
  const selected = apps.filter((entry) => choiceOf(entry) !== 'off').map((entry) => ({ app: entry.app, scope: choiceOf(entry) as 'read' | 'full' }));
  const input = user ? { agent: agent.id, user, apps: selected, replace: true } : undefined;
  const preview = useComposioBindingPreview(input);
  const set = useSetComposioBinding();
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  if (users.length === 0 && bindings.length === 0) {
    return (
      <EmptyState
        title="No user has a connected account yet"
        next={
          <>
            Connect an account for a user id from an app of the <a className="link" href={hrefFor('integrations', 'catalog')}>Catalog</a>, then bind {agent.name} to that user here. See{' '}
            <a className="link" href={hrefFor('integrations', 'accounts')}>Connected accounts</a> for accounts that need attention.
          </>
        }
      >
        An agent is bound to exactly one user_id and reaches only that user’s ACTIVE connected accounts.
      </EmptyState>
    );
  }

  const current = preview.data && input && sameInput(preview.data, input.user, selected) ? preview.data : undefined;
  const changes = current ? current.apps.some((entry) => entry.change !== 'unchanged') : false;
  function save(): void {
    if (!input) return;
    setSaved(null);
    set.mutate(input, {
      onSuccess: (result) => {
        setConfirmReplace(false);
        setChoices({});
        setChosenUser(undefined);
        setSaved(`Saved: ${agent.name} is bound to ${result.preview.userId} with ${result.bindings.map((binding) => `${binding.appName} · ${scopeLabel(binding.scope)}`).join(', ')}.`);
      },
    });
  }

  return (
    <section className="panel binding-editor" aria-label={`Bind ${agent.name}`}>
      <div className="panel__header">
        <h3 className="panel__title">Bind {agent.name} to a user’s apps</h3>
        <SelectField
          label="User"
          variant="inline"
          compact
          value={user ?? ''}
          onChange={(value) => {
            setChosenUser(value);
            setChoices({});
            setSaved(null);
          }}
          options={[
            ...users.map((entry) => ({ value: entry.userId, label: userLabel(entry.userId, entry.accounts, boundUser) })),
            // The bound user stays choosable when none of their accounts is ACTIVE any more (to see and unbind what is left).
            ...(boundUser && !users.some((entry) => entry.userId === boundUser) ? [{ value: boundUser, label: `${boundUser} — no ACTIVE account (bound now)` }] : []),
          ]}
        />
      </div>
      <p className="muted">
        One user per agent: the agent reaches only that user’s connected accounts. <strong>Read</strong> gives the app’s tools hinted read-only, <strong>Full</strong> all of them; each app
        gets its own scoped Composio MCP server.
      </p>
      <ul className="binding-apps" aria-label={`${user ?? 'The user'}’s apps`}>
        {apps.map((entry) => (
          <AppChoiceRow
            key={entry.app}
            entry={entry}
            choice={choiceOf(entry)}
            preview={current?.apps.find((app) => app.app === entry.app && app.change !== 'remove')}
            onChange={(choice) => {
              setSaved(null);
              setChoices((before) => ({ ...before, [entry.app]: choice }));
            }}
          />
        ))}
      </ul>
      {selected.length === 0 ? (
        <p className="muted">Choose Read or Full for at least one app{bindings.length > 0 ? ', or unbind the agent below' : ''}.</p>
      ) : preview.isError ? (
        <ErrorNotice error={preview.error} title="Could not preview the binding" onRetry={() => void preview.refetch()} />
      ) : current && !changes ? null : (
        <BindingPreview preview={current} agentName={agent.name} withheldApps={apps.filter(isWithheld).map((entry) => entry.app)} />
      )}
      {apps.some(isWithheld) ? (
        <p className="muted binding-withheld-note">
          Save keeps a withheld app as it is — bound, without tools until its account is ACTIVE again; switch it Off to remove it.
        </p>
      ) : null}
      {set.isError && !confirmReplace ? <ErrorNotice error={set.error} title="The binding was not saved" /> : null}
      <div className="cluster">
        <button
          type="button"
          className="button button--primary"
          disabled={!current || !current.allowed || !changes || set.isPending}
          onClick={() => (current?.changesUser ? setConfirmReplace(true) : save())}
        >
          {set.isPending ? 'Saving…' : 'Save binding'}
        </button>
        <span className="muted" role="status" aria-live="polite">
          {saved ?? (current && !changes ? 'Nothing to change: this is the binding as it is.' : '')}
        </span>
      </div>
      <ConfirmDialog
        open={confirmReplace}
        title={`Replace ${current?.previousUserId ?? 'the user'} with ${user ?? ''}?`}
        confirmLabel="Replace and save"
        busyLabel="Saving…"
        busy={set.isPending}
        error={set.isError ? set.error : undefined}
        onConfirm={save}
        onCancel={() => {
          setConfirmReplace(false);
          set.reset();
        }}
      >
        <p>
          {agent.name} is bound to <strong>{current?.previousUserId}</strong>. Saving binds it to <strong>{user}</strong> instead: its servers for {current?.previousUserId}’s apps are
          deleted and it no longer reaches any of {current?.previousUserId}’s accounts.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function AppChoiceRow({
  entry,
  choice,
  preview,
  onChange,
}: {
  entry: UserApp;
  choice: Choice;
  preview: ComposioBindingPreview['apps'][number] | undefined;
  onChange: (choice: Choice) => void;
}) {
  const active = entry.account?.status === 'ACTIVE';
  const withheld = isWithheld(entry);
  return (
    <li className="binding-app">
      <span className="composio-app">
        <AppLogo logo={entry.logo} name={entry.name} />
        <span className="composio-app__text">
          <span className="composio-app__name">{entry.name}</span>
          {entry.account ? <AccountStatusPill status={entry.account.status} /> : <span className="muted">No account any more</span>}
          {withheld ? <span className="badge badge--warning">Withheld</span> : null}
        </span>
      </span>
      {/* Not ACTIVE: nothing to bind, unless it is bound now (kept or switched Off, and back). */}
      <fieldset className="segmented" disabled={!active && !entry.bound}>
        <legend className="visually-hidden">{entry.name} access</legend>
        <div className="segmented__options">
          {(['off', 'read', 'full'] as const).map((option) => (
            <label key={option} className="segmented__option">
              <input
                type="radio"
                name={`scope-${entry.app}`}
                checked={choice === option}
                disabled={withheld && option !== 'off' && option !== entry.bound?.scope}
                onChange={() => onChange(option)}
                aria-label={`${entry.name}: ${choiceLabel[option]}`}
              />
              <span>{choiceLabel[option]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <span className="binding-app__tools">
        {withheld ? (
          <WithheldNote onSave={choice === 'off' ? 'remove' : 'keep'} />
        ) : !active ? (
          <span className="muted">
            Not ACTIVE: <a className="link" href={hrefFor('integrations', 'accounts')}>reconnect it</a> to bind it.
          </span>
        ) : choice === 'off' ? (
          <span className="muted">{entry.bound ? 'Removed on Save.' : 'Not bound.'}</span>
        ) : preview ? (
          <ToolsYielded app={preview} />
        ) : (
          <span className="muted">Counting tools…</span>
        )}
      </span>
      {preview?.problem ? <ErrorNotice error={new RpcError(preview.problem)} compact /> : null}
    </li>
  );
}

/** Why a withheld binding gives no tools, where to make its account ACTIVE, and (in the editor) what Save does with it. */
function WithheldNote({ onSave }: { onSave?: 'keep' | 'remove' }) {
  return (
    <span className="muted">
      {onSave === 'remove' ? 'Removed on Save. ' : `No ACTIVE account — withheld until one is.${onSave === 'keep' ? ' Save keeps it.' : ''} `}
      <a className="link" href={hrefFor('integrations', 'accounts')}>
        Enable or reconnect it in Connected accounts
      </a>
      .
    </span>
  );
}

/** A binding kept while its user has no ACTIVE account of its app: it resolves to nothing until one is. */
const isWithheld = (entry: UserApp): boolean => entry.bound !== undefined && !entry.bound.accountActive;

/** The tools a scope yields: the count, and the names in a disclosure (read-only ones marked). */
function ToolsYielded({ app }: { app: ComposioBindingPreview['apps'][number] }) {
  const readOnly = app.tools.filter((tool) => tool.readOnly).length;
  // What the other scope would give, from this answer alone: read leaves out exactly the withheld ones.
  const other = app.scope === 'read' ? `Full gives ${app.tools.length + app.withheld}` : `Read gives ${readOnly}`;
  return (
    <details className="disclosure binding-tools">
      <summary>
        {app.tools.length} tool{app.tools.length === 1 ? '' : 's'} ({readOnly} read-only){app.withheld > 0 ? ` · ${app.withheld} withheld` : ''}
        <span className="muted"> · {other}</span>
      </summary>
      <ul className="chip-list" aria-label={`${app.appName} tools with ${scopeLabel(app.scope)} access`}>
        {app.tools.map((tool) => (
          <li key={tool.slug} className="chip" title={tool.slug}>
            {tool.name}
            {tool.readOnly ? <span className="badge badge--success">read-only</span> : tool.destructive ? <span className="badge badge--danger">destructive</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

const choiceLabel: Record<Choice, string> = { off: 'Off', read: 'Read', full: 'Full' };

/** "user-a — Gmail, GitHub (bound now)": the apps each user can give. */
function userLabel(userId: string, accounts: readonly ComposioAccount[], boundUser: string | undefined): string {
  const names = [...new Set(accounts.filter((account) => account.status === 'ACTIVE').map((account) => account.toolkitName))];
  return `${userId} — ${names.join(', ')}${userId === boundUser ? ' (bound now)' : ''}`;
}

/** The user's apps (one row per app, its ACTIVE account if any), and bound apps whose account is gone. */
function appsOf(inventory: ComposioInventory, user: string | undefined, bindings: readonly ComposioBinding[]): UserApp[] {
  const accounts = inventory.users.find((entry) => entry.userId === user)?.accounts ?? [];
  const byApp = new Map<string, UserApp>();
  for (const account of accounts) {
    const known = byApp.get(account.toolkit);
    if (known && known.account?.status === 'ACTIVE') continue;
    byApp.set(account.toolkit, { app: account.toolkit, name: account.toolkitName, logo: account.logo, account, bound: bindings.find((binding) => binding.app === account.toolkit) });
  }
  for (const binding of bindings) {
    if (!byApp.has(binding.app)) byApp.set(binding.app, { app: binding.app, name: binding.appName, logo: '', account: undefined, bound: binding });
  }
  return [...byApp.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the preview on screen answers the choices shown (the previous one stays while the next is read). */
function sameInput(preview: ComposioBindingPreview, user: string, apps: ReadonlyArray<{ app: string; scope: string }>): boolean {
  const asked = preview.apps.filter((entry) => entry.change !== 'remove');
  return preview.userId === user && asked.length === apps.length && apps.every(({ app, scope }) => asked.some((entry) => entry.app === app && entry.scope === scope));
}

/** Unbind one app, or the whole agent, after a confirmation naming what stops. */
export function UnbindButtons({ agent, bindings }: { agent: Agent; bindings: readonly ComposioBinding[] }) {
  const remove = useRemoveComposioBinding();
  const [pending, setPending] = useState<{ app: string | undefined; label: string } | null>(null);
  if (bindings.length === 0) return null;
  return (
    <section className="panel" aria-label={`${agent.name}’s binding now`}>
      <h3 className="panel__title">
        {agent.name}’s binding now: {bindings[0]?.userId}
      </h3>
      <ul className="plain-list binding-current" aria-label={`${agent.name}’s bindings`}>
        {bindings.map((binding) => (
          <li key={binding.app} className="cluster">
            <span>
              <strong>{binding.appName}</strong> · {scopeLabel(binding.scope)} · {binding.tools.length} tools · server <code className="slug">{binding.serverName}</code>
              {binding.accountActive ? null : (
                <>
                  {' '}
                  · <span className="badge badge--warning">Withheld</span> <WithheldNote />
                </>
              )}
            </span>
            <button type="button" className="button button--ghost-danger button--small" onClick={() => setPending({ app: binding.app, label: binding.appName })}>
              Unbind {binding.appName}
            </button>
          </li>
        ))}
      </ul>
      <div className="cluster">
        <button type="button" className="button button--ghost-danger" onClick={() => setPending({ app: undefined, label: 'every app' })}>
          Unbind {agent.name}
        </button>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.app ? `Unbind ${pending.label} from ${agent.name}?` : `Unbind ${agent.name} from ${bindings[0]?.userId ?? 'its user'}?`}
        confirmLabel="Unbind"
        busyLabel="Unbinding…"
        busy={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onConfirm={() => remove.mutate({ agent: agent.id, ...(pending?.app ? { app: pending.app } : {}) }, { onSuccess: () => setPending(null) })}
        onCancel={() => {
          setPending(null);
          remove.reset();
        }}
      >
        <p>
          {pending?.app
            ? `${agent.name} loses ${pending.label}’s tools at once: its scoped Composio server is deleted.`
            : `${agent.name} loses every Composio tool of ${bindings[0]?.userId ?? 'its user'}: its scoped servers are deleted.`}{' '}
          The connected accounts stay; bind again at any time.
        </p>
      </ConfirmDialog>
    </section>
  );
}
