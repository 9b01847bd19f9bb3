import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/** The providers the product documents; listed as what will be supported, not as configured credentials. */
const documentedProviders = ['Google', 'Slack', 'GitHub', 'Microsoft', 'Linear', 'GitLab', 'Cloudflare', 'Stripe', 'Notion'];

export function CredentialsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Credentials"
        description="OAuth 2.0 credentials for the services agents use, obtained with PKCE, sealed with AES-256-GCM, refreshed before they expire, and tested before they are relied on."
      />
      <EmptyState
        comingSoon
        title="No credentials yet"
        next="OAuth credentials are coming in a later build. Then: create a credential with its provider, client ID and secret, click Connect, and test it."
      >
        <p>Providers that will be ready to connect, plus any custom provider with an authorize and token URL:</p>
        <ul className="chip-list" aria-label="Documented providers">
          {documentedProviders.map((provider) => (
            <li key={provider} className="chip">
              {provider}
            </li>
          ))}
        </ul>
        <p className="muted">Secrets never reach this window: you will see a masked preview and metadata only.</p>
      </EmptyState>
    </div>
  );
}
