import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `everyMs` while mounted: countdowns and "expiring in N min"
 * follow the clock. This reads the clock, not the core; data still changes only on events.
 */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
