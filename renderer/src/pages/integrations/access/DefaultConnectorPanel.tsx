import { useState, type ReactNode } from 'react';
import type { ComposioInventory } from '../../../api/composio.ts';
import { useComposioDefaultConnector, useEnableComposioDefault, useSetComposioDefault, type ComposioDefaultConnector } from '../../../api/composio-access.ts';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { HintText } from '../../../components/HintText.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { SelectField } from '../../../components/SelectField.tsx';

/**
 * The workspace's default connector (COMPOSIO_DEFAULT_CONNECTOR): its flag, user and apps, with
 * Enable (which derives the user when exactly one has connected accounts) and Pin a user. The
 * rules are spelled out here because they change what every unbound agent gets.
 */
export function DefaultConnectorPanel({ inventory }: { inventory: ComposioInventory | undefined }) {
  const connector = useComposioDefaultConnector();
  return (
    <section className="panel default-connector" aria-label="Default connector">
      <div className="panel__header">
        <h3 className="panel__title">Default connector</h3>
        {connector.data ? <ConnectorState connector={connector.data} /> : null}
      </div>
      <QueryView query={connector} what="the default connector">
        {(data) => <ConnectorBody connector={data} inventory={inventory} />}
      </QueryView>
    </section>
  );
}

function ConnectorState({ connector }: { connector: ComposioDefaultConnector }) {
  if (connector.active) return <span className="status-pill status-pill--ok">Active</span>;
  if (connector.flag) return <span className="status-pill status-pill--warning">Flag on, not provisioned</span>;
  return <span className="status-pill status-pill--inactive">{connector.serverId ? 'Provisioned, flag off' : 'Off'}</span>;
}

function ConnectorBody({ connector, inventory }: { connector: ComposioDefaultConnector; inventory: ComposioInventory | undefined }) {
  const enable = useEnableComposioDefault();
  const pin = useSetComposioDefault();
  const users = (inventory?.users ?? []).filter((entry) => entry.accounts.some((account) => account.status === 'ACTIVE')).map((entry) => entry.userId);
  const [pinned, setPinned] = useState('');
  const pinUser = pinned || connector.userId || users[0] || '';
  const failure = enable.error ?? pin.error;
  return (
    <>
      <p className="muted default-connector__rules">
        With <code>COMPOSIO_DEFAULT_CONNECTOR=true</code> (or <code>1</code>) in the console’s environment, every agent <em>without</em> a binding gets one Composio server with full
        access to all the default user’s connected apps. A binding always wins for its agent. While the flag is on, legacy (self-hosted) MCP servers are off at resolve time — never
        deleted; they come back when the flag is off. The flag never turns Composio on by itself: a project key is still needed.
      </p>
      <dl className="facts">
        <Fact term="Flag">{connector.flag ? 'On (COMPOSIO_DEFAULT_CONNECTOR)' : 'Off — set COMPOSIO_DEFAULT_CONNECTOR=true and restart the console'}</Fact>
        <Fact term="Default user">{connector.userId ?? 'None yet'}</Fact>
        <Fact term="Apps">{connector.apps.length > 0 ? `${connector.apps.join(', ')} · ${connector.toolCount} tools, full access` : 'None provisioned'}</Fact>
        <Fact term="Server">{connector.serverName ? <code className="slug">{connector.serverName}</code> : 'None'}</Fact>
        <Fact term="Users with connected accounts">{connector.connectedUsers.toLocaleString()}</Fact>
        <Fact term="Provisioned">{connector.provisionedAt ? <DateTime iso={connector.provisionedAt} /> : 'Never'}</Fact>
      </dl>
      {connector.hint ? (
        <p className="default-connector__hint">
          <HintText text={connector.hint} />
        </p>
      ) : null}
      {failure ? <ErrorNotice error={failure} title="The default connector was not provisioned" compact /> : null}
      <div className="cluster default-connector__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={enable.isPending || !connector.keyConfigured}
          onClick={() => {
            pin.reset();
            enable.mutate({});
          }}
        >
          {enable.isPending ? 'Provisioning…' : connector.serverId ? 'Refresh its apps' : 'Enable'}
        </button>
        {users.length > 0 ? (
          <>
            <SelectField label="Default user" variant="inline" compact value={pinUser} onChange={setPinned} options={users.map((user) => ({ value: user, label: user }))} />
            <button
              type="button"
              className="button button--secondary"
              disabled={pin.isPending || !connector.keyConfigured || pinUser === ''}
              onClick={() => {
                enable.reset();
                pin.mutate({ user: pinUser });
              }}
            >
              {pin.isPending ? 'Pinning…' : 'Pin this user'}
            </button>
          </>
        ) : null}
      </div>
      <p className="muted">
        Enable picks the user when exactly one has connected accounts; with several, pin one. Running it again is harmless and picks up apps connected since.
      </p>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
