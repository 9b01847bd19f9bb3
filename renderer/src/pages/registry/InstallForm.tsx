import { useState, type FormEvent } from 'react';
import { useInstallPlan, useRegistryInstall, type RegistryInstallField, type RegistryServerDetail } from '../../api/registry.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ScopeSelect, type ScopeChoice } from '../mcp-servers/ScopeSelect.tsx';

export type InstallTarget = { kind: 'package' | 'remote'; index: number };

/**
 * The values an entry asks for, as the registry declares them (descriptions, defaults, choices,
 * required, secret), checked here as the core checks them. Secret values go to the core once and
 * are sealed there; the config reads them as ${NAME}.
 */
export function InstallForm({ server, target, onDone, file }: { server: RegistryServerDetail | null; target: InstallTarget | undefined; onDone: () => void; file?: string }) {
  const request = file !== undefined ? { file, target } : { name: server?.name, version: server?.version, source: server?.source, target };
  const plan = useInstallPlan(request, true);
  const install = useRegistryInstall();
  const [values, setValues] = useState<Record<string, string>>({});
  const [scope, setScope] = useState<ScopeChoice>({ kind: 'workspace' });
  const [serverName, setServerName] = useState('');
  const [shown, setShown] = useState(false);

  return (
    <section className="panel registry-install" aria-label="Install">
      <QueryView query={plan} what="what this install needs">
        {(needs) => {
          const valueOf = (field: RegistryInstallField) => values[field.key] ?? field.default ?? '';
          const problems = needs.fields.flatMap((field) => {
            const value = valueOf(field);
            if (value === '') return field.isRequired ? [`${field.label} is required`] : [];
            if (field.choices.length > 0 && !field.choices.includes(value)) return [`${field.label} is one of ${field.choices.join(', ')}`];
            if (field.format === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return [`${field.label} is a number`];
            return [];
          });
          const submit = (event: FormEvent) => {
            event.preventDefault();
            setShown(true);
            if (problems.length > 0 || needs.unsupported) return;
            const given = Object.fromEntries(needs.fields.filter((field) => values[field.key] !== undefined && values[field.key] !== '').map((field) => [field.key, values[field.key] as string]));
            install.mutate({ ...request, values: given, scope, serverName: serverName.trim() || undefined });
          };
          return (
            <form onSubmit={submit} aria-label={`Install ${needs.name}`} className="registry-install__form">
              <h3 className="registry-detail__heading">
                Install {needs.name} {needs.version}
              </h3>
              <p className="registry-install__summary">
                {needs.target.kind === 'remote' ? 'Reaches' : 'Runs, as you, on this machine'}: <code>{needs.summary}</code>
              </p>
              {needs.unsupported ? <p className="callout callout--warning">This cannot be installed: {needs.unsupported}.</p> : null}
              {needs.fields.map((field) => (
                <InputField key={field.key} field={field} value={valueOf(field)} onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
              ))}
              <TextField label="MCP server name" optional value={serverName} onChange={setServerName} placeholder={needs.name.split('/').pop()} mono />
              <ScopeSelect label="For" value={scope} onChange={setScope} />
              {shown && problems.length > 0 ? (
                <ul className="registry-install__problems" role="alert">
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : null}
              {install.error ? <ErrorNotice error={install.error} title="Not installed" compact /> : null}
              {install.data ? (
                <p className="form-status" role="status">
                  Installed as <code>{install.data.server.name}</code>
                  {install.data.sealed.length > 0 ? ` (${install.data.sealed.join(', ')} sealed in the vault)` : ''}.{' '}
                  <a className="link" href={hrefFor('mcp-servers')}>
                    Open MCP servers
                  </a>
                </p>
              ) : null}
              <div className="cluster">
                <button type="submit" className="button button--primary" disabled={install.isPending || needs.unsupported !== null || install.data !== undefined}>
                  {install.isPending ? 'Installing…' : 'Install'}
                </button>
                <button type="button" className="button button--ghost" onClick={onDone}>
                  {install.data ? 'Close' : 'Cancel'}
                </button>
              </div>
            </form>
          );
        }}
      </QueryView>
    </section>
  );
}

function InputField({ field, value, onChange }: { field: RegistryInstallField; value: string; onChange: (value: string) => void }) {
  const label = `${field.label}${field.isSecret ? ' (secret)' : ''}`;
  if (field.choices.length > 0) {
    return (
      <div className="registry-install__field">
        <Field label={label} optional={!field.isRequired}>
          {(id) => (
            <>
              <select
                id={id}
                className="input"
                value={value}
                onChange={(event) => onChange(event.target.value)}
                aria-describedby={field.description ? `${id}-description` : undefined}
              >
                {field.isRequired ? null : <option value="">(not set)</option>}
                {field.choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
              {field.description ? (
                <p className="registry-install__description" id={`${id}-description`}>
                  {field.description}
                </p>
              ) : null}
            </>
          )}
        </Field>
      </div>
    );
  }
  return (
    <div className="registry-install__field">
      <TextField
        label={label}
        optional={!field.isRequired}
        value={value}
        onChange={onChange}
        type={field.isSecret ? 'password' : field.format === 'number' ? 'number' : 'text'}
        placeholder={field.placeholder ?? undefined}
        mono
        aria-required={field.isRequired}
      />
      {field.description ? <p className="registry-install__description">{field.description}</p> : null}
    </div>
  );
}
