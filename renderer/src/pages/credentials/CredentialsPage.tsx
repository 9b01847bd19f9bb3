import { useState } from 'react';
import { useCredentialProviders, useCredentials, type StartedFlow } from '../../api/credentials.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListPanel } from '../../components/ListPanel.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ActionOutcomePanel } from './ActionOutcomePanel.tsx';
import { ConnectProgress } from './ConnectProgress.tsx';
import { CreateCredentialForm } from './CreateCredentialForm.tsx';
import { CredentialsTable } from './CredentialsTable.tsx';
import type { ActionOutcome } from './outcome.ts';
import './credentials.css';

/** `embedded`: shown as a tab of the Integrations page's legacy view. */
export function CredentialsPage({ embedded = false }: { embedded?: boolean }) {
  const providers = useCredentialProviders();
  const credentials = useCredentials();
  const [connecting, setConnecting] = useState<{ credentialId: string; started: StartedFlow } | undefined>(undefined);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>(undefined);
  const connectingCredential = connecting && credentials.data?.find((credential) => credential.id === connecting.credentialId);

  return (
    <div className={embedded ? 'page-section' : 'page'}>
      <PageHeader
        level={embedded ? 2 : 1}
        title="Credentials"
        description="OAuth 2.0 credentials for the services agents use, obtained with PKCE, sealed with AES-256-GCM, refreshed before they expire, and tested before they are relied on. Secrets never reach this window: you see masked previews only."
      />
      {connecting && connectingCredential ? (
        <ConnectProgress key={connecting.started.flow.id} credential={connectingCredential} started={connecting.started} onDismiss={() => setConnecting(undefined)} />
      ) : null}
      {outcome ? <ActionOutcomePanel outcome={outcome} onDismiss={() => setOutcome(undefined)} /> : null}
      <ListPanel title="All credentials" count={credentials.data?.length}>
        <CredentialsTable
          query={credentials}
          empty={
            <EmptyState title="Create your first credential" next="Pick a provider below, enter the client ID (and secret, where the provider needs one), then click Connect on its row.">
              No credentials yet. A credential holds one OAuth client and, once connected, its tokens; MCP servers that declare its provider are bound to it.
            </EmptyState>
          }
          onConnecting={(credential, started) => {
            setOutcome(undefined);
            setConnecting({ credentialId: credential.id, started });
          }}
          onOutcome={setOutcome}
        />
      </ListPanel>
      <QueryView query={providers} what="the provider catalog">
        {(list) => <CreateCredentialForm providers={list} />}
      </QueryView>
    </div>
  );
}
