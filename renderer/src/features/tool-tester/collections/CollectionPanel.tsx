import { useState } from 'react';
import type { McpCollectionCase, McpCollectionReport } from '../../../../../main/rpc/contract.ts';
import { useCurrentWorkspaceId } from '../../../api/current-workspace.tsx';
import { useMethodMutation } from '../../../api/method-hooks.ts';
import { downloadFile } from '../../../components/download.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { describeExpectations, useCollectionDraft, type Collection } from './collection-draft.ts';

/**
 * The collection being built: its saved calls, a run of them all with each call's verdict, and
 * the file to download (for `crewship mcp test` in a server's CI) or to open again.
 */
export function CollectionPanel() {
  const workspace = useCurrentWorkspaceId();
  const [collection, setCollection] = useCollectionDraft(workspace);
  const runCollection = useMethodMutation('mcp.collections.run', 'mcp.callFinished');
  const [openProblem, setOpenProblem] = useState<string | undefined>(undefined);

  function open(file: File | undefined): void {
    void file?.text().then((text) => {
      try {
        const parsed = JSON.parse(text) as Collection;
        if (!parsed || !Array.isArray(parsed.calls)) throw new Error('no "calls" list');
        setOpenProblem(undefined);
        setCollection(parsed);
        runCollection.reset();
      } catch (error) {
        setOpenProblem(`${file.name} is not a collection file: ${error instanceof Error ? error.message : String(error)}.`);
      }
    });
  }

  const fileName = `${collection.name.trim().replace(/[^A-Za-z0-9._-]+/g, '-') || 'collection'}.json`;
  return (
    <section className="collection-panel" aria-label="Test collection">
      <div className="collection-panel__toolbar">
        <TextField label="Collection name" variant="inline" compact value={collection.name} onChange={(name) => setCollection({ ...collection, name })} />
        <button type="button" className="button button--primary" disabled={collection.calls.length === 0 || runCollection.isPending} onClick={() => runCollection.mutate({ collection })}>
          {runCollection.isPending ? 'Running…' : 'Run collection'}
        </button>
        <button type="button" className="button button--secondary" disabled={collection.calls.length === 0} onClick={() => downloadFile(fileName, `${JSON.stringify(collection, null, 2)}\n`, 'application/json')}>
          Download {fileName}
        </button>
        <label className="button button--ghost collection-panel__open">
          Open a collection file
          <input type="file" accept=".json,application/json" className="visually-hidden" onChange={(event) => open(event.target.files?.[0])} />
        </label>
      </div>
      {openProblem ? (
        <p className="callout callout--warning" role="alert">
          {openProblem}
        </p>
      ) : null}
      {collection.calls.length === 0 ? (
        <p className="muted">No saved calls yet. Pick a tool, fill its arguments, and use “Save to collection” under it.</p>
      ) : (
        <ol className="stack-list" aria-label="Saved calls">
          {collection.calls.map((call, index) => (
            <li key={call.name} className="collection-panel__call">
              <div>
                <strong>{call.name}</strong> <code>{call.tool}</code> <span className="muted">on {call.server}</span>
                <div className="muted collection-panel__expect">{describeExpectations(call.expect)}</div>
              </div>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={`Remove ${call.name}`}
                onClick={() => setCollection({ ...collection, calls: collection.calls.filter((_, other) => other !== index) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <p className="muted">
        In CI: <code>crewship mcp test {fileName} --junit report.xml</code> exits 1 when a call fails. Add <code>"servers"</code> (name → stdio or URL config) to the file to run it where no console is set up.
      </p>
      {runCollection.isError ? <ErrorNotice error={runCollection.error} title="The collection could not run" compact /> : null}
      {runCollection.data ? <RunReport report={runCollection.data} /> : null}
    </section>
  );
}

function RunReport({ report }: { report: McpCollectionReport }) {
  const ok = report.failed + report.errors === 0;
  return (
    <section className="collection-report" aria-label="Collection run">
      <p className={ok ? 'callout callout--success' : 'callout callout--warning'} role="status">
        {report.name}: {report.passed} passed, {report.failed} failed, {report.errors} errors, in {Math.round(report.durationMs)} ms
      </p>
      <ol className="stack-list" aria-label="Results of the saved calls">
        {report.cases.map((one) => (
          <CaseRow key={one.name} one={one} />
        ))}
      </ol>
    </section>
  );
}

const STATUS_LABEL = { passed: 'Passed', failed: 'Failed', error: 'Error' } as const;

function CaseRow({ one }: { one: McpCollectionCase }) {
  return (
    <li className={`collection-report__case collection-report__case--${one.status}`}>
      <span className={`badge badge--${one.status === 'passed' ? 'success' : one.status === 'failed' ? 'warning' : 'danger'}`}>{STATUS_LABEL[one.status]}</span> <strong>{one.name}</strong>{' '}
      <span className="muted">{one.durationMs === null ? '' : `${Math.round(one.durationMs)} ms`}</span>
      {one.failures.length > 0 ? (
        <ul className="compact-list collection-report__failures">
          {one.failures.map((failure) => (
            <li key={failure.assertion}>
              <code>{failure.assertion}</code>: {failure.message}
            </li>
          ))}
        </ul>
      ) : null}
      {one.error ? (
        <p className="collection-report__error">
          {one.error.message} <span className="muted">({one.error.code})</span>
        </p>
      ) : null}
    </li>
  );
}
