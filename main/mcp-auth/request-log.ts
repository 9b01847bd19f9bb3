import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AppError } from '../errors/app-error.ts';
import { nowIso } from '../store/ids.ts';
import { requireSafeUrl } from './auth-checks.ts';
import type { McpAuthRequestRecord, McpAuthStepName } from './types.ts';

/** Parameters and fields that hold a secret, in a query, a form or a JSON answer. */
const SECRET_FIELDS = new Set([
  'code',
  'code_verifier',
  'state',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'registration_access_token',
  'assertion',
  'client_assertion',
]);
const REDACTED = '[redacted]';
const MAX_RECORDS = 60;
const MAX_RECORDED_BODY_CHARS = 64 * 1024;

/**
 * The sign-in's HTTP requests, each checked before it is sent (https, or http on this machine) and
 * recorded for the auth debugger with every secret redacted: what the Inspector's OAuth debugger
 * shows. `step` says which step of the sign-in the next requests belong to.
 */
export class RequestLog {
  readonly records: McpAuthRequestRecord[] = [];
  step: McpAuthStepName = 'discovery';
  private readonly onRecord: () => void;

  constructor(onRecord: () => void) {
    this.onRecord = onRecord;
  }

  /** A fetch for the SDK's auth(): the same requests, checked and recorded. */
  readonly fetch: FetchLike = async (input, init) => {
    const url = String(input);
    const record: McpAuthRequestRecord = {
      at: nowIso(),
      step: this.step,
      method: init?.method ?? 'GET',
      url: redactUrl(url),
      status: null,
      durationMs: null,
      challenge: null,
      requestBody: redactBody(init?.body),
      responseBody: null,
      error: null,
    };
    this.add(record);
    try {
      requireSafeUrl(url, 'address');
    } catch (error) {
      record.error = (error as AppError).message;
      this.onRecord();
      throw error;
    }
    try {
      const sentAt = Date.now();
      const response = await fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(15_000) });
      record.status = response.status;
      record.durationMs = Date.now() - sentAt;
      record.challenge = response.headers.get('www-authenticate')?.slice(0, 1000) ?? null;
      record.responseBody = await readRedacted(response.clone());
      this.onRecord();
      return response;
    } catch (error) {
      record.error = error instanceof Error ? error.name : 'failed';
      this.onRecord();
      throw error;
    }
  };

  private add(record: McpAuthRequestRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.shift();
    this.onRecord();
  }
}

function redactUrl(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return url.slice(0, 200);
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_FIELDS.has(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

function redactBody(body: unknown): unknown {
  if (body === undefined || body === null) return null;
  if (body instanceof URLSearchParams) return redactFields(Object.fromEntries(body));
  if (typeof body !== 'string') return '[body]';
  const json = parseJson(body);
  if (json !== undefined) return redactJson(json);
  return redactFields(Object.fromEntries(new URLSearchParams(body)));
}

async function readRedacted(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    // Not awaited: a cancelled branch of a tee settles only once the other branch (the SDK's) is done too.
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  const text = await response.text();
  if (text.length > MAX_RECORDED_BODY_CHARS) return '[too long to record]';
  const json = parseJson(text);
  return json === undefined ? null : redactJson(json);
}

function redactFields(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, SECRET_FIELDS.has(name) ? REDACTED : value]));
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, SECRET_FIELDS.has(name) ? REDACTED : redactJson(inner)]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
