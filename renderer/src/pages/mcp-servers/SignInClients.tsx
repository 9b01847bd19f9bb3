import { useState } from 'react';
import { useClientMetadata, useMcpAuthClients, useRemoveMcpAuthClient, useSetMcpAuthClient } from '../../api/mcp-auth.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { CreateForm } from '../../components/CreateForm.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { TextField } from '../../components/TextField.tsx';

const sourceLabels = { 'pre-registered': 'Pre-registered', 'metadata-document': 'Client ID Metadata Document', dynamic: 'Dynamic registration' } as const;

/**
 * How the console is known to the authorization servers of the servers that need sign-in, in the
 * spec's order: a client registered by hand (entered here, its secret sealed and never shown
 * again), the console's Client ID Metadata Document (its URL shown), or a dynamic registration.
 */
export function SignInClients() {
  const clients = useMcpAuthClients();
  const metadata = useClientMetadata();
  const setClient = useSetMcpAuthClient();
  const remove = useRemoveMcpAuthClient();
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');

  return (
    <details className="panel sign-in-clients">
      <summary className="panel__title">Sign-in clients {clients.data ? <span className="count">{clients.data.length}</span> : null}</summary>
      <p className="muted">
        For servers that need sign-in, the console uses a client you registered with their authorization server, else its Client ID Metadata Document where that server supports it, else it
        registers itself.
      </p>
      {metadata.data?.url ? <CopyField label="The console’s Client ID Metadata Document URL (its client_id where supported)" value={metadata.data.url} /> : null}
      {clients.isError ? <ErrorNotice error={clients.error} title="Could not read the sign-in clients" compact /> : null}
      {clients.data && clients.data.length > 0 ? (
        <ul className="sign-in-clients__list" aria-label="Sign-in clients">
          {clients.data.map((entry) => (
            <li key={entry.issuer} className="cluster">
              <code>{entry.issuer}</code>
              <span className="badge badge--muted">{sourceLabels[entry.source]}</span>
              <code>{entry.clientId}</code>
              <button type="button" className="button button--ghost button--small" disabled={remove.isPending} aria-label={`Forget the client at ${entry.issuer}`} onClick={() => remove.mutate({ issuer: entry.issuer })}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {remove.isError ? <ErrorNotice error={remove.error} compact /> : null}
      <CreateForm
        title="Enter a pre-registered client"
        submitLabel="Save client"
        failureTitle="The client was not saved"
        mutation={setClient}
        input={() => ({ issuer: issuer.trim(), clientId: clientId.trim(), ...(clientSecret.trim() ? { clientSecret: clientSecret.trim() } : {}) })}
        onCreated={(entry) => {
          setIssuer('');
          setClientId('');
          setClientSecret('');
          return `Sign-ins at ${entry.issuer} now use the client ${entry.clientId}.`;
        }}
        fields={
          <>
            <TextField label="Authorization server (issuer URL)" mono name="issuer" value={issuer} onChange={setIssuer} required maxLength={2048} spellCheck={false} />
            <TextField label="Client ID" mono name="mcpClientId" value={clientId} onChange={setClientId} required maxLength={512} spellCheck={false} />
            <TextField label="Client secret" optional mono type="password" name="mcpClientSecret" value={clientSecret} onChange={setClientSecret} maxLength={4096} />
          </>
        }
      />
    </details>
  );
}
