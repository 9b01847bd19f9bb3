import { useEffect, useState } from 'react';
import { useExportMcpConfig } from '../../api/mcp.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { ScopeSelect, type ScopeChoice } from './ScopeSelect.tsx';

/** A scope as `.mcp.json`, with placeholders where secrets go: to copy, or to save as a file. */
export function ExportPanel({ onDone }: { onDone: () => void }) {
  const exportConfig = useExportMcpConfig();
  const [scope, setScope] = useState<ScopeChoice>({ kind: 'workspace' });
  const { mutate } = exportConfig;

  useEffect(() => {
    mutate({ scope, merged: true });
  }, [scope, mutate]);

  const json = exportConfig.data?.json;
  return (
    <section className="panel import-panel" aria-labelledby="export-heading">
      <h2 id="export-heading" className="panel__title">
        Export .mcp.json
      </h2>
      <div className="server-form__grid server-form__grid--end">
        <ScopeSelect label="Scope" value={scope} onChange={setScope} />
        <p className="muted server-form__note">For a crew or an agent, the file holds what resolves for it: its own servers over its crew's over the workspace's.</p>
      </div>
      {exportConfig.isPending ? <LoadingState label="Exporting…" /> : null}
      {exportConfig.isError ? <ErrorNotice error={exportConfig.error} title="Could not export" /> : null}
      {json !== undefined ? (
        <CopyField key={json} label=".mcp.json" value={json} multiline />
      ) : null}
      <div className="server-form__actions">
        <button type="button" className="button button--secondary" onClick={onDone}>
          Close
        </button>
        {json !== undefined ? (
          <a className="button button--primary" href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`} download=".mcp.json">
            Save as file
          </a>
        ) : null}
      </div>
    </section>
  );
}
