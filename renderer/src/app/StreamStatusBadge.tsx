import { useStreamStatus } from '../api/transport-context.tsx';

const labels = {
  live: { text: 'Live', title: 'Changes from the core show up here as they happen.' },
  connecting: { text: 'Connecting…', title: 'Opening the event stream to the core.' },
  reconnecting: { text: 'Reconnecting…', title: 'The event stream dropped; the console is reconnecting and will refresh what it shows.' },
} as const;

export function StreamStatusBadge() {
  const status = useStreamStatus();
  const label = labels[status];
  return (
    <span className={`stream-status stream-status--${status}`} title={label.title} role="status">
      <span className="stream-status__dot" aria-hidden="true" />
      {label.text}
    </span>
  );
}
