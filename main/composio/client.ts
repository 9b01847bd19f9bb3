import type { Composio } from '@composio/core';
import { AppError } from '../errors/app-error.ts';

/**
 * The Composio SDK (`@composio/core`), loaded on first use: it is ESM, heavy to import, and most
 * commands never talk to Composio. Every client is built with everything explicit — the key, the
 * base URL, telemetry off, the npm version check off — so nothing comes from `~/.composio` or
 * leaves for anywhere but the base URL.
 */
export type ComposioSdk = Composio;

export const DEFAULT_BASE_URL = 'https://backend.composio.dev';

export interface ComposioClientOptions {
  apiKey: string;
  baseURL: string;
  /** Per request, before the client gives up on it (each retry has its own). */
  timeoutMs?: number;
  /** Retries of a request answered 408/409/429/5xx or lost on the network, with exponential backoff (0.5 s doubling to 8 s, or the Retry-After the API sends). */
  maxRetries?: number;
}

let loading: Promise<typeof import('@composio/core')> | undefined;

function loadComposio(): Promise<typeof import('@composio/core')> {
  // The SDK logs on the console, and at its debug level it prints the project key: errors only,
  // or warnings where the operator asks for them; never more.
  const asked = process.env.COMPOSIO_LOG_LEVEL?.toLowerCase();
  process.env.COMPOSIO_LOG_LEVEL = asked === 'warn' || asked === 'silent' ? asked : 'error';
  loading ??= import('@composio/core');
  return loading;
}

export async function openComposioClient(options: ComposioClientOptions): Promise<ComposioSdk> {
  const { Composio } = await loadComposio();
  const composio = new Composio({ apiKey: options.apiKey, baseURL: options.baseURL, allowTracking: false, disableVersionCheck: true });
  // The SDK builds its HTTP client without these options; its models share that one client, so
  // setting them here applies to every call they make.
  const client = composio.getClient() as unknown as { timeout: number; maxRetries: number };
  client.timeout = options.timeoutMs ?? 20_000;
  client.maxRetries = options.maxRetries ?? 3;
  return composio;
}

interface HttpLikeError {
  status?: unknown;
  error?: unknown;
  cause?: unknown;
}

/** The error and the errors it was caused by (the SDK wraps the HTTP client's errors in its own). */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as HttpLikeError).cause;
  }
  return chain;
}

const nameOf = (error: unknown): string => (error instanceof Error ? error.constructor.name : '');

/** The words of Composio's error body (`{"error":{"message":…}}`), cut short. */
function apiMessage(error: HttpLikeError): string | null {
  const body = error.error as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = body?.error?.message ?? body?.message;
  return typeof message === 'string' && message.trim() ? message.trim().slice(0, 300) : null;
}

export function isAbort(error: unknown): boolean {
  return chainOf(error).some((link) => ['APIUserAbortError', 'ComposioRequestCancelledError', 'AbortError'].includes(nameOf(link)) || (link instanceof Error && link.name === 'AbortError'));
}

/**
 * Every failure of a call to Composio as a coded error with a hint. `notFound` names what a 404
 * means for this call (an account, an auth config, a toolkit). Anything unrecognised is rethrown
 * as it is: the router reports it as an internal fault without its text.
 */
export function composioFailure(error: unknown, baseURL: string, notFound?: () => AppError): AppError {
  if (error instanceof AppError) return error;
  const chain = chainOf(error);
  const names = chain.map(nameOf);
  if (names.includes('APIConnectionTimeoutError')) {
    return new AppError('composio_timeout', `Composio at ${baseURL} did not answer in time, also after retrying.`, 'Try again in a moment; if it keeps timing out, check the network and the base URL (`crewship integration composio key show`).');
  }
  if (names.includes('APIConnectionError')) {
    return new AppError('composio_unreachable', `Composio could not be reached at ${baseURL}.`, 'Check the network or proxy, and the base URL (COMPOSIO_BASE_URL, or `key set --base-url`); cached data stays available.');
  }
  const http = chain.find((link): link is HttpLikeError => typeof (link as HttpLikeError | null)?.status === 'number') as (HttpLikeError & { status: number }) | undefined;
  if (http) {
    const said = apiMessage(http);
    const because = said ? `: ${said}` : '.';
    const { status } = http;
    if (status === 401) return new AppError('composio_key_invalid', `Composio refused the project key (HTTP 401)${because}`, 'Copy the project API key again from the Composio dashboard (Settings → API keys) and set it with `crewship integration composio key set --key ak_…`.');
    if (status === 403) return new AppError('composio_forbidden', `Composio refused the request (HTTP 403)${because}`, 'The key’s project may not do this; check its plan and permissions in the Composio dashboard.');
    if (status === 404) return notFound?.() ?? new AppError('composio_request_refused', `Composio has no such resource (HTTP 404)${because}`, 'Check the id; `crewship integration composio inventory` lists what the project has.');
    if (status === 429) return new AppError('composio_rate_limited', `Composio kept answering “too many requests” (HTTP 429) after the retries${because}`, 'Wait a minute and try again; the free tier allows a limited number of calls.');
    if (status >= 500) return new AppError('composio_server_error', `Composio kept failing (HTTP ${status}) after the retries${because}`, 'Composio has a problem on its side; try again later (status.composio.dev).');
    return new AppError('composio_request_refused', `Composio refused the request (HTTP ${status})${because}`, 'Correct what its message names and try again.');
  }
  if (names.some((name) => name === 'ZodError' || name === 'ValidationError' || name === 'SyntaxError')) {
    return new AppError('composio_bad_response', `Composio at ${baseURL} answered with something the console does not understand.`, 'Check that the base URL points at the Composio API (v3.1); `crewship doctor` shows it.');
  }
  throw error;
}
