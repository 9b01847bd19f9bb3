import { useState, type FormEvent } from 'react';
import type { McpTool } from '../../../../../main/rpc/contract.ts';
import { describeJsonError, parseJsonText } from '../../../../../main/rpc/json-text.ts';
import { useCurrentWorkspaceId } from '../../../api/current-workspace.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useCollectionDraft, type Expectations } from './collection-draft.ts';

/**
 * Saves the call as it stands (server, tool, arguments) into the collection being built, with
 * what its result must show; the Collection tab runs them all and downloads the file.
 */
export function SaveCallForm({ tool, args }: { tool: McpTool; args: Record<string, unknown> }) {
  const workspace = useCurrentWorkspaceId();
  const [collection, setCollection] = useCollectionDraft(workspace);
  const [name, setName] = useState(tool.name);
  const [isError, setIsError] = useState(false);
  const [contains, setContains] = useState('');
  const [matches, setMatches] = useState('');
  const [path, setPath] = useState('');
  const [equals, setEquals] = useState('');
  const [structuredValid, setStructuredValid] = useState(tool.outputSchema !== undefined && tool.outputSchema !== null);
  const [underMs, setUnderMs] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);

  function save(event: FormEvent): void {
    event.preventDefault();
    const expect: Expectations = { isError };
    if (contains) expect.textContains = [contains];
    if (matches) {
      if (!validRegex(matches)) return setProblem('“Text matches” is not a valid regular expression.');
      expect.textMatches = matches;
    }
    if (path) {
      const parsed = parseJsonText(equals);
      if (!parsed.ok) return setProblem(`“Equals” must be JSON (a string in quotes): ${describeJsonError(parsed.error)}`);
      expect.jsonPath = { [path]: parsed.value };
    }
    if (structuredValid) expect.structuredContentValid = true;
    if (underMs) {
      const limit = Number(underMs);
      if (!Number.isInteger(limit) || limit <= 0) return setProblem('“Duration under” is a whole number of milliseconds.');
      expect.durationUnderMs = limit;
    }
    const callName = name.trim() || tool.name;
    if (collection.calls.some((call) => call.name === callName)) return setProblem(`The collection already has a call named “${callName}”; give this one another name.`);
    setProblem(undefined);
    setCollection({ ...collection, calls: [...collection.calls, { name: callName, server: tool.serverName, tool: tool.name, arguments: args, expect }] });
    setSaved(`Saved “${callName}” to ${collection.name} (${collection.calls.length + 1} call${collection.calls.length === 0 ? '' : 's'}).`);
  }

  return (
    <details className="disclosure">
      <summary>Save to collection</summary>
      <form className="inset-panel" aria-label={`Save ${tool.name} to the collection`} onSubmit={save}>
        <TextField label="Name of the saved call" value={name} onChange={setName} />
        <label className="checkbox-field">
          <input type="checkbox" checked={isError} onChange={(event) => setIsError(event.target.checked)} /> Expect an error result (isError)
        </label>
        <TextField label="Text contains" optional value={contains} onChange={setContains} />
        <TextField label="Text matches (regular expression)" optional mono value={matches} onChange={setMatches} />
        <div className="save-call__row">
          <TextField label="JSON path" optional mono placeholder="$.structuredContent.temperature" value={path} onChange={setPath} />
          <TextField label="Equals (JSON)" optional mono placeholder="36" value={equals} onChange={setEquals} />
        </div>
        {tool.outputSchema ? (
          <label className="checkbox-field">
            <input type="checkbox" checked={structuredValid} onChange={(event) => setStructuredValid(event.target.checked)} /> structuredContent valid against the output schema
          </label>
        ) : null}
        <TextField label="Duration under (ms)" optional inputMode="numeric" value={underMs} onChange={setUnderMs} />
        {problem ? (
          <p className="callout callout--warning" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="cluster">
          <button type="submit" className="button button--secondary">
            Save call
          </button>
          {saved ? (
            <span className="muted" role="status">
              {saved}
            </span>
          ) : null}
        </div>
      </form>
    </details>
  );
}

function validRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
