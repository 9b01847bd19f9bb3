import { useState } from 'react';
import { useLegacyMcpView, useUpdatePreferences } from '../../api/preferences.ts';
import { hrefFor } from '../../app/hash-route.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * The operator's switch for the legacy view. When the console's environment already turns it on
 * (CREWSHIP_LEGACY_MCP_INTEGRATIONS), the box shows it on and says why it cannot be turned off here.
 */
export function LegacyViewToggle() {
  const legacy = useLegacyMcpView();
  const update = useUpdatePreferences();
  // React puts a controlled box back at once unless its state changes in the same event, and the
  // query's own update comes a tick later: hold the clicked value until the core has answered.
  const [clicked, setClicked] = useState<boolean | undefined>();
  const change = (on: boolean) => {
    setClicked(on);
    update.mutate({ legacyMcpView: on }, { onSettled: () => setClicked(undefined) });
  };
  return (
    <>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={clicked ?? legacy?.on ?? false}
          disabled={legacy === undefined || legacy.fromEnv}
          onChange={(event) => change(event.target.checked)}
        />
        Open Integrations on the self-hosted MCP servers (the legacy view)
      </label>
      <p className="muted">
        {legacy?.fromEnv ? (
          <>
            On for this console: <code>CREWSHIP_LEGACY_MCP_INTEGRATIONS</code> is set in its environment. Unset it and restart to use this switch.
          </>
        ) : (
          <>
            Instead of the Composio tabs, the Integrations page shows the MCP servers, OAuth credentials and the tool tester. Nothing is removed
            and credentials are unaffected; the <a className="link" href={hrefFor('mcp-servers')}>MCP servers</a> page stays open either way.
          </>
        )}
      </p>
      {update.error ? <ErrorNotice error={update.error} title="The legacy view was not saved" compact /> : null}
    </>
  );
}
