import type { McpProgress } from '../../../../../main/rpc/contract.ts';

/**
 * Determinate when the server said how much there is in total, indeterminate otherwise; the
 * server's own message is read out as it changes.
 */
export function ProgressBar({ label, progress }: { label: string; progress: McpProgress | undefined }) {
  const total = progress?.total ?? undefined;
  const determinate = progress !== undefined && total !== undefined && total > 0;
  const percent = determinate ? Math.min(100, Math.round((progress.progress / total) * 100)) : undefined;
  return (
    <div className="progress">
      <div
        className={determinate ? 'progress__track' : 'progress__track progress__track--indeterminate'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? total : undefined}
        aria-valuenow={determinate ? progress.progress : undefined}
        aria-valuetext={progress?.message ?? (percent !== undefined ? `${percent}%` : undefined)}
      >
        <span className="progress__fill" style={percent !== undefined ? { width: `${percent}%` } : undefined} />
      </div>
      <p className="progress__text" aria-live="polite">
        {progress === undefined
          ? 'Waiting for the server…'
          : [progress.message, determinate ? `${progress.progress} of ${total}` : `step ${progress.progress}`].filter(Boolean).join(' · ')}
      </p>
    </div>
  );
}
