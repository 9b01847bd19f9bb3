import { AppError } from '../errors/app-error.ts';

/**
 * Reads pages of `GET <base>/v0.1/servers`. The public registry is slow at times (reads of 20 s have
 * been reported) and has had outages: each read waits long (60 s by default) and a failed one —
 * a network error, a timeout, 429 or 5xx, a body that is not the list — is tried again after a
 * growing pause. A 4xx other than 429 is the registry refusing the request: not retried.
 */
export interface ClientOptions {
  timeoutMs?: number;
  /** Pauses before each retry; their count is how many retries there are. */
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 3000, 10_000, 30_000];
const PAGE_LIMIT = 100;

export interface RegistryPage {
  servers: unknown[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor: string | null;
  updatedSince: string | null;
}

export function pageUrl(base: string, { cursor, updatedSince }: PageRequest): string {
  const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
  if (cursor !== null) params.set('cursor', cursor);
  if (updatedSince !== null) params.set('updated_since', updatedSince);
  // URLSearchParams encodes the cursor (`name:version` holds / and : and may hold +).
  return `${base.replace(/\/+$/, '')}/v0.1/servers?${params.toString()}`;
}

export async function fetchPage(base: string, request: PageRequest, options: ClientOptions, signal: AbortSignal): Promise<RegistryPage> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const url = pageUrl(base, request);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(url, options, signal);
    } catch (error) {
      const retryable = !(error instanceof AppError) || error.code !== 'registry_request_refused';
      if (signal.aborted || !retryable || attempt >= delays.length) throw wrapped(error, base, attempt + 1);
      await pause(delays[attempt] as number, signal);
    }
  }
}

async function fetchOnce(url: string, options: ClientOptions, outer: AbortSignal): Promise<RegistryPage> {
  const signal = AbortSignal.any([outer, AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)]);
  const response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, signal });
  const body = await response.text();
  if (response.status === 429 || response.status >= 500) throw new Error(`the registry answered ${response.status}`);
  if (!response.ok) {
    throw new AppError(
      'registry_request_refused',
      `The registry refused the request ${url} with ${response.status}${problemDetail(body)}.`,
      'Check the registry URL (a registry that speaks the official API answers GET /v0.1/servers), or try again later.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('the registry’s answer is not JSON');
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (!Array.isArray(record['servers'])) throw new Error('the registry’s answer has no servers list');
  const metadata = typeof record['metadata'] === 'object' && record['metadata'] !== null ? (record['metadata'] as Record<string, unknown>) : {};
  // Older registry builds wrote next_cursor.
  const next = metadata['nextCursor'] ?? metadata['next_cursor'];
  return { servers: record['servers'], nextCursor: typeof next === 'string' && next !== '' ? next : null };
}

function problemDetail(body: string): string {
  try {
    const problem = JSON.parse(body) as { detail?: unknown };
    return typeof problem.detail === 'string' ? `: ${problem.detail.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

function wrapped(error: unknown, base: string, attempts: number): AppError {
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'it did not answer in time' : error.message) : String(error);
  return new AppError(
    'registry_unreachable',
    `The registry at ${base} could not be read (${attempts} ${attempts === 1 ? 'try' : 'tries'}; last: ${reason}).`,
    'The cache still serves what was synced. Sync again later: it goes on from the last page it stored.',
    { cause: error },
  );
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
