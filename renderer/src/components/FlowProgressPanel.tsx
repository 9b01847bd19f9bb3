import { useId, type ReactNode } from 'react';

/** A step of a flow, as the chip list shows it. */
export interface FlowStep {
  key: string;
  label: string;
  state: 'done' | 'active' | 'todo' | 'failed';
}

interface FlowProgressPanelProps {
  title: ReactNode;
  steps: FlowStep[];
  /** The steps list's accessible name, where the page has more than one list. */
  stepsLabel?: string | undefined;
  /** Ended (done or failed): Dismiss is offered. */
  finished: boolean;
  onDismiss: () => void;
  /** While the flow can still be cancelled; absent, no Cancel is shown. */
  onCancel?: (() => void) | undefined;
  cancelling?: boolean;
  /** Between the steps and the status: what each step found. */
  details?: ReactNode;
  /** What the flow waits for or how it ended, announced as it changes. */
  status: ReactNode;
  /** Below the status: errors of the panel's own actions, a debugger. */
  children?: ReactNode;
}

/**
 * A flow that runs in a browser and comes back (an OAuth Connect, an MCP server's sign-in), as it
 * happens: its title with Dismiss once it ended or Cancel while it waits, its steps as chips (done,
 * the current one, to do, failed), and its status.
 */
export function FlowProgressPanel({ title, steps, stepsLabel, finished, onDismiss, onCancel, cancelling = false, details, status, children }: FlowProgressPanelProps) {
  const headingId = useId();
  return (
    <section className="panel connect-progress" aria-labelledby={headingId}>
      <div className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        {finished ? (
          <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
            Dismiss
          </button>
        ) : onCancel ? (
          <button type="button" className="button button--ghost button--small" disabled={cancelling} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <ol className="chip-list connect-steps" aria-label={stepsLabel}>
        {steps.map((step) => (
          <li key={step.key} className={`connect-steps__step connect-steps__step--${step.state}`} aria-current={step.state === 'active' ? 'step' : undefined}>
            {step.label}
          </li>
        ))}
      </ol>
      {details}
      <div role="status" aria-live="polite" className="connect-progress__status">
        {status}
      </div>
      {children}
    </section>
  );
}
