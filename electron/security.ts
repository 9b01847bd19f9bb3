import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './bundle-path.ts';

/**
 * Session-wide rules: no permission is ever granted, and every response of our origin carries the
 * strict CSP (app-protocol.ts sets it too; see there for why both).
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) {
      callback({});
      return;
    }
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}

/**
 * Rules for every web contents the app creates (wired from app 'web-contents-created', so nothing
 * escapes them): no navigation away from what we loaded, no new windows, no <webview>.
 * `loadURL` from the main process is not a 'will-navigate', so the initial load is unaffected.
 */
export function hardenWebContents(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log(`navigation blocked: ${describeTarget(event.url)}`);
  });
  contents.on('will-frame-navigate', (event) => {
    // The main frame's own navigations are already handled by 'will-navigate' above.
    if (event.isMainFrame) return;
    event.preventDefault();
    log(`subframe navigation blocked: ${describeTarget(event.url)}`);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log(`redirect blocked: ${describeTarget(event.url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('<webview> blocked');
  });
  // Links with target=_blank and window.open are all refused. Opening http(s) links in the
  // browser would need an explicit allowlist and shell.openExternal; nothing needs it yet.
  contents.setWindowOpenHandler(({ url }) => {
    log(`new window blocked: ${describeTarget(url)}`);
    return { action: 'deny' };
  });
}

/** Origin only: a blocked URL can carry an OAuth code or a token in its path or query. */
function describeTarget(raw: string): string {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return '<unparsable url>';
  }
}
