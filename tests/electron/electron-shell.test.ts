/**
 * The Electron shell's security-critical logic, under plain Node: the Electron binary cannot run
 * here, so 'electron' is a test double typed against Electron's own API (see the fixture). Everything
 * behind the shell is real: the core, its SQLite file, the router, the files the protocol serves.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { EventEmitter } from 'node:events';
import type { BrowserWindow, HandlerDetails, Session, WebContents, WebFrameMain } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { Envelope } from '../../main/errors/app-error.ts';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type CrewshipBridge } from '../../main/rpc/bridge.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { registerAppSchemePrivileges, serveRendererBundle } from '../../electron/app-protocol.ts';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl, resolveBundlePath } from '../../electron/bundle-path.ts';
import { pickFolder } from '../../electron/folder-dialog.ts';
import { forwardEvents, registerInvokeHandler } from '../../electron/ipc.ts';
import { hardenSession, hardenWebContents } from '../../electron/security.ts';
import '../../preload/index.ts';
import { electronState, ipcRenderer, resetElectronDouble, type RendererSender } from '../fixtures/electron-shell/electron-double.ts';
import { REAL_ELECTRON_REFUSED } from '../fixtures/electron-shell/refuse-real-electron.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

await vi.hoisted(() => import('../fixtures/electron-shell/refuse-real-electron.ts'));
vi.mock('electron', () => import('../fixtures/electron-shell/electron-double.ts'));
vi.mock('electron-store', () => import('../fixtures/electron-shell/electron-store-double.ts'));

const tempDir = useTempDirs('crewship-electron-shell-');

beforeEach(() => resetElectronDouble());

describe('the electron test double', () => {
  it('is what the shell imports, and the real package cannot load behind its back', async () => {
    const electron = await import('electron');
    expect(electron.ipcRenderer).toBe(ipcRenderer);
    expect(() => createRequire(import.meta.url)('electron')).toThrow(REAL_ELECTRON_REFUSED);
  });
});

describe('bundle paths', () => {
  const root = resolve('/srv/crewship/renderer');

  it.each([
    '/../secret',
    '/%2e%2e/secret',
    '/%2E%2e/secret',
    '/..%2fsecret',
    '/..%2Fsecret',
    '/..%5csecret',
    '/assets\\..\\..\\secret',
    '/assets%5csecret',
    '/index.html%00.js',
    '/index.html\0',
    '/%E0%A4%A',
    '/%',
    '/assets/../../secret',
    '/assets/%2e%2e/%2e%2e/secret',
    'index.html',
  ])('refuses %j', (pathname) => {
    expect(resolveBundlePath(root, pathname)).toEqual({ ok: false, status: 400 });
  });

  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app-1f2e.js', join('assets', 'app-1f2e.js')],
    ['/assets/./logo.svg', join('assets', 'logo.svg')],
    ['/assets/logo%20v2.svg', join('assets', 'logo v2.svg')],
    ['//etc/passwd', join('etc', 'passwd')],
  ])('maps %j inside the root', (pathname, inside) => {
    const result = resolveBundlePath(root, pathname);
    expect(result).toEqual({ ok: true, file: join(root, inside) });
    expect(result.ok && result.file.startsWith(root + sep)).toBe(true);
  });

  it.each(['app://bundle/index.html', 'app://bundle', 'app://BUNDLE/assets/app.js', 'APP://Bundle/x'])('accepts %j as our origin', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://bundle.evil/index.html',
    'app://evil.bundle/',
    'app://bundle./',
    'app://bundle:8080/',
    'app://user@bundle/',
    'app://user:pass@bundle/',
    'app:///bundle/index.html',
    'app:bundle',
    'https://bundle/index.html',
    'http://bundle/',
    'file:///bundle/index.html',
    'file://bundle/index.html',
    '',
    'not a url',
  ])('refuses %j as our origin', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  function makeBundle(): { root: string; secret: string } {
    const root = join(tempDir(), 'renderer');
    const outside = tempDir();
    const secret = join(outside, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Crewship Console</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.info("app")');
    writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(root, 'assets', 'blob.bin'), 'raw');
    symlinkSync(join(root, 'assets', 'app.js'), join(root, 'assets', 'alias.js'));
    symlinkSync(secret, join(root, 'assets', 'leak.txt'));
    symlinkSync(outside, join(root, 'linked'));
    return { root, secret };
  }

  function serve(root: string): (path: string, init?: RequestInit, host?: string) => Promise<Response> {
    serveRendererBundle(root);
    const handler = electronState.protocolHandlers.get('app');
    if (!handler) throw new Error('serveRendererBundle registered no app: handler');
    return async (path, init, host = 'bundle') => handler(new Request(`app://${host}${path}`, init));
  }

  it('registers app: as a standard, secure scheme that may not bypass the CSP', () => {
    registerAppSchemePrivileges();
    expect(electronState.privilegedSchemes).toHaveLength(1);
    const [scheme] = electronState.privilegedSchemes;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges).toMatchObject({ standard: true, secure: true });
    expect(scheme?.privileges).not.toMatchObject({ bypassCSP: true });
    expect(scheme?.privileges).not.toMatchObject({ corsEnabled: true });
    expect(scheme?.privileges).not.toMatchObject({ allowServiceWorkers: true });
  });

  it('serves index.html and the assets with their content types and the exact CSP', async () => {
    const fetchApp = serve(makeBundle().root);
    for (const [path, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/style.css', 'text/css; charset=utf-8'],
      ['/assets/logo.svg', 'image/svg+xml'],
      ['/assets/blob.bin', 'application/octet-stream'],
      ['/assets/alias.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const response = await fetchApp(path);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, type]);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await fetchApp('/')).text()).toContain('<title>Crewship Console</title>');
  });

  it('answers client-side routes with index.html, and missing assets and other hosts with 404', async () => {
    const fetchApp = serve(makeBundle().root);
    const route = await fetchApp('/crews/ops');
    expect([route.status, route.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await route.text()).toContain('<title>Crewship Console</title>');
    const missing = await fetchApp('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await fetchApp('/index.html', undefined, 'evil')).status).toBe(404);
    expect((await fetchApp('/index.html', undefined, 'bundle:8080')).status).toBe(404);
  });

  it('refuses escapes, including through a symlink inside the bundle', async () => {
    const fetchApp = serve(makeBundle().root);
    for (const path of ['/assets/leak.txt', '/linked/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/index.html%00']) {
      const response = await fetchApp(path);
      expect([path, response.status]).toEqual([path, path.includes('%') ? 400 : 404]);
      expect(await response.text()).not.toContain('TOP-SECRET');
    }
  });

  it('answers HEAD without a body and refuses every other method', async () => {
    const { root } = makeBundle();
    const fetchApp = serve(root);
    const head = await fetchApp('/', { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(readFileSync(join(root, 'index.html')).byteLength)]);
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      expect((await fetchApp('/index.html', { method })).status).toBe(405);
    }
  });
});

/** A main-process frame: the top frame when parent is null. */
function frame(url: string, parent: WebFrameMain | null = null): WebFrameMain {
  return { url, parent, top: null } as unknown as WebFrameMain;
}

