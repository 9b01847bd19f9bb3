import { useState, type FormEvent } from 'react';
import { useAgents, type Agent } from '../../api/agents.ts';
import { useCredentials } from '../../api/credentials.ts';
import { useCrews } from '../../api/crews.ts';
import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import { useCreateMcpServer, useUpdateMcpServer } from '../../api/mcp.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { AgentPicker } from '../../features/pickers/Pickers.tsx';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../../../main/rpc/naming.ts';
import { configFromForm, emptyServerForm, formFromConfig, type InjectionKind, type ServerFormValues, type TransportKind } from './server-form-model.ts';

interface ServerFormProps {
  /** The config being edited; absent when adding a server. */
  editing: McpServerConfig | undefined;
  onDone: (saved: McpServerConfig | undefined) => void;
}

const noAgents: Agent[] = [];
const transportLabels: Record<TransportKind, string> = { stdio: 'stdio (a local command)', 'streamable-http': 'Streamable HTTP', sse: 'SSE (legacy HTTP)' };
const injectionLabels: Record<InjectionKind, string> = {
  none: 'No credential',
  bearer: 'Bearer token (Authorization header)',
  api_key: 'API key in a header',
  basic: 'Basic auth',
  env: 'Environment variable (stdio)',
};

/** Add or edit a server config. Secrets are never typed here: a credential is referenced by id and injected at connect time. */
export function ServerForm({ editing, onDone }: ServerFormProps) {
  const crews = useCrews();
  const agents = useAgents();
  const credentials = useCredentials();
  const create = useCreateMcpServer();
  const update = useUpdateMcpServer();
  const [values, setValues] = useState<ServerFormValues>(() => (editing ? formFromConfig(editing) : emptyServerForm));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const mutation = editing ? update : create;
  const nameBreaksRule = values.name.trim() !== '' && !SERVER_NAME_PATTERN.test(values.name.trim());
  const set = <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (nameBreaksRule) {
      // Said beside the field already: nothing is sent until the name keeps the rule.
      setProblem(undefined);
      return;
    }
    const converted = configFromForm(values);
    if (!converted.ok) {
      setProblem(converted.problem);
      return;
    }
    setProblem(undefined);
    if (editing) update.mutate({ server: editing.id, ...converted.input }, { onSuccess: onDone });
    else create.mutate(converted.input, { onSuccess: onDone });
  }

  const headingId = editing ? 'edit-server-heading' : 'add-server-heading';
  return (
    <form
      className="panel server-form"
      aria-labelledby={headingId}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !mutation.isPending) {
          event.preventDefault();
          onDone(undefined);
        }
      }}
    >
      <h2 id={headingId} className="panel__title">
        {editing ? `Edit ${editing.name}` : 'Add an MCP server'}
      </h2>
      <div className="server-form__grid">
        <Field label="Name">
          {(id) => (
            <>
              <input
                id={id}
                className="input input--mono"
                value={values.name}
                onChange={(event) => set('name', event.target.value)}
                placeholder="e.g. github"
                required
                autoFocus
                autoComplete="off"
                aria-invalid={nameBreaksRule}
                aria-describedby={`${id}-rule`}
              />
              {/* The rule is said before submitting, and turns into the field's error as soon as the name breaks it. */}
              <p id={`${id}-rule`} className={nameBreaksRule ? 'field__error' : 'field__help'}>
                {nameBreaksRule ? `Change the name: ${SERVER_NAME_RULE}.` : `${SERVER_NAME_RULE.charAt(0).toUpperCase()}${SERVER_NAME_RULE.slice(1)}.`}
              </p>
            </>
          )}
        </Field>
        <Field label="Scope" variant="narrow">
          {(id) => (
            <select id={id} className="input" value={values.scopeKind} onChange={(event) => setValues((current) => ({ ...current, scopeKind: event.target.value as ServerFormValues['scopeKind'], scopeRef: '' }))}>
              <option value="workspace">Workspace</option>
              <option value="crew">One crew</option>
              <option value="agent">One agent</option>
            </select>
          )}
        </Field>
        {values.scopeKind === 'crew' ? (
          <Field label="Crew" variant="narrow">
            {(id) => (
              <select id={id} className="input" value={values.scopeRef} onChange={(event) => set('scopeRef', event.target.value)} required>
                <option value="">Choose a crew…</option>
                {(crews.data ?? []).map((crew) => (
                  <option key={crew.id} value={crew.id}>
                    {crew.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {values.scopeKind === 'agent' ? (
          <AgentPicker label="Agent" variant="narrow" value={values.scopeRef} onChange={(agent) => set('scopeRef', agent)} agents={agents.data ?? noAgents} placeholder="Choose an agent…" />
        ) : null}
      </div>

      <fieldset className="server-form__section">
        <legend className="server-form__legend">Transport</legend>
        <div className="segmented__options">
          {(Object.keys(transportLabels) as TransportKind[]).map((kind) => (
            <label key={kind} className="segmented__option">
              <input type="radio" name="transport" value={kind} checked={values.transport === kind} onChange={() => set('transport', kind)} />
              <span>{transportLabels[kind]}</span>
            </label>
          ))}
        </div>
        {values.transport === 'stdio' ? (
          <div className="server-form__grid">
            <Field label="Command">
              {(id) => <input id={id} className="input input--mono" value={values.command} onChange={(event) => set('command', event.target.value)} placeholder="npx" required />}
            </Field>
            <Field label="Working directory" optional>
              {(id) => <input id={id} className="input input--mono" value={values.cwd} onChange={(event) => set('cwd', event.target.value)} placeholder="/path/to/dir" />}
            </Field>
            <Field label="Arguments, one per line" optional>
              {(id) => <textarea id={id} className="input input--mono server-form__lines" value={values.args} onChange={(event) => set('args', event.target.value)} placeholder={'-y\n@modelcontextprotocol/server-github'} rows={4} />}
            </Field>
            <Field label="Environment, NAME=value per line" optional>
              {(id) => <textarea id={id} className="input input--mono server-form__lines" value={values.env} onChange={(event) => set('env', event.target.value)} placeholder={'LOG_LEVEL=info\nAPI_TOKEN=${GITHUB_TOKEN}'} rows={4} />}
            </Field>
          </div>
        ) : (
          <div className="server-form__grid">
            <Field label="URL">
              {(id) => <input id={id} className="input input--mono" type="url" value={values.url} onChange={(event) => set('url', event.target.value)} placeholder="https://mcp.example.com/mcp" required />}
            </Field>
            <Field label="Headers, Name: value per line" optional>
              {(id) => <textarea id={id} className="input input--mono server-form__lines" value={values.headers} onChange={(event) => set('headers', event.target.value)} placeholder="X-Team: platform" rows={3} />}
            </Field>
          </div>
        )}
        <div className="server-form__grid">
          <Field label="Allowed environment variables" optional>
            {(id) => (
              <input
                id={id}
                className="input input--mono"
                value={values.allowedEnv}
                onChange={(event) => set('allowedEnv', event.target.value)}
                placeholder="AWS_REGION TENANT"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        </div>
        <p className="muted server-form__note">
          Values may use <code>{'${VAR}'}</code> placeholders, filled when the server connects (never copied into files): from its credential, or from the
          console’s environment for the variables allowed here. <code>{'${VAR:-default}'}</code> of a variable not allowed takes its default;{' '}
          <code>CREWSHIP_*</code> variables are never read.
        </p>
      </fieldset>

      <fieldset className="server-form__section">
        <legend className="server-form__legend">Credential</legend>
        <div className="server-form__grid">
          <Field label="Injection">
            {(id) => (
              <select id={id} className="input" value={values.injection} onChange={(event) => set('injection', event.target.value as InjectionKind)}>
                {(Object.keys(injectionLabels) as InjectionKind[]).map((kind) => (
                  <option key={kind} value={kind}>
                    {injectionLabels[kind]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {values.injection !== 'none' ? (
            <Field label="Credential">
              {(id) => (
                <select id={id} className="input" value={values.credentialId} onChange={(event) => set('credentialId', event.target.value)} required>
                  <option value="">{credentials.isPending ? 'Loading credentials…' : 'Choose a credential…'}</option>
                  {/* A credential deleted since keeps its id here, so editing does not silently drop the binding. */}
                  {values.credentialId && !credentials.data?.some((credential) => credential.id === values.credentialId) ? (
                    <option value={values.credentialId}>{editing?.credential?.credentialLabel ?? values.credentialId} (not found)</option>
                  ) : null}
                  {(credentials.data ?? []).map((credential) => (
                    <option key={credential.id} value={credential.id}>
                      {credential.label} ({credential.providerName})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          {values.injection === 'api_key' || values.injection === 'env' ? (
            <Field label={values.injection === 'api_key' ? 'Header name' : 'Variable name'}>
              {(id) => (
                <input id={id} className="input input--mono" value={values.injectionTarget} onChange={(event) => set('injectionTarget', event.target.value)} placeholder={values.injection === 'api_key' ? 'X-API-Key' : 'API_TOKEN'} required />
              )}
            </Field>
          ) : null}
          <Field label="OAuth provider" optional>
            {(id) => <input id={id} className="input" value={values.provider} onChange={(event) => set('provider', event.target.value)} placeholder="github" />}
          </Field>
        </div>
      </fieldset>

      <div className="server-form__grid server-form__grid--end">
        <Field label="Connect timeout (s)" optional variant="narrow">
          {(id) => <input id={id} className="input" inputMode="decimal" value={values.connectTimeoutSeconds} onChange={(event) => set('connectTimeoutSeconds', event.target.value)} placeholder="15" />}
        </Field>
        <label className="checkbox-field">
          <input type="checkbox" checked={values.enabled} onChange={(event) => set('enabled', event.target.checked)} /> Enabled
        </label>
      </div>

      {values.injection !== 'none' && credentials.isError ? <ErrorNotice error={credentials.error} title="Could not load credentials" compact /> : null}
      {values.injection !== 'none' && credentials.data?.length === 0 ? (
        <p className="callout callout--warning">
          There are no credentials yet. <a className="link" href={hrefFor('credentials')}>Add one on the Credentials page</a>, then come back to bind it.
        </p>
      ) : null}
      {problem ? (
        <p className="callout callout--warning" role="alert">
          {problem}
        </p>
      ) : null}
      {mutation.isError ? <ErrorNotice error={mutation.error} title={editing ? 'The changes were not saved' : 'The server was not added'} /> : null}
      <div className="server-form__actions">
        <button type="button" className="button button--secondary" onClick={() => onDone(undefined)} disabled={mutation.isPending}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : editing ? 'Save changes' : 'Save server'}
        </button>
      </div>
    </form>
  );
}
