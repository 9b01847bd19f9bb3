/**
 * The Electron shell: lifecycle, the window, the IPC door, deep links and the safeStorage key
 * provider. No business logic lives here: everything the window can do goes through core.router.
 *
 * Order matters. Everything up to the end of this module's top level runs before 'ready'
 * (ESM: no top-level await and no dynamic import before it, or 'ready' may fire first).
 */
import { BrowserWindow, app, dialog, session, shell, type WebContents } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAgentsEndpoint } from '../main/app/agents-endpoint.ts';
import { createCore, type Core } from '../main/app/core.ts';
import { DeepLinkRouter, findDeepLinkInArgv } from '../main/deeplink/index.ts';
import { AppError } from '../main/errors/app-error.ts';
import { registerOAuthDeepLinks } from '../main/oauth/deep-link-callbacks.ts';
import { ensureDataDir } from '../main/store/data-dir.ts';
import { registerAppSchemePrivileges, serveRendererBundle } from './app-protocol.ts';
import { APP_ENTRY_URL } from './bundle-path.ts';
import { registerProtocolClient, wireDeepLinks, type SingleInstanceData } from './deep-links.ts';
import { pickFolder } from './folder-dialog.ts';
import { forwardEvents, registerInvokeHandler } from './ipc.ts';
import { openShellPreferences } from './preferences.ts';
import { checkSafeStorage, SafeStorageKeyProvider } from './safe-storage-key-provider.ts';
import { hardenSession, hardenWebContents } from './security.ts';

const WINDOW_TITLE = 'Crewship Console';
const outDir = fileURLToPath(new URL('..', import.meta.url)); // out/ (this file is out/main/index.js)
const rendererDir = join(outDir, 'renderer');
const preloadPath = join(outDir, 'preload', 'index.cjs');

function log(line: string): void {
  process.stderr.write(`crewship: ${line}\n`);
}

// CREWSHIP_HOME relocates everything the app writes: the database and preferences, and also
// Chromium's profile (userData), so a second, separately homed instance (the end-to-end test, a
// scratch run) neither touches the operator's profile nor collides with its single-instance lock.
const crewshipHome = process.env.CREWSHIP_HOME ? resolve(process.env.CREWSHIP_HOME) : undefined;
if (crewshipHome) app.setPath('userData', join(crewshipHome, 'electron'));
const dataDir = crewshipHome ?? app.getPath('userData');

app.enableSandbox();
registerAppSchemePrivileges();

const deepLinks = new DeepLinkRouter({ log: (_level, line) => log(line) });
const lockData: SingleInstanceData = { deepLink: findDeepLinkInArgv(process.argv) };

if (!app.requestSingleInstanceLock({ ...lockData })) {
  // Another instance owns the data directory; it has been handed our deep link (if any).
  app.quit();
} else {
  startFirstInstance();
}

function startFirstInstance(): void {
  let core: Core | undefined;
  let mainWindow: BrowserWindow | undefined;
  let agentsEndpoint: Promise<{ close(): Promise<void> } | null> | undefined;
  const ourWebContents = new Set<WebContents>();

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  wireDeepLinks(deepLinks, () => showWindow());
  registerProtocolClient(log);

  function showWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) {
      if (core && app.isReady()) mainWindow = createWindow(core);
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  function createWindow(activeCore: Core): BrowserWindow {
    const window = new BrowserWindow({
      title: WINDOW_TITLE,
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      show: false,
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    const contents = window.webContents;
    ourWebContents.add(contents);
    // The title is the app's, whatever <title> the renderer sets.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.show());
    window.once('closed', () => ourWebContents.delete(contents));
    forwardEvents(activeCore, window);
    void window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      log(`the window could not load the renderer: ${error instanceof Error ? error.message : String(error)}`);
    });
    return window;
  }

  function fail(title: string, message: string): void {
    dialog.showErrorBox(title, message);
    app.exit(1);
  }

  app.whenReady().then(
    () => {
      try {
        ensureDataDir(dataDir);
        const preferences = openShellPreferences(dataDir);
        const safeStorage = checkSafeStorage(preferences);
        if (!safeStorage.ok) {
          fail(safeStorage.title, safeStorage.message);
          return;
        }
        core = createCore({
          dataDir,
          keyProvider: new SafeStorageKeyProvider(),
          preferencesStore: preferences,
          // OAuth sign-in happens in the system browser (RFC 8252 §8.12), never in a window of ours.
          openExternal: openInBrowser,
          pickDirectory: pickFolder,
          oauth: { refreshInBackground: true },
          // The CLI beside the app changes the same store: its changes reach the gateway and the window.
          followOtherProcesses: true,
          // The window switches workspace at run time; agents' servers in every workspace keep running.
          everyWorkspace: true,
          // Servers may ask the operator for input; the window answers.
          mcp: { elicitations: true, sampling: true },
        });
      } catch (error) {
        const message = error instanceof AppError ? `${error.message}\n\n${error.hint}` : `Crewship Console could not open its data in ${dataDir}.`;
        if (!(error instanceof AppError)) log(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        fail('Crewship Console could not start', message);
        return;
      }

      hardenSession(session.defaultSession);
      serveRendererBundle(rendererDir);
      registerInvokeHandler(core, (contents) => ourWebContents.has(contents));
      mainWindow = createWindow(core);
      // The app is the agents' MCP gateway: connect every enabled server of every workspace at start (each in the background).
      void core.connectAll();
      // Each agent's own MCP endpoint (127.0.0.1, a port its .mcp.json keeps).
      agentsEndpoint = serveAgentsEndpoint(core, log);
      // crewship://oauth/callback ends in the same handler as the loopback listener.
      const started = core;
      registerOAuthDeepLinks(deepLinks, (params) => started.oauthForCallback(params), log);
      // Links that arrived while starting (cold-start argv, an early open-url) are handled now.
      deepLinks.start();
    },
    (error: unknown) => log(`app failed to become ready: ${String(error)}`),
  );

  app.on('activate', () => showWindow());

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    const closing = core;
    if (!closing) return;
    core = undefined;
    // A token refresh under way stores what it received before the store closes; then quit for real.
    event.preventDefault();
    const endpoint = agentsEndpoint;
    agentsEndpoint = undefined;
    void Promise.resolve(endpoint)
      .then((listener) => listener?.close())
      .catch(() => undefined)
      .then(() => closing.close())
      .finally(() => app.quit());
  });
}

/** Only web addresses go to the system browser: the provider catalog and custom endpoints are http(s). */
async function openInBrowser(url: string): Promise<void> {
  const protocol = URL.parse(url)?.protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error('not a web address');
  await shell.openExternal(url);
}