function webContents(id: number): WebContents {
  return { id } as unknown as WebContents;
}

/** A window as forwardEvents sees it: 'closed' once, then destroyed, as Electron does. */
class WindowDouble extends EventEmitter {
  destroyed = false;
  url: string = APP_ENTRY_URL;
  readonly sent: Array<[string, unknown]> = [];
  readonly webContents = {
    isDestroyed: () => this.destroyed,
    getURL: () => this.url,
    send: (channel: string, payload: unknown) => {
      this.sent.push([channel, payload]);
      ipcRenderer.deliver(channel, payload);
    },
  };

  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }

  asBrowserWindow(): BrowserWindow {
    return this as unknown as BrowserWindow;
  }
}

describe('the IPC door and the preload bridge', () => {
  let core: Core;
  let unregister: () => void;
  const ours = webContents(1);
  const topFrame = frame(APP_ENTRY_URL);
  const bridge = electronState.mainWorld.crewship as CrewshipBridge;

  beforeEach(() => {
    core = openTestCore(tempDir());
    unregister = registerInvokeHandler(core, (contents) => contents === ours);
  });
  afterEach(() => core.close());

  async function invokeAs(from: RendererSender, method: unknown, input: unknown): Promise<Envelope<unknown>> {
    electronState.rendererSender = from;
    return (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input)) as Envelope<unknown>;
  }

  it('registers exactly one channel, and removes it again', () => {
    expect([...electronState.invokeHandlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    expect(electronState.onChannels).toEqual([]);
    unregister();
    expect(electronState.invokeHandlers.size).toBe(0);
  });

  it('routes a call from our top frame to the core as the ui actor', async () => {
    const call = vi.spyOn(core.router, 'call');
    const envelope = await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'Ops crew' });
    expect(envelope).toMatchObject({ ok: true, value: { name: 'Ops crew' } });
    expect(call).toHaveBeenCalledWith('crews.create', { name: 'Ops crew' }, { actor: 'ui' });
    expect(core.crews.list().map((crew) => crew.name)).toEqual(['Ops crew']);
    expect(core.audit.recent(1)[0]).toMatchObject({ actor: 'ui', action: expect.stringContaining('crew') });
  });

  it('turns a bad method or input into the router’s own errors', async () => {
    const from = { sender: ours, senderFrame: topFrame };
    expect(await invokeAs(from, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await invokeAs(from, 'crews.create', { name: 'x', admin: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  const throwingFrame = { parent: null } as unknown as WebFrameMain;
  Object.defineProperty(throwingFrame, 'url', {
    get: () => {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
  });
  const throwingEvent: RendererSender = {
    sender: ours,
    get senderFrame(): WebFrameMain | null {
      throw new Error('Object has been destroyed');
    },
  };

  it.each<[string, RendererSender]>([
    ['a frame that navigated away (null)', { sender: ours, senderFrame: null }],
    ['a subframe showing our origin', { sender: ours, senderFrame: frame(APP_ENTRY_URL, topFrame) }],
    ['a top frame on https://evil.example', { sender: ours, senderFrame: frame('https://evil.example/') }],
    ['a top frame on file://', { sender: ours, senderFrame: frame('file:///tmp/index.html') }],
    ['a top frame on app://bundle.evil', { sender: ours, senderFrame: frame('app://bundle.evil/index.html') }],
    ['a web contents that is not ours', { sender: webContents(2), senderFrame: frame(APP_ENTRY_URL) }],
    ['a disposed frame whose url throws', { sender: ours, senderFrame: throwingFrame }],
    ['an event whose senderFrame throws', throwingEvent],
  ])('refuses %s without reaching the router', async (_case, from) => {
    const call = vi.spyOn(core.router, 'call');
    const envelope = await invokeAs(from, 'crews.create', { name: 'Intruders' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'ipc_sender_rejected' } });
    expect(call).not.toHaveBeenCalled();
    expect(core.crews.list()).toEqual([]);
  });

  it('forwards bus events to our page until the window closes', async () => {
    const window = new WindowDouble();
    const listenersBefore = core.bus.listenerCount;
    forwardEvents(core, window.asBrowserWindow());
    await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'Ops' });
    expect(window.sent).toEqual([[IPC_EVENT_CHANNEL, { name: 'crews.changed', payload: expect.objectContaining({ change: 'created' }), workspaceId: 'default' }]]);

    window.url = 'https://evil.example/';
    await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'Unseen' });
    expect(window.sent).toHaveLength(1);

    window.url = APP_ENTRY_URL;
    window.close();
    expect(core.bus.listenerCount).toBe(listenersBefore);
    await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'After close' });
    expect(window.sent).toHaveLength(1);
  });

  it('exposes exactly window.crewship with invoke and on', () => {
    expect(Object.keys(electronState.mainWorld)).toEqual(['crewship']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes through the one channel, so the sender check applies to the page', async () => {
    electronState.rendererSender = { sender: ours, senderFrame: topFrame };
    expect(await bridge.invoke('crews.create', { name: 'From the page' })).toMatchObject({ ok: true });
    electronState.rendererSender = { sender: ours, senderFrame: frame(APP_ENTRY_URL, topFrame) };
    expect(await bridge.invoke('crews.create', { name: 'From an iframe' })).toMatchObject({ ok: false, error: { code: 'ipc_sender_rejected' } });
    expect(core.crews.list().map((crew) => crew.name)).toEqual(['From the page']);
  });

  it('makes the call in the workspace the page names (its third argument), and refuses one that does not exist', async () => {
    electronState.rendererSender = { sender: ours, senderFrame: topFrame };
    const night = core.workspaces.create({ name: 'Night Shift' }, 'ui');
    expect(await bridge.invoke('crews.create', { name: 'Night crew' }, night.slug)).toMatchObject({ ok: true });
    expect(await bridge.invoke('crews.list', {}, 'nope')).toMatchObject({ ok: false, error: { code: 'workspace_not_found' } });
    expect(core.crews.list()).toEqual([]);
    expect(core.forWorkspace(night.id).crews.list().map((crew) => crew.name)).toEqual(['Night crew']);
  });

  it('hands the page the event only, never the IpcRendererEvent, and unsubscribes once', async () => {
    const on = vi.spyOn(ipcRenderer, 'on');
    const removeListener = vi.spyOn(ipcRenderer, 'removeListener');
    const listener = vi.fn<(event: AppEvent) => void>();
    const unsubscribe = bridge.on(listener);
    const window = new WindowDouble();
    forwardEvents(core, window.asBrowserWindow());
    await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'Ops' });
    expect(listener.mock.calls).toEqual([[{ name: 'crews.changed', payload: expect.objectContaining({ change: 'created' }), workspaceId: 'default' }]]);

    unsubscribe();
    unsubscribe();
    expect(removeListener).toHaveBeenCalledTimes(1);
    expect(removeListener.mock.calls[0]).toEqual([IPC_EVENT_CHANNEL, on.mock.calls[0]?.[1]]);
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    await invokeAs({ sender: ours, senderFrame: topFrame }, 'crews.create', { name: 'Later' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.on('alert(1)' as unknown as (event: AppEvent) => void)).toThrow(TypeError);
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });
});

