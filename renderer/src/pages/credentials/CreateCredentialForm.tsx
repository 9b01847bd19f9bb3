import { useState } from 'react';
import { useCreateCredential, type OAuthProvider } from '../../api/credentials.ts';
import { CreateForm } from '../../components/CreateForm.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';

const CUSTOM = 'custom';

const emptyCustom = { name: '', authorizeUrl: '', tokenUrl: '', userinfoUrl: '', introspectionUrl: '', revocationUrl: '', issuer: '' };
type CustomFields = typeof emptyCustom;

const customFieldLabels: Array<[keyof CustomFields, string, boolean]> = [
  ['name', 'Provider name', true],
  ['authorizeUrl', 'Authorize URL', true],
  ['tokenUrl', 'Token URL', true],
  ['userinfoUrl', 'Userinfo URL', false],
  ['introspectionUrl', 'Introspection URL', false],
  ['revocationUrl', 'Revocation URL', false],
  ['issuer', 'Issuer', false],
];

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/**
 * A new OAuth2 credential: provider, client ID, client secret, scopes. The secret goes straight to
 * the core, which seals it; this form forgets it as soon as the credential exists.
 */
export function CreateCredentialForm({ providers }: { providers: readonly OAuthProvider[] }) {
  const create = useCreateCredential();
  const [providerId, setProviderId] = useState(providers[0]?.id ?? CUSTOM);
  const [label, setLabel] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState(() => providers[0]?.defaultScopes.join(' ') ?? '');
  const [custom, setCustom] = useState<CustomFields>(emptyCustom);
  const provider = providers.find((candidate) => candidate.id === providerId);

  function chooseProvider(id: string): void {
    setProviderId(id);
    setScopes(providers.find((candidate) => candidate.id === id)?.defaultScopes.join(' ') ?? '');
  }

  const input = () => ({
    provider: providerId,
    clientId: clientId.trim(),
    label: optional(label),
    clientSecret: optional(clientSecret),
    scopes: scopes.split(/[\s,]+/).filter(Boolean),
    ...(providerId === CUSTOM
      ? {
          custom: {
            name: custom.name.trim(),
            authorizeUrl: custom.authorizeUrl.trim(),
            tokenUrl: custom.tokenUrl.trim(),
            userinfoUrl: optional(custom.userinfoUrl),
            introspectionUrl: optional(custom.introspectionUrl),
            revocationUrl: optional(custom.revocationUrl),
            issuer: optional(custom.issuer),
          },
        }
      : {}),
  });

  return (
    <CreateForm
      title="New OAuth credential"
      submitLabel="Create credential"
      failureTitle="The credential was not created"
      mutation={create}
      input={input}
      onCreated={({ credential, bound }) => {
        setLabel('');
        setClientId('');
        setClientSecret('');
        setCustom(emptyCustom);
        const boundText = bound.length > 0 ? ` Auto-bound to ${bound.map((server) => server.serverName).join(', ')}.` : '';
        return `Created credential ${credential.label}. Connect it below.${boundText}`;
      }}
      lead={
        <>
          <div className="create-form__fields">
            <SelectField
              label="Provider"
              variant="narrow"
              name="provider"
              value={providerId}
              onChange={chooseProvider}
              options={[...providers.map((candidate) => ({ value: candidate.id, label: candidate.name })), { value: CUSTOM, label: 'Custom provider…' }]}
            />
            <TextField label="Label" optional variant="narrow" name="label" value={label} onChange={setLabel} placeholder={provider?.name ?? 'e.g. Acme SSO'} maxLength={80} />
            <TextField label="Client ID" mono name="clientId" value={clientId} onChange={setClientId} required maxLength={512} spellCheck={false} />
            <TextField
              label="Client secret"
              optional={!provider?.clientSecretRequired}
              mono
              name="clientSecret"
              type="password"
              value={clientSecret}
              onChange={setClientSecret}
              required={provider?.clientSecretRequired ?? false}
              maxLength={4096}
              placeholder={provider?.clientSecretRequired ? 'required by this provider' : 'leave empty for a public client'}
            />
          </div>
          {providerId === CUSTOM ? (
            <fieldset className="credential-form__custom">
              <legend className="field__label">Custom provider endpoints</legend>
              <div className="create-form__fields">
                {customFieldLabels.map(([key, fieldLabel, required]) => (
                  <TextField
                    key={key}
                    label={fieldLabel}
                    optional={!required}
                    mono
                    name={key}
                    value={custom[key]}
                    onChange={(value) => setCustom({ ...custom, [key]: value })}
                    required={required}
                    spellCheck={false}
                    placeholder={key === 'name' ? 'e.g. Acme SSO' : key === 'issuer' ? 'checked against iss (RFC 9207)' : 'https://…'}
                  />
                ))}
              </div>
            </fieldset>
          ) : null}
        </>
      }
      fields={<TextField label="Scopes" optional mono name="scopes" value={scopes} onChange={setScopes} placeholder="space-separated" spellCheck={false} />}
      footnote={
        provider ? (
          <p className="credential-form__facts">
            {provider.pkce ? 'PKCE (S256)' : 'No PKCE: state and the client secret protect the redirect'} · redirects:{' '}
            {provider.redirectKinds.map((kind) => (kind === 'loopback' ? '127.0.0.1 loopback' : 'crewship://')).join(', ')} ·{' '}
            {provider.revocationUrl ? 'revocable' : 'no revocation endpoint'}. {provider.notes}
          </p>
        ) : null
      }
    />
  );
}
