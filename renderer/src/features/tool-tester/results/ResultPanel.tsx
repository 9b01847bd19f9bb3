import { useEffect, useRef } from 'react';
import type { McpCallRecord, McpProgress } from '../../../../../main/rpc/contract.ts';
import { RpcError } from '../../../api/rpc-error.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ContentBlock } from './ContentBlock.tsx';
import { callStatusLabel, formatDuration } from './format.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { SignInToCall } from './SignInToCall.tsx';

/** A call refused for want of a sign-in, or of scope (step-up): the panel offers to sign in and run it again. */
const SIGN_IN_ERRORS = new Set(['mcp_auth_required', 'mcp_auth_insufficient_scope']);

/** Where the tester is with the current call. */
export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; toolKey: string; callId: string; tool: string; progress: McpProgress | undefined; cancelling: boolean }
  | { phase: 'done'; toolKey: string; record: McpCallRecord }
  /** The request itself was refused (bad input, server unknown) — no call was recorded. */
  | { phase: 'refused'; toolKey: string; error: unknown };

export function ResultPanel({ run, onOpenResource, onRunAgain }: { run: RunState; onOpenResource?: (uri: string) => void; onRunAgain?: (args: Record<string, unknown>) => void }) {
  const panel = useRef<HTMLElement>(null);
  // The result sits under the form, often below the fold: each new outcome is brought into view.
  const outcome = run.phase === 'done' ? run.record.callId : run.phase === 'refused' ? run.error : undefined;
  useEffect(() => {
    if (outcome !== undefined) panel.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  if (run.phase === 'idle') return null;
  return (
    <section ref={panel} className="inset-panel result-panel" aria-labelledby="result-heading" aria-busy={run.phase === 'running'}>
      <header className="cluster">
        <h3 id="result-heading" className="result-panel__title">
          Result
        </h3>
        {run.phase === 'running' ? (
          <span className="status-pill status-pill--connecting">{run.cancelling ? 'Cancelling…' : 'Running…'}</span>
        ) : run.phase === 'done' ? (
          <>
            <span className={`status-pill status-pill--call-${run.record.status}`}>{callStatusLabel[run.record.status]}</span>
            {run.record.durationMs !== null ? <span className="result-panel__duration">{formatDuration(run.record.durationMs)}</span> : null}
          </>
        ) : (
          <span className="status-pill status-pill--call-failed">Not sent</span>
        )}
      </header>
      {run.phase === 'running' ? <ProgressBar label={`Progress of ${run.tool}`} progress={run.progress} /> : null}
      {run.phase === 'refused' ? <ErrorNotice error={run.error} title="The call was not made" /> : null}
      {run.phase === 'done' ? <CallOutcome record={run.record} onOpenResource={onOpenResource} /> : null}
      {run.phase === 'done' && onRunAgain && run.record.error && SIGN_IN_ERRORS.has(run.record.error.code) ? (
        <SignInToCall key={run.record.callId} record={run.record} onSignedIn={() => onRunAgain(run.record.arguments)} />
      ) : null}
    </section>
  );
}

function CallOutcome({ record, onOpenResource }: { record: McpCallRecord; onOpenResource: ((uri: string) => void) | undefined }) {
  const { result } = record;
  return (
    <div className="result-panel__body">
      {record.error ? <ErrorNotice error={new RpcError(record.error)} title={record.status === 'cancelled' ? 'The call was cancelled' : 'The call failed'} /> : null}
      {result?.isError ? (
        <p className="callout callout--danger" role="alert">
          The tool reported an error (isError). Its content says why.
        </p>
      ) : null}
      {result ? (
        <div className={result.isError ? 'result-panel__content result-panel__content--error' : 'result-panel__content'}>
          {result.content.length === 0 ? <p className="muted">The result has no content blocks.</p> : null}
          {result.content.map((block, index) => (
            <ContentBlock key={index} block={block} onOpenResource={onOpenResource} />
          ))}
        </div>
      ) : null}
      {result?.structuredContent ? (
        <div className="result-panel__structured">
          <div className="cluster">
            <h4 className="result-panel__subtitle">Structured content</h4>
            <OutputVerdict validation={result.outputValidation} />
          </div>
          {result.outputValidation.valid === false ? (
            <ul className="schema-form__errors">
              {result.outputValidation.errors.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          ) : null}
          <pre className="code-block">{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </div>
      ) : null}
    </div>
  );
}

function OutputVerdict({ validation }: { validation: { checked: boolean; valid: boolean | null } }) {
  if (!validation.checked) return <span className="badge badge--muted">No output schema to check against</span>;
  return validation.valid ? (
    <span className="badge badge--success">Matches the output schema</span>
  ) : (
    <span className="badge badge--danger">Does not match the output schema</span>
  );
}
