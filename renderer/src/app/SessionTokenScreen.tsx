import type { AuthState } from '../transport/auth-state.ts';

/** Shown instead of the console when the local host does not accept (or never got) our session token. */
export function SessionTokenScreen({ state }: { state: Exclude<AuthState, 'ok'> }) {
  return (
    <main className="gate" aria-labelledby="gate-title">
      <div className="gate__card">
        <h1 id="gate-title" className="gate__title">
          {state === 'missing' ? 'The session token is missing' : 'The session token is wrong'}
        </h1>
        <p>
          This console talks to a local host that only answers requests carrying its session token.{' '}
          {state === 'missing'
            ? 'This page was opened without one.'
            : 'The host did not accept the token this page has — it may have been restarted since.'}
        </p>
        <p>
          <strong>Open the URL that <code>crewship serve</code> printed</strong> (it looks like{' '}
          <code>http://127.0.0.1:PORT/#token=…</code>). If the host was restarted, use the new URL it printed.
        </p>
        <p className="muted">Error code <code>token_required</code></p>
      </div>
    </main>
  );
}
