import type { Envelope, ErrorBody } from '../../../main/rpc/contract.ts';
import type { AppEvent } from '../../../main/rpc/events.ts';
import { createAuthStateStore } from './auth-state.ts';
import { openEventStream } from './event-stream.ts';
import type { StreamStatus, Transport } from './transport.ts';

/**
 * In a browser, the page talks to the local host that served it: `POST /rpc/<method>` for calls and
 * one `GET /events` Server-Sent Events stream for events, both with the session token as a bearer.
 */
export function createHttpTransport(baseUrl: string, token: string | undefined): Transport {
  const auth = createAuthStateStore(token ? 'ok' : 'missing');
  const eventListeners = new Set<(event: AppEvent) => void>();
  const statusListeners = new Set<(status: StreamStatus) => void>();
  let status: StreamStatus = 'connecting';
  let closeStream: (() => void) | undefined;

  function setStatus(next: StreamStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function startStreamIfNeeded(): void {
    if (closeStream || !token || eventListeners.size === 0) return;
    closeStream = openEventStream({
      url: `${baseUrl}/events`,
      token,
      onEvent: (event) => {
        for (const listener of [...eventListeners]) listener(event);
      },
      onStatus: setStatus,
      onUnauthorized: () => auth.set('rejected'),
    });
  }

  function stopStreamIfUnused(): void {
    if (eventListeners.size > 0 || !closeStream) return;
    closeStream();
    closeStream = undefined;
    setStatus('connecting');
  }

  return {
    kind: 'http',
    auth,
    async invoke(method, input, workspace) {
      if (!token) {
        auth.set('missing');
        return failure(tokenMissing);
      }
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            // The host answers in the workspace this names; the event stream carries every workspace's events, each marked with its own.
            ...(workspace ? { 'X-Crewship-Workspace': workspace } : {}),
          },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch {
        return failure(hostUnreachable);
      }
      if (response.status === 401) auth.set('rejected');
      return readEnvelope(response);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      startStreamIfNeeded();
      return () => {
        eventListeners.delete(listener);
        stopStreamIfUnused();
      };
    },
    streamStatus: () => status,
    onStreamStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}

async function readEnvelope<T>(response: Response): Promise<Envelope<T>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failure({
      code: 'bad_response',
      message: `The local host answered with something that is not JSON (HTTP ${response.status}).`,
      hint: 'Make sure the address is the one `crewship serve` printed, and that the host is up to date.',
    });
  }
  if (isEnvelope(body)) return body as Envelope<T>;
  return failure({
    code: 'bad_response',
    message: `The local host answered in an unexpected shape (HTTP ${response.status}).`,
    hint: 'The console and the host may be different versions; rebuild and restart `crewship serve`.',
  });
}

function isEnvelope(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false;
  return typeof (candidate.error as { code?: unknown }).code === 'string';
}

function failure<T>(error: ErrorBody): Envelope<T> {
  return { ok: false, error };
}

const tokenMissing: ErrorBody = {
  code: 'token_required',
  message: 'The session token is missing.',
  hint: 'Open the URL that `crewship serve` printed; it carries the token.',
};

const hostUnreachable: ErrorBody = {
  code: 'host_unreachable',
  message: 'The local host did not answer.',
  hint: 'Check that `crewship serve` (or the desktop app) is still running, then try again.',
};