describe('session and web contents hardening', () => {
  type PermissionRequestHandler = (contents: WebContents, permission: string, callback: (granted: boolean) => void) => void;
  type HeadersHook = Parameters<Session['webRequest']['onHeadersReceived']>[0] & object;

  /** The hooks hardenSession installs on a session. */
  function hardenedSession(): { request: (permission: string) => boolean | undefined; check: (permission: string) => boolean; headers: HeadersHook } {
    let request: PermissionRequestHandler | undefined;
    let check: ((contents: WebContents, permission: string) => boolean) | undefined;
    let headers: HeadersHook | undefined;
    hardenSession({
      setPermissionRequestHandler: (handler: PermissionRequestHandler) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      webRequest: { onHeadersReceived: (hook: HeadersHook) => (headers = hook) },
    } as unknown as Session);
    if (!request || !check || !headers) throw new Error('hardenSession left a hook unset');
    const [requestHandler, checkHandler] = [request, check];
    return {
      request: (permission) => {
        let granted: boolean | undefined;
        requestHandler(webContents(1), permission, (answer) => (granted = answer));
        return granted;
      },
      check: (permission) => checkHandler(webContents(1), permission),
      headers,
    };
  }

  it('grants no permission, asked or checked', () => {
    const session = hardenedSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect([permission, session.request(permission), session.check(permission)]).toEqual([permission, false, false]);
    }
  });

  it('puts the exact CSP on responses of our origin only, replacing any other', () => {
    const { headers } = hardenedSession();
    const answers: unknown[] = [];
    const details = (url: string) => ({ url, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Frame': ['1'] } }) as unknown as Parameters<HeadersHook>[0];
    headers(details('app://bundle/index.html'), (response) => answers.push(response));
    headers(details('https://evil.example/'), (response) => answers.push(response));
    expect(answers).toEqual([{ responseHeaders: { 'X-Frame': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }, {}]);
  });

  function hardenedContents(): { emit: (name: string, details: object) => boolean; openWindow: (url: string) => unknown; log: string[] } {
    const contents = new EventEmitter();
    let openHandler: ((details: HandlerDetails) => unknown) | undefined;
    const log: string[] = [];
    Object.assign(contents, { setWindowOpenHandler: (handler: (details: HandlerDetails) => unknown) => (openHandler = handler) });
    hardenWebContents(contents as unknown as WebContents, (line) => log.push(line));
    return {
      /** Emits an Electron event; true when the shell prevented its default. */
      emit: (name, details) => {
        let prevented = false;
        contents.emit(name, { ...details, preventDefault: () => (prevented = true) });
        return prevented;
      },
      openWindow: (url) => openHandler?.({ url } as HandlerDetails),
      log,
    };
  }

  it('blocks navigation, subframe navigation, foreign redirects, webviews and new windows, logging origins only', () => {
    const contents = hardenedContents();
    expect(contents.emit('will-navigate', { url: 'https://evil.example/cb?code=SECRET-CODE' })).toBe(true);
    expect(contents.emit('will-navigate', { url: 'app://bundle/other.html' })).toBe(true);
    expect(contents.emit('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(contents.emit('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(contents.emit('will-redirect', { url: 'app://bundle/index.html' })).toBe(false);
    expect(contents.emit('will-redirect', { url: 'https://evil.example/?token=SECRET-TOKEN' })).toBe(true);
    expect(contents.emit('will-attach-webview', {})).toBe(true);
    expect(contents.openWindow('https://evil.example/?code=SECRET-CODE')).toEqual({ action: 'deny' });
    expect(contents.log.join('\n')).toContain('https://evil.example');
    expect(contents.log.join('\n')).not.toContain('SECRET');
  });
});

describe('the folder dialog (MCP roots in the app)', () => {
  const ours = webContents(1);
  const from = { sender: ours, senderFrame: frame(APP_ENTRY_URL) };

  async function invoke(core: Core, method: string, input: unknown): Promise<Envelope<unknown>> {
    const unregister = registerInvokeHandler(core, (contents) => contents === ours);
    try {
      electronState.rendererSender = from;
      return (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input)) as Envelope<unknown>;
    } finally {
      unregister();
    }
  }

  it('opens the system folder dialog for the page and answers the folder picked, or null when cancelled', async () => {
    const core = openTestCore(tempDir(), { pickDirectory: pickFolder });
    try {
      expect(await invoke(core, 'system.info', {})).toMatchObject({ ok: true, value: { directoryPicker: true } });
      electronState.openDialogAnswer = '/home/operator/projects';
      expect(await invoke(core, 'system.pickDirectory', { title: 'A root for everything' })).toEqual({ ok: true, value: { path: '/home/operator/projects' } });
      electronState.openDialogAnswer = null;
      expect(await invoke(core, 'system.pickDirectory', { title: 'A root for everything' })).toEqual({ ok: true, value: { path: null } });
      expect(electronState.openDialogs).toEqual([
        { title: 'A root for everything', properties: ['openDirectory', 'createDirectory'] },
        { title: 'A root for everything', properties: ['openDirectory', 'createDirectory'] },
      ]);
    } finally {
      await core.close();
    }
  });

  it('is refused with a hint where the console has no dialog (the CLI, the browser UI)', async () => {
    const core = openTestCore(tempDir());
    try {
      expect(await invoke(core, 'system.info', {})).toMatchObject({ ok: true, value: { directoryPicker: false } });
      expect(await invoke(core, 'system.pickDirectory', { title: 'A root' })).toMatchObject({
        ok: false,
        error: { code: 'system_picker_unavailable', hint: expect.stringContaining('path') },
      });
      expect(electronState.openDialogs).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
