import type { ClientAuthMethod } from '../credentials/provider-catalog.ts';
import { AppError } from '../errors/app-error.ts';

/** What the console knows of one answer from a provider; the body is kept only to be parsed. */
export interface ProviderResponse {
  status: number;
  contentType: string;
  headers: Headers;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export interface ProviderRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  form?: URLSearchParams;
  /** Names the request in errors: "the token exchange", "the connection test"… */
  what: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * One HTTP request to an OAuth provider, bounded by a timeout that names the provider. Only the
 * transport can fail here (timeout, unreachable); what the answer means is for the caller.
 * Errors never quote the request: its form may hold a code, a verifier or a token.
 */
export async function callProvider(providerName: string, request: ProviderRequest, timeoutMs: number): Promise<ProviderResponse> {
  const host = URL.parse(request.url)?.host ?? 'the provider';
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? (request.form ? 'POST' : 'GET'),
      headers: { accept: 'application/json', ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers },
      body: request.form?.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw transportError(providerName, host, request.what, timeoutMs, cause);
  }
  let text: string;
  try {
    text = await readBounded(response);
  } catch (cause) {
    throw transportError(providerName, host, request.what, timeoutMs, cause);
  }
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, headers: response.headers, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBounded(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new Error('body too large');
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new Error('body too large');
  return text;
}

function transportError(providerName: string, host: string, what: string, timeoutMs: number, cause: unknown): AppError {
  if (isTimeout(cause)) {
    return new AppError(
      'oauth_provider_timeout',
      `${providerName} did not answer ${what} within ${formatSeconds(timeoutMs)} (${host}).`,
      `Check this machine's network and ${providerName}'s status, then try again.`,
    );
  }
  const code = causeCode(cause);
  return new AppError(
    'oauth_provider_unreachable',
    `${providerName} could not be reached for ${what} (${host}${code ? `: ${code}` : ''}).`,
    `Check this machine's network, proxy and firewall, and that ${host} is the right address, then try again.`,
  );
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
}

/** The system's error code (ECONNREFUSED, ENOTFOUND…), never the message, which may quote the URL. */
function causeCode(cause: unknown): string | undefined {
  const inner = cause instanceof Error ? (cause.cause as { code?: unknown } | undefined) : undefined;
  return typeof inner?.code === 'string' && /^E[A-Z]+$/.test(inner.code) ? inner.code : undefined;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** RFC 6749 §2.3.1: how a client proves who it is at the token, revocation and introspection endpoints. */
export function clientAuthentication(
  method: ClientAuthMethod,
  clientId: string,
  clientSecret: string | null,
): { headers: Record<string, string>; form: Record<string, string> } {
  if (clientSecret === null) return { headers: {}, form: { client_id: clientId } };
  if (method === 'client_secret_basic') {
    const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
    return { headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` }, form: {} };
  }
  return { headers: {}, form: { client_id: clientId, client_secret: clientSecret } };
}
