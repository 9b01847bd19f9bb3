import type { ErrorBody } from '../errors/app-error.ts';

/** One assertion of a saved call that its result did not meet, said for a person. */
export interface McpAssertionFailure {
  /** The assertion's key in the collection (`textContains`, `jsonPath $.a`, …). */
  assertion: string;
  message: string;
}

/**
 * One saved call's outcome: passed (every assertion met), failed (some not met), or error (the
 * call itself failed: the server did not connect, the tool does not exist, it timed out).
 */
export interface McpCollectionCase {
  name: string;
  server: string;
  tool: string;
  status: 'passed' | 'failed' | 'error';
  durationMs: number | null;
  /** The call in the history, when it was made. */
  callId: string | null;
  failures: McpAssertionFailure[];
  error: ErrorBody | null;
}

export interface McpCollectionReport {
  name: string;
  startedAt: string;
  durationMs: number;
  passed: number;
  failed: number;
  errors: number;
  cases: McpCollectionCase[];
}
