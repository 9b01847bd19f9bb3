import { useEffect, useState } from 'react';
import type { ComposioAccount } from '../../../api/composio.ts';

/**
 * An app's logo. Composio's own are https addresses, which the console's CSP (img-src 'self' data:)
 * does not load: those, and a missing logo, show the app's initial instead.
 */
export function AppLogo({ logo, name, size = 'regular' }: { logo: string; name: string; size?: 'regular' | 'large' }) {
  const className = `app-logo app-logo--${size}`;
  if (logo.startsWith('data:image/')) return <img className={className} src={logo} alt="" aria-hidden="true" />;
  return (
    <span className={`${className} app-logo--initial`} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

const pillTone: Record<ComposioAccount['status'], string> = {
  ACTIVE: 'ok',
  INITIATED: 'connecting',
  INITIALIZING: 'connecting',
  EXPIRED: 'warning',
  FAILED: 'danger',
  INACTIVE: 'inactive',
  REVOKED: 'inactive',
};

export function AccountStatusPill({ status }: { status: ComposioAccount['status'] }) {
  return <span className={`status-pill status-pill--${pillTone[status]}`}>{status}</span>;
}

/** "3 minutes ago", for the catalog's age. */
export function ageText(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/** "9:41" left. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The current time, ticking while mounted (a connect's countdown); data still changes only on events. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
