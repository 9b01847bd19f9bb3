import type { McpAuthFlow, McpAuthRequestRecord } from '../../../../main/rpc/contract.ts';

const stepNames: Record<McpAuthRequestRecord['step'], string> = { discovery: 'Discovery', registration: 'Registration', consent: 'Consent', token: 'Token' };

/**
 * The auth debugger: every request the sign-in made, in order, grouped by step — the challenge
 * that started discovery (WWW-Authenticate), each metadata document tried (the ones that were
 * not there too), the registration, the authorization page's parameters and the token request
 * — each with its status, time, and what was sent and answered, secrets redacted by the core.
 */
export function AuthDebugger({ flow }: { flow: McpAuthFlow }) {
  const authorize = flow.authorizeUrl ? URL.parse(flow.authorizeUrl) : null;
  return (
    <details className="auth-debugger" open>
      <summary>
        Auth debugger <span className="muted">({flow.requests.length} requests)</span>
      </summary>
      <dl className="auth-debugger__facts">
        <dt>Server</dt>
        <dd>
          <code>{flow.serverOrigin}</code>
        </dd>
        <dt>Authorization server</dt>
        <dd>{flow.authorizationOrigin ? <code>{flow.authorizationOrigin}</code> : 'not found yet'}</dd>
        <dt>Scopes asked</dt>
        <dd>{flow.scopes.length > 0 ? <code>{flow.scopes.join(' ')}</code> : 'none yet'}</dd>
        {authorize ? (
          <>
            <dt>Authorization request</dt>
            <dd>
              <JsonBlock label="Authorization request parameters" value={Object.fromEntries([...authorize.searchParams].map(([name, value]) => [name, name === 'state' ? '[redacted]' : value]))} />
            </dd>
          </>
        ) : null}
      </dl>
      <ol className="auth-debugger__requests" aria-label="Requests of the sign-in">
        {flow.requests.map((request, index) => (
          <li key={`${request.at}-${index}`}>
            <RequestEntry request={request} />
          </li>
        ))}
      </ol>
    </details>
  );
}

function RequestEntry({ request }: { request: McpAuthRequestRecord }) {
  const failed = request.error !== null || (request.status !== null && request.status >= 400 && request.status !== 401);
  return (
    <details className="auth-debugger__request">
      <summary>
        <span className="badge badge--muted">{stepNames[request.step]}</span> <code>{request.method}</code> <code className="auth-debugger__url">{request.url}</code>{' '}
        <span className={`badge ${failed ? 'badge--danger' : request.status === 401 ? 'badge--warning' : 'badge--success'}`}>{request.status ?? request.error ?? '…'}</span>
        {request.durationMs !== null ? <span className="muted"> {request.durationMs} ms</span> : null}
      </summary>
      {request.challenge ? (
        <p>
          WWW-Authenticate: <code>{request.challenge}</code>
        </p>
      ) : null}
      {request.error ? <p className="callout callout--danger">{request.error}</p> : null}
      {request.requestBody !== null ? <JsonBlock label="Sent" value={request.requestBody} /> : null}
      {request.responseBody !== null ? <JsonBlock label="Answered" value={request.responseBody} /> : null}
    </details>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <figure className="auth-debugger__json">
      <figcaption>{label}</figcaption>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}
