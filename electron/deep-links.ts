import { app } from 'electron';
import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME, findDeepLinkInArgv, type DeepLinkRouter } from '../main/deeplink/index.ts';

/** What a second instance hands the first through requestSingleInstanceLock(additionalData). */
export interface SingleInstanceData {
  deepLink?: string;
}

/**
 * Sends every way a crewship:// link reaches the app to the one router: the cold start's own argv
 * (Windows, Linux), a second instance's argv or lock data (Windows, Linux), and macOS open-url.
 * Call synchronously at the top level of the entry module: open-url registered after 'ready' misses
 * the link that launched the app.
 */
export function wireDeepLinks(router: DeepLinkRouter, showWindow: () => void): void {
  router.dispatch(findDeepLinkInArgv(process.argv), 'argv');

  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.dispatch(url, 'open-url');
  });

  app.on('second-instance', (_event, argv, _workingDirectory, additionalData) => {
    showWindow();
    // The second instance found the link in its own argv before Chromium could reorder or extend
    // it; argv is the fallback (it is empty when the second instance runs as another user).
    const fromData = (additionalData as SingleInstanceData | null)?.deepLink;
    router.dispatch(typeof fromData === 'string' ? fromData : findDeepLinkInArgv(argv), 'second-instance');
  });
}

/**
 * Registers crewship:// with the OS. Packaged: the app itself. Dev (`electron out/main/index.js`):
 * the Electron binary plus the entry script, as Electron's deep-link tutorial does (Windows only;
 * macOS and Linux take the handler from the packaged app's Info.plist / .desktop file).
 * CREWSHIP_SKIP_PROTOCOL_CLIENT=1 skips it, so that tests do not rewrite the desktop's handlers.
 */
export function registerProtocolClient(log: (line: string) => void): void {
  if (process.env.CREWSHIP_SKIP_PROTOCOL_CLIENT === '1') return;
  let registered: boolean;
  if (process.defaultApp) {
    const entry = process.argv
      .slice(1)
      .find((arg) => !arg.startsWith('-') && !arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
    if (!entry) return;
    registered = app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(entry)]);
  } else {
    registered = app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  if (!registered) log(`could not register as the handler of ${DEEP_LINK_SCHEME}:// links (packaged Linux builds need the .desktop file)`);
}
