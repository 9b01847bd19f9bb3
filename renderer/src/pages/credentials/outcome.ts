import type { ConnectionTestResult } from '../../api/credentials.ts';

/** What the last row action (test, refresh, disconnect) came to, shown above the list. */
export type ActionOutcome =
  | { kind: 'test'; label: string; result: ConnectionTestResult }
  | { kind: 'message'; text: string }
  | { kind: 'error'; title: string; error: unknown };
