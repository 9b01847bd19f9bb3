import { useState, type FormEvent } from 'react';
import { usePreferences, useUpdatePreferences } from '../../api/preferences.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * The port of the agents' MCP endpoint. Agents keep it in their .mcp.json, so it changes only when
 * the operator says so, and takes effect when the console starts next (a running listener keeps its
 * port; the environment's CREWSHIP_AGENTS_PORT and serve's --agents-port win over this setting).
 */
export function AgentsPortField() {
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const saved = preferences.data?.agentsPort;
  const [draft, setDraft] = useState<string | undefined>();
  const value = draft ?? (saved === undefined ? '' : String(saved));
  const port = Number(value);
  const valid = Number.isInteger(port) && port >= 1 && port <= 65535;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) update.mutate({ agentsPort: port }, { onSuccess: () => setDraft(undefined) });
  };
  return (
    <form className="cluster" onSubmit={submit} aria-label="The agents' MCP endpoint port">
      <label>
        Port{' '}
        <input
          className="input input--compact input--mono"
          inputMode="numeric"
          value={value}
          aria-invalid={!valid}
          aria-describedby="agents-port-help"
          onChange={(event) => setDraft(event.target.value.trim())}
        />
      </label>
      <button type="submit" className="button button--secondary button--small" disabled={!valid || port === saved || update.isPending}>
        Save port
      </button>
      <p id="agents-port-help" className="muted">
        {valid ? (
          <>
            Agents reach their endpoint at <code>http://127.0.0.1:{port}/agents/&lt;agent&gt;/mcp</code>. A new port takes effect when the console
            starts next, and every agent's <code>.mcp.json</code> must name it: copy them again from the Agents page.{' '}
            <code>CREWSHIP_AGENTS_PORT</code> and <code>crewship serve --agents-port</code> win over this setting.
          </>
        ) : (
          <>Use a whole number from 1 to 65535.</>
        )}
      </p>
      {update.error ? <ErrorNotice error={update.error} title="The port was not saved" compact /> : null}
    </form>
  );
}
