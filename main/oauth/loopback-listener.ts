import { timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors/app-error.ts';
import { hashState } from './pkce.ts';

const LOOPBACK_CALLBACK_PATH = '/callback';

/** What the browser tab shows once the callback is handled. */
export interface CallbackPage {
  ok: boolean;
  title: string;
  message: string;
  hint?: string;
}

export interface LoopbackListener {
  redirectUri: string;
  /** Idempotent. */
  close(): void;
}

const NOT_THIS_SIGN_IN: CallbackPage = {
  ok: false,
  title: 'Not this sign-in',
  message: 'This answer does not belong to the sign-in this console is waiting for, so it was ignored. The console keeps waiting for the real one.',
  hint: 'If you started a sign-in, finish it in the browser tab the console opened.',
};

/**
 * RFC 8252 §7.3: a one-shot redirect receiver on 127.0.0.1 at an ephemeral port (the IP literal,
 * never "localhost", so nothing listens beyond this machine). The first request to /callback that
 * carries the flow's state is the callback: it is handed over, answered with a page the browser
 * tab shows, and the listener closes. Any process on this machine can reach the port, so a
 * callback with another state (or none) is refused with a 400 and the listener keeps waiting;
 * anything else (a favicon, a probe) gets a 404. Neither changes anything.
 */
export async function startLoopbackListener(
  stateHash: string,
  onCallback: (params: URLSearchParams) => Promise<CallbackPage>,
): Promise<LoopbackListener> {
  let handled = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== LOOPBACK_CALLBACK_PATH || handled) {
      sendPage(res, 404, { ok: false, title: 'Not found', message: 'Nothing is served here.' });
      return;
    }
    if (!carriesState(url.searchParams, stateHash)) {
      sendPage(res, 400, NOT_THIS_SIGN_IN);
      return;
    }
    handled = true;
    void respond(res, url.searchParams, onCallback).finally(close);
  });
  const close = () => {
    if (!server.listening) return;
    server.close();
    server.closeIdleConnections();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new AppError(
          'oauth_loopback_unavailable',
          'The console could not open a loopback port on 127.0.0.1 for the OAuth redirect.',
          "Check that this machine's firewall allows listening on 127.0.0.1, or connect through the crewship:// redirect instead.",
          { cause },
        ),
      ),
    );
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${LOOPBACK_CALLBACK_PATH}`, close };
}

/** Compared as hashes, in constant time: the listener never holds the state itself. */
function carriesState(params: URLSearchParams, stateHash: string): boolean {
  const state = params.get('state');
  return state !== null && timingSafeEqual(Buffer.from(hashState(state)), Buffer.from(stateHash));
}

async function respond(
  res: ServerResponse,
  params: URLSearchParams,
  onCallback: (params: URLSearchParams) => Promise<CallbackPage>,
): Promise<void> {
  let page: CallbackPage;
  try {
    page = await onCallback(params);
  } catch {
    page = { ok: false, title: 'Something went wrong', message: 'Crewship Console could not finish the sign-in.', hint: 'Return to the console and try Connect again.' };
  }
  sendPage(res, page.ok ? 200 : 400, page);
}

function sendPage(res: ServerResponse, status: number, page: CallbackPage): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} · Crewship Console</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b2030}h1{font-size:1.4rem}.hint{color:#566070}</style></head>
<body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${page.hint ? `<p class="hint">${escapeHtml(page.hint)}</p>` : ''}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
