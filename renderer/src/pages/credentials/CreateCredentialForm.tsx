import { useState, type FormEvent } from 'react';
import { useCreateCredential, type OAuthProvider } from '../../api/credentials.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';

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
  const [created, setCreated] = useState('');
  const provider = providers.find((candidate) => candidate.id === providerId);

  function chooseProvider(id: string): void {
    setProviderId(id);
    setScopes(providers.find((candidate) => candidate.id === id)?.defaultScopes.join(' ') ?? '');
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setCreated('');
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    create.mutate(
      {
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
      },
      {
        onSuccess: ({ credential, bound }) => {
          setLabel('');
          setClientId('');
          setClientSecret('');
          setCustom(emptyCustom);
          const boundText = bound.length > 0 ? ` Auto-bound to ${bound.map((server) => server.serverName).join(', ')}.` : '';
          setCreated(`Created credential ${credential.label}. Connect it below.${boundText}`);
        },
      },
    );
  }

  return (
    <form className="panel create-form" aria-labelledby="create-credential-heading" onSubmit={submit}>
      <h2 id="create-credential-heading" className="panel__title">
        New OAuth credential
      </h2>
      <div className="create-form__fields">
        <Field label="Provider" variant="narrow">
          {(id) => (
            <select id={id} className="input" name="provider" value={providerId} onChange={(event) => chooseProvider(event.target.value)}>
              {providers.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
              <option value={CUSTOM}>Custom provider…</option>
            </select>
          )}
        </Field>
        <Field label="Label" optional variant="narrow">
          {(id) => (
            <input id={id} className="input" name="label" value={label} onChange={(event) => setLabel(event.target.value)} placeholder={provider?.name ?? 'e.g. Acme SSO'} maxLength={80} autoComplete="off" />
          )}
        </Field>
        <Field label="Client ID">
          {(id) => (
            <input id={id} className="input input--mono" name="clientId" value={clientId} onChange={(event) => setClientId(event.target.value)} required maxLength={512} autoComplete="off" spellCheck={false} />
          )}
        </Field>
        <Field label="Client secret" optional={!provider?.clientSecretRequired}>
          {(id) => (
            <input
              id={id}
              className="input input--mono"
              name="clientSecret"
              type="password"
              value={clientSecret}
              onChange={(event) => setClientSecret(event.target.value)}
              required={provider?.clientSecretRequired ?? false}
              maxLength={4096}
              autoComplete="off"
              placeholder={provider?.clientSecretRequired ? 'required by this provider' : 'leave empty for a public client'}
            />
          )}
        </Field>
      </div>
      {providerId === CUSTOM ? (
        <fieldset className="credential-form__custom">
          <legend className="field__label">Custom provider endpoints</legend>
          <div className="create-form__fields">
            {customFieldLabels.map(([key, fieldLabel, required]) => (
              <Field key={key} label={fieldLabel} optional={!required}>
                {(id) => (
                  <input
                    id={id}
                    className="input input--mono"
                    name={key}
                    value={custom[key]}
                    onChange={(event) => setCustom({ ...custom, [key]: event.target.value })}
                    required={required}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={key === 'name' ? 'e.g. Acme SSO' : key === 'issuer' ? 'checked against iss (RFC 9207)' : 'https://…'}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="create-form__fields">
        <Field label="Scopes" optional>
          {(id) => (
            <input id={id} className="input input--mono" name="scopes" value={scopes} onChange={(event) => setScopes(event.target.value)} placeholder="space-separated" autoComplete="off" spellCheck={false} />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create credential'}
        </button>
      </div>
      {provider ? (
        <p className="credential-form__facts">
          {provider.pkce ? 'PKCE (S256)' : 'No PKCE: state and the client secret protect the redirect'} · redirects:{' '}
          {provider.redirectKinds.map((kind) => (kind === 'loopback' ? '127.0.0.1 loopback' : 'crewship://')).join(', ')} ·{' '}
          {provider.revocationUrl ? 'revocable' : 'no revocation endpoint'}. {provider.notes}
        </p>
      ) : null}
      {create.isError ? <ErrorNotice error={create.error} title="The credential was not created" /> : null}
      <p className="form-status" role="status" aria-live="polite">
        {create.isSuccess ? created : ''}
      </p>
    </form>
  );
}
