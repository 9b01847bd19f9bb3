import type { McpLogLine } from '../../../../main/rpc/contract.ts';

/** Enough to read back through a burst, small enough that a chatty server cannot slow the page. */
export const MAX_LOG_LINES = 1000;

/** Lines in seq order, each once, the oldest dropped beyond the bound. */
export function appendLines(current: readonly McpLogLine[], incoming: readonly McpLogLine[]): McpLogLine[] {
  const lastSeq = current.at(-1)?.seq ?? -1;
  const fresh = incoming.filter((line) => line.seq > lastSeq);
  const merged = fresh.length === 0 ? [...current] : [...current, ...fresh];
  return merged.length > MAX_LOG_LINES ? merged.slice(merged.length - MAX_LOG_LINES) : merged;
}
