import { toErrorBody } from '../api/rpc-error.ts';
import { HintText } from './HintText.tsx';

interface ErrorNoticeProps {
  error: unknown;
  /** A short lead-in such as "Could not load crews". */
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
}

/** Every failure shows what happened, what to do about it (the hint), and its stable code. */
export function ErrorNotice({ error, title, onRetry, compact = false }: ErrorNoticeProps) {
  const body = toErrorBody(error);
  return (
    <div className={compact ? 'error-notice error-notice--compact' : 'error-notice'} role="alert">
      <div className="error-notice__text">
        {title ? <p className="error-notice__title">{title}</p> : null}
        <p className="error-notice__message">{body.message}</p>
        <p className="error-notice__hint">
          <HintText text={body.hint} />
        </p>
        <p className="error-notice__code">
          Error code <code>{body.code}</code>
        </p>
      </div>
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
