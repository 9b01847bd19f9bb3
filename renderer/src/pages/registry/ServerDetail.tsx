import { useState } from 'react';
import { useRegistryServer, type RegistryServerDetail } from '../../api/registry.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { InstallForm, type InstallTarget } from './InstallForm.tsx';

type Input = RegistryServerDetail['packages'][number]['environmentVariables'][number];

/** One entry as the registry states it: what it is, what runs it, what it asks for, what was verified, its versions; Install from here. */
export function ServerDetail({ name, onClose }: { name: string | undefined; onClose: () => void }) {
  const [version, setVersion] = useState<string | undefined>(undefined);
  const [installing, setInstalling] = useState<InstallTarget | null>(null);
  const [shownFor, setShownFor] = useState(name);
  if (shownFor !== name) {
    setShownFor(name);
    setVersion(undefined);
    setInstalling(null);
  }
  const server = useRegistryServer(name, version);
  if (name === undefined) {
    return (
      <aside className="panel registry-detail" aria-label="Server details">
        <EmptyState title="Pick a server" next="Choose one in the list to see its packages, remotes, the values it asks for and its versions, and to install it.">
          Nothing is installed until you press Install and fill in what the server needs.
        </EmptyState>
      </aside>
    );
  }
  return (
    <aside className="panel registry-detail" aria-label={`Server ${name}`}>
      <QueryView query={server} what={name}>
        {(entry) => (
          <>
            <header className="registry-detail__header">
              <div>
                <h2 className="panel__title">{entry.title ?? entry.name}</h2>
                <code className="registry-detail__name">{entry.name}</code>
              </div>
              <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label="Close the details">
                Close
              </button>
            </header>
            <p>{entry.description || <em>No description</em>}</p>
            <div className="cluster">
              <span className="badge badge--muted">{entry.version}</span>
              {entry.isLatest ? <span className="badge badge--success">latest</span> : null}
              {entry.status !== 'active' ? <span className="badge badge--warning">{entry.status}</span> : null}
              <span className="badge badge--muted" title={entry.categorySource === 'classifier' ? 'From its words (the registry has no category)' : 'From the publisher'}>
                {entry.category}
              </span>
            </div>
            <section aria-label="Verification" className="registry-detail__section">
              <h3 className="registry-detail__heading">Verification</h3>
              <p className="registry-detail__statement">{entry.verification.statement}</p>
            </section>
            <dl className="facts">
              {entry.repository ? (
                <>
                  <dt>Repository</dt>
                  <dd>
                    <a className="link" href={entry.repository.url} target="_blank" rel="noreferrer noopener">
                      {entry.repository.url}
                    </a>
                  </dd>
                </>
              ) : null}
              {entry.websiteUrl ? (
                <>
                  <dt>Website</dt>
                  <dd>
                    <a className="link" href={entry.websiteUrl} target="_blank" rel="noreferrer noopener">
                      {entry.websiteUrl}
                    </a>
                  </dd>
                </>
              ) : null}
              <dt>Source</dt>
              <dd>{entry.source}</dd>
              {entry.publishedAt ? (
                <>
                  <dt>Published</dt>
                  <dd>
                    <DateTime iso={entry.publishedAt} />
                  </dd>
                </>
              ) : null}
            </dl>
            {installing ? <InstallForm key={`${installing.kind}${installing.index}`} server={entry} target={installing} onDone={() => setInstalling(null)} /> : null}
            {entry.packages.length > 0 ? (
              <section className="registry-detail__section" aria-label="Packages">
                <h3 className="registry-detail__heading">Packages</h3>
                {entry.packages.map((pkg, index) => (
                  <article key={index} className="registry-target">
                    <div className="registry-target__head">
                      <span className="cluster">
                        <span className="badge badge--muted">{pkg.registryType}</span>
                        <code>
                          {pkg.identifier}
                          {pkg.version ? ` ${pkg.version}` : ''}
                        </code>
                        <span className="registry-target__meta">
                          {pkg.transport.type}
                          {pkg.runtimeHint ? ` · runs with ${pkg.runtimeHint}` : ''}
                        </span>
                      </span>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={entry.status === 'deleted'}
                        aria-label={`Install package ${index} (${pkg.registryType} ${pkg.identifier})`}
                        onClick={() => setInstalling({ kind: 'package', index })}
                      >
                        Install
                      </button>
                    </div>
                    <Inputs title="Environment variables" inputs={pkg.environmentVariables} />
                  </article>
                ))}
              </section>
            ) : null}
            {entry.remotes.length > 0 ? (
              <section className="registry-detail__section" aria-label="Remotes">
                <h3 className="registry-detail__heading">Remotes</h3>
                {entry.remotes.map((remote, index) => (
                  <article key={index} className="registry-target">
                    <div className="registry-target__head">
                      <span className="cluster">
                        <span className="badge badge--muted">{remote.type}</span>
                        <code>{remote.url}</code>
                      </span>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={entry.status === 'deleted'}
                        aria-label={`Install remote ${index} (${remote.url})`}
                        onClick={() => setInstalling({ kind: 'remote', index })}
                      >
                        Install
                      </button>
                    </div>
                    <Inputs title="Headers" inputs={remote.headers} />
                  </article>
                ))}
              </section>
            ) : null}
            <section className="registry-detail__section" aria-label="Versions">
              <h3 className="registry-detail__heading">Versions</h3>
              <ul className="plain-list registry-versions">
                {entry.versions.map((v) => (
                  <li key={v.version}>
                    <button type="button" className="link registry-versions__button" aria-current={v.version === entry.version ? 'true' : undefined} onClick={() => setVersion(v.version)}>
                      {v.version}
                    </button>
                    {v.isLatest ? <span className="badge badge--success">latest</span> : null}
                    {v.status !== 'active' ? <span className="badge badge--warning">{v.status}</span> : null}
                    {v.publishedAt ? <DateTime iso={v.publishedAt} /> : null}
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </QueryView>
    </aside>
  );
}

function Inputs({ title, inputs }: { title: string; inputs: readonly Input[] }) {
  if (inputs.length === 0) return null;
  return (
    <table className="registry-inputs" aria-label={title}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">Needs</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((input) => (
          <tr key={input.name}>
            <td>
              <code>{input.name}</code>
            </td>
            <td>
              {input.isRequired ? 'required' : 'optional'}
              {input.isSecret ? ' · secret' : ''}
            </td>
            <td>{input.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
