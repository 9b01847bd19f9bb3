import type { RegistrySyncStatus } from '../../api/registry.ts';
import { RpcError } from '../../api/rpc-error.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** Where the cache stands: a running sync's progress (pages, servers, rate), or the last one's result and error. */
export function SyncStatus({ status }: { status: RegistrySyncStatus }) {
  const counts = `${status.pages.toLocaleString()} pages · ${status.servers.toLocaleString()} servers${status.skipped > 0 ? ` · ${status.skipped} skipped` : ''} · ${status.ratePerSecond.toLocaleString()}/s`;
  return (
    <section className="registry-sync" aria-label="Registry sync">
      {status.state === 'running' ? (
        <>
          <div className="progress" aria-label="Sync progress">
            <div className="progress__track progress__track--indeterminate" role="progressbar" aria-label="Syncing the registry" aria-valuetext={counts}>
              <span className="progress__fill" />
            </div>
          </div>
          <p className="registry-sync__line" role="status">
            Syncing {status.source}: {counts}
          </p>
        </>
      ) : (
        <p className="registry-sync__line" role="status">
          {status.state === 'never' ? (
            <>Never synced from {status.source}.</>
          ) : (
            <>
              {status.cached.toLocaleString()} servers cached from {status.source}
              {status.finishedAt ? (
                <>
                  {' '}
                  · synced <DateTime iso={status.finishedAt} />
                </>
              ) : null}{' '}
              · last run {counts}
              {status.state === 'interrupted' || status.state === 'failed' ? ' · stopped; Sync now goes on from its last page' : ''}
            </>
          )}
        </p>
      )}
      {status.problems.length > 0 ? (
        <details className="registry-sync__problems">
          <summary>{status.skipped} malformed entries skipped</summary>
          <ul className="plain-list">
            {status.problems.map((problem, i) => (
              <li key={i}>
                Page {problem.page}, {problem.name ?? 'an entry without a name'}: {problem.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {status.error && status.state !== 'running' ? <ErrorNotice error={new RpcError(status.error)} title="The last sync stopped" compact /> : null}
    </section>
  );
}
