import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import type { ActionOutcome } from './outcome.ts';

const checkNames: Record<string, string> = { tokens: 'Tokens', client: 'Client', expiry: 'Expiry', token: 'Token', scopes: 'Scopes' };

export function ActionOutcomePanel({ outcome, onDismiss }: { outcome: ActionOutcome; onDismiss: () => void }) {
  return (
    <section className="panel action-outcome" aria-label="Result" role="status" aria-live="polite">
      <div className="action-outcome__body">
        {outcome.kind === 'error' ? (
          <ErrorNotice error={outcome.error} title={outcome.title} />
        ) : outcome.kind === 'message' ? (
          <p>{outcome.text}</p>
        ) : (
          <TestResultView label={outcome.label} result={outcome.result} />
        )}
      </div>
      <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}

function TestResultView({ label, result }: { label: string; result: Extract<ActionOutcome, { kind: 'test' }>['result'] }) {
  return (
    <div className="test-result">
      <p className={result.ok ? 'test-result__verdict test-result__verdict--ok' : 'test-result__verdict test-result__verdict--fail'}>
        {result.ok ? 'Test passed' : 'Test failed'}: {label} <span className="muted">(<DateTime iso={result.at} />)</span>
      </p>
      <p className="test-result__message">{result.message}</p>
      {result.ok ? null : <p className="muted">{result.hint}</p>}
      <ul className="plain-list test-result__checks" aria-label="Checks">
        {result.checks.map((check) => (
          <li key={check.name} className={`test-result__check test-result__check--${check.ok === null ? 'skipped' : check.ok ? 'ok' : 'fail'}`}>
            <span className="test-result__mark" aria-hidden="true">
              {check.ok === null ? '–' : check.ok ? '✓' : '✕'}
            </span>
            <span className="test-result__name">{checkNames[check.name] ?? check.name}</span>
            <span className="muted">{check.ok === null ? `not run: ${check.detail}` : check.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
