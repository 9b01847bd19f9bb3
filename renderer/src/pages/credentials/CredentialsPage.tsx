import { useState } from 'react';
import { useCredentialProviders, useCredentials, type Credential, type StartedFlow } from '../../api/credentials.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ActionOutcomePanel } from './ActionOutcomePanel.tsx';
import { ConnectProgress } from './ConnectProgress.tsx';
import { CreateCredentialForm } from './CreateCredentialForm.tsx';
import { CredentialsTable } from './CredentialsTable.tsx';
import { DeleteCredentialDialog } from './DeleteCredentialDialog.tsx';
import type { ActionOutcome } from './outcome.ts';
import './credentials.css';

export function CredentialsPage() {
  const providers = useCredentialProviders();
  const credentials = useCredentials();
  const [connecting, setConnecting] = useState<{ credentialId: string; started: StartedFlow } | undefined>(undefined);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>(undefined);
  const [deleting, setDeleting] = useState<Credential | undefined>(undefined);
  const connectingCredential = connecting && credentials.data?.find((credential) => credential.id === connecting.credentialId);

  return (
    <div className="page">
      <PageHeader
        title="Credentials"
        description="OAuth 2.0 credentials for the services agents use, obtained with PKCE, sealed with AES-256-GCM, refreshed before they expire, and tested before they are relied on. Secrets never reach this window: you see masked previews only."
      />
      {connecting && connectingCredential ? (
        <ConnectProgress key={connecting.started.flow.id} credential={connectingCredential} started={connecting.started} onDismiss={() => setConnecting(undefined)} />
      ) : null}
      {outcome ? <ActionOutcomePanel outcome={outcome} onDismiss={() => setOutcome(undefined)} /> : null}
      <section className="panel" aria-labelledby="credentials-list-heading">
        <h2 id="credentials-list-heading" className="panel__title">
          All credentials {credentials.data ? <span className="count">{credentials.data.length}</span> : null}
        </h2>
        {credentials.isPending ? (
          <LoadingState label="Loading credentials…" />
        ) : credentials.isError ? (
          <ErrorNotice error={credentials.error} title="Could not load credentials" onRetry={() => void credentials.refetch()} />
        ) : credentials.data.length === 0 ? (
          <EmptyState title="Create your first credential" next="Pick a provider below, enter the client ID (and secret, where the provider needs one), then click Connect on its row.">
            No credentials yet. A credential holds one OAuth client and, once connected, its tokens; MCP servers that declare its provider are bound to it.
          </EmptyState>
        ) : (
          <CredentialsTable
            credentials={credentials.data}
            onConnecting={(credential, started) => {
              setOutcome(undefined);
              setConnecting({ credentialId: credential.id, started });
            }}
            onOutcome={setOutcome}
            onDelete={setDeleting}
          />
        )}
      </section>
      {providers.isPending ? (
        <LoadingState label="Loading providers…" />
      ) : providers.isError ? (
        <ErrorNotice error={providers.error} title="Could not load the provider catalog" onRetry={() => void providers.refetch()} />
      ) : (
        <CreateCredentialForm providers={providers.data} />
      )}
      {deleting ? <DeleteCredentialDialog credential={deleting} onClose={() => setDeleting(undefined)} /> : null}
    </div>
  );
}
