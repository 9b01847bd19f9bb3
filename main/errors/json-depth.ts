import { AppError } from './app-error.ts';
import { MAX_JSON_DEPTH } from './json-text.ts';

/** Whether a parsed JSON value nests deeper than `limit` (`{}` and `[]` are one level, `{"a":[]}` two). */
export function exceedsJsonDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  // Iterative, with its own stack: a recursive walk would overflow on the very input it guards against.
  const containers: object[] = [];
  const levels: number[] = [];
  if (value !== null && typeof value === 'object') {
    containers.push(value);
    levels.push(1);
  }
  for (let container = containers.pop(); container !== undefined; container = containers.pop()) {
    const level = levels.pop() ?? 0;
    if (level > limit) return true;
    for (const child of Array.isArray(container) ? (container as unknown[]) : Object.values(container)) {
      if (child === null || typeof child !== 'object') continue;
      containers.push(child);
      levels.push(level + 1);
    }
  }
  return false;
}

/** Throws `json_too_deep` (bad input) when `value` nests deeper than the limit; `what` names it for the message. */
export function requireJsonDepth(value: unknown, what: string, hint = 'Send flatter JSON: real tool arguments nest a few levels (deeper data can travel as a string).'): void {
  if (!exceedsJsonDepth(value)) return;
  throw new AppError('json_too_deep', `${what} nests deeper than ${MAX_JSON_DEPTH} levels, which the console does not accept.`, hint);
}
