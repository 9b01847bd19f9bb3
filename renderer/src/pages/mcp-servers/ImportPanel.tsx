import { useState, type FormEvent } from 'react';
import { describeJsonError, parseJsonText } from '../../../../main/rpc/json-text.ts';
import { useImportMcpConfig, useMcpImportVariables } from '../../api/mcp.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { ScopeSelect, type ScopeChoice } from './ScopeSelect.tsx';

/**
 * Import a `.mcp.json` (the `mcpServers` shape) into a scope. A file that does not parse is
 * caught here with its line and column before anything is sent; the core checks the rest and
 * changes nothing when any entry is wrong. A file cannot allow itself to read the console's
 * environment: the variables its placeholders would read are listed, and only those the operator
 * ticks are allowed, each for the servers that need it.
 */
export function ImportPanel({ onDone }: { onDone: () => void }) {
  const importConfig = useImportMcpConfig();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const [scope, setScope] = useState<ScopeChoice>({ kind: 'workspace' });
  const [syntaxError, setSyntaxError] = useState<string | undefined>(undefined);
  const [allowed, setAllowed] = useState<ReadonlySet<string>>(new Set());
  const parses = text.trim() !== '' && parseJsonText(text).ok;
  const variables = useMcpImportVariables({ scope, text, ...(fileName ? { fileName } : {}) }, parses);
  const needed = parses ? (variables.data ?? []) : [];
  const toggle = (name: string, on: boolean) =>
    setAllowed((current) => {
      const next = new Set(current);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  async function readFile(file: File | undefined): Promise<void> {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setSyntaxError(undefined);
    importConfig.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      setSyntaxError(`${fileName ?? 'The text'} is not valid JSON. ${describeJsonError(parsed.error)}`);
      return;
    }
    setSyntaxError(undefined);
    const allowEnv = needed.filter((variable) => !variable.reserved && allowed.has(variable.name)).map((variable) => variable.name);
    importConfig.mutate({ scope, text, allowEnv, ...(fileName ? { fileName } : {}) });
  }

  const report = importConfig.data;
  return (
    <form className="panel import-panel" aria-labelledby="import-heading" onSubmit={submit}>
      <h2 id="import-heading" className="panel__title">
        Import .mcp.json
      </h2>
      <div className="server-form__grid">
        <Field label="File" optional>
          {(id) => <input id={id} className="input input--file" type="file" accept=".json,application/json" onChange={(event) => void readFile(event.target.files?.[0])} />}
        </Field>
        <ScopeSelect label="Into scope" value={scope} onChange={setScope} />
      </div>
      <Field label=".mcp.json contents">
        {(id) => (
          <textarea
            id={id}
            className="input input--mono import-panel__text"
            value={text}
            rows={10}
            spellCheck={false}
            onChange={(event) => {
              setText(event.target.value);
              setSyntaxError(undefined);
            }}
            placeholder={'{\n  "mcpServers": {\n    "everything": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"] }\n  }\n}'}
            aria-invalid={syntaxError !== undefined}
            required
          />
        )}
      </Field>
      {needed.length > 0 ? (
        <fieldset className="server-form__section">
          <legend className="server-form__legend">Variables from the console’s environment</legend>
          <p className="muted server-form__note">
            This file’s placeholders would read these variables. Tick those you allow; each is allowed only for the servers listed. The import is refused
            while one is not allowed.
          </p>
          {needed.map((variable) => (
            <label key={variable.name} className="checkbox-field">
              <input
                type="checkbox"
                checked={!variable.reserved && allowed.has(variable.name)}
                disabled={variable.reserved}
                onChange={(event) => toggle(variable.name, event.target.checked)}
              />{' '}
              <code>{variable.name}</code>
              <span className="muted">
                {variable.reserved ? ' — the console’s own: never allowed; remove it from the file' : ` — for ${variable.servers.join(', ')}`}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {syntaxError ? (
        <p className="callout callout--danger" role="alert">
          {syntaxError}
        </p>
      ) : null}
      {importConfig.isError ? <ErrorNotice error={importConfig.error} title="Nothing was imported" /> : null}
      {report ? (
        <p className="form-status" role="status">
          Imported: {report.created.length} created, {report.updated.length} updated, {report.unchanged.length} unchanged.
        </p>
      ) : null}
      <div className="server-form__actions">
        <button type="button" className="button button--secondary" onClick={onDone} disabled={importConfig.isPending}>
          {report ? 'Close' : 'Cancel'}
        </button>
        <button type="submit" className="button button--primary" disabled={importConfig.isPending || text.trim() === ''}>
          {importConfig.isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
