/** Enough to read back through a burst, small enough that a chatty server cannot slow the page. */
export const MAX_LOG_LINES = 1000;

/** Lines (or protocol messages) in seq order, each once, the oldest dropped beyond the bound. */
export function appendLines<Line extends { seq: number }>(current: readonly Line[], incoming: readonly Line[], max = MAX_LOG_LINES): Line[] {
  const lastSeq = current.at(-1)?.seq ?? -1;
  const fresh = incoming.filter((line) => line.seq > lastSeq);
  const merged = fresh.length === 0 ? [...current] : [...current, ...fresh];
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}
