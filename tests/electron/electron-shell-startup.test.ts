/**
 * What the Electron shell decides while it starts: whether safeStorage may protect the vault key
 * (and the operator's consent to Linux's basic_text store), the key provider built on it, and how
 * crewship:// links reach the router. 'electron' and 'electron-store' are test doubles (see the
 * fixtures); the core, its vault and the preferences file on disk are real.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeepLinkRouter, type DeepLinkSource, type OAuthCallbackLink } from '../../main/deeplink/index.ts';
import { PREFERENCES_FILE } from '../../main/preferences/json-file-preferences.ts';
import { defaultPreferences } from '../../main/preferences/preferences.ts';
import { registerProtocolClient, wireDeepLinks, type SingleInstanceData } from '../../electron/deep-links.ts';
import { openShellPreferences } from '../../electron/preferences.ts';
import { checkSafeStorage, SafeStorageKeyProvider } from '../../electron/safe-storage-key-provider.ts';
import { app, electronState, resetElectronDouble, safeStorage } from '../fixtures/electron-shell/electron-double.ts';
import { openTestCore } from '../helpers/core.ts';
import { thrownBy } from '../helpers/errors.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

await vi.hoisted(() => import('../fixtures/electron-shell/refuse-real-electron.ts'));
vi.mock('electron', () => import('../fixtures/electron-shell/electron-double.ts'));
vi.mock('electron-store', () => import('../fixtures/electron-shell/electron-store-double.ts'));

const tempDir = useTempDirs('crewship-electron-startup-');

/** Swaps a property of `process` (platform, argv, defaultApp) for one test. */
function stubProcess<K extends 'platform' | 'argv' | 'defaultApp'>(key: K, value: unknown): void {
  const original = Object.getOwnPropertyDescriptor(process, key);
  Object.defineProperty(process, key, { value, configurable: true, writable: true, enumerable: true });
  restorers.push(() => (original ? Object.defineProperty(process, key, original) : Reflect.deleteProperty(process, key)));
}
const restorers: Array<() => void> = [];

beforeEach(() => {
  resetElectronDouble();
  // The basic_text consent is Linux-only; pin the platform so these tests mean the same everywhere.
  stubProcess('platform', 'linux');
});
afterEach(() => {
  for (const restore of restorers.splice(0).reverse()) restore();
  vi.unstubAllEnvs();
});

describe('SafeStorageKeyProvider', () => {
  it('unwraps what it wrapped, and the data key is not readable in the blob', () => {
    const provider = new SafeStorageKeyProvider();
    const dataKey = randomBytes(32);
    const wrapped = provider.wrap(dataKey);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(wrapped.includes(Buffer.from(dataKey.toString('base64')))).toBe(false);
    expect(provider.unwrap(wrapped).equals(dataKey)).toBe(true);
  });

  it('refuses a blob it did not make with vault_wrong_key', () => {
    const provider = new SafeStorageKeyProvider();
    const fromAnotherMachine = provider.wrap(randomBytes(32));
    electronState.machineKey = randomBytes(32);
    const notOurs = [
      fromAnotherMachine,
      randomBytes(80),
      Buffer.concat([Buffer.from('cwk:safe-storage:1:'), randomBytes(48)]),
      // A valid key under a format this provider does not know.
      Buffer.concat([Buffer.from('cwk:safe-storage:2:'), safeStorage.encryptString(randomBytes(32).toString('base64'))]),
      // Our format and a valid ciphertext, but not a 32-byte key inside.
      Buffer.concat([Buffer.from('cwk:safe-storage:1:'), safeStorage.encryptString(randomBytes(16).toString('base64'))]),
    ];
    for (const blob of notOurs) {
      const error = thrownBy(() => provider.unwrap(blob));
      expect(error.code).toBe('vault_wrong_key');
      expect(error.message).toContain('Electron safeStorage (gnome_libsecret)');
    }
  });

  it('keys a real vault: it reopens on the same machine and refuses to open on another', () => {
    const dataDir = tempDir();
    const open = () => openTestCore(dataDir, { keyProvider: new SafeStorageKeyProvider() });
    open().close();
    open().close();
    electronState.machineKey = randomBytes(32);
    expect(thrownBy(open).code).toBe('vault_wrong_key');
  });
});

describe('checkSafeStorage', () => {
  function consentDialogs(): number {
    return electronState.messageBoxes.length;
  }

  it('fails clearly when the system offers no encryption, without asking anything', () => {
    const dataDir = tempDir();
    electronState.encryptionAvailable = false;
    const check = checkSafeStorage(openShellPreferences(dataDir));
    expect(check).toMatchObject({ ok: false, title: 'No secure storage', message: expect.stringContaining('keyring') });
    expect(consentDialogs()).toBe(0);
  });

  it('starts without a question on a real keyring', () => {
    electronState.storageBackend = 'kwallet6';
    expect(checkSafeStorage(openShellPreferences(tempDir()))).toEqual({ ok: true });
    expect(consentDialogs()).toBe(0);
  });

  it('asks about basic_text with Quit as the default and stops start-up when refused', () => {
    const dataDir = tempDir();
    electronState.storageBackend = 'basic_text';
    electronState.messageBoxAnswer = 0;
    const check = checkSafeStorage(openShellPreferences(dataDir));
    expect(check).toMatchObject({ ok: false, title: 'Crewship Console did not start', message: expect.stringContaining('keyring') });
    const [dialog] = electronState.messageBoxes;
    expect(dialog?.buttons?.[dialog.defaultId ?? -1]).toBe('Quit');
    expect(dialog?.buttons?.[dialog.cancelId ?? -1]).toBe('Quit');
    expect(dialog?.type).toBe('warning');
    expect(openShellPreferences(dataDir).acceptsBasicText()).toBe(false);

    // Refusing is not remembered: the next start asks again.
    checkSafeStorage(openShellPreferences(dataDir));
    expect(consentDialogs()).toBe(2);
  });

  it('remembers an acceptance in the preferences file and does not ask again', () => {
    const dataDir = tempDir();
    electronState.storageBackend = 'basic_text';
    electronState.messageBoxAnswer = 1;
    expect(checkSafeStorage(openShellPreferences(dataDir))).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(join(dataDir, PREFERENCES_FILE), 'utf8'))).toMatchObject({ vault: { acceptBasicText: true } });

    electronState.messageBoxAnswer = 0;
    expect(checkSafeStorage(openShellPreferences(dataDir))).toEqual({ ok: true });
    expect(consentDialogs()).toBe(1);
    expect(new SafeStorageKeyProvider().describe()).toContain('basic_text');
  });

  it('keeps the acceptance when the core writes the preferences, and never shows it to the core', () => {
    const dataDir = tempDir();
    const preferences = openShellPreferences(dataDir);
    preferences.recordBasicTextAcceptance();
    preferences.write({ ...defaultPreferences, theme: 'dark' });
    const reopened = openShellPreferences(dataDir);
    expect(reopened.acceptsBasicText()).toBe(true);
    expect(reopened.read()).toEqual({ ...defaultPreferences, theme: 'dark' });
  });

  it('fails when the key store accepts a secret but does not give it back', () => {
    vi.spyOn(safeStorage, 'decryptString').mockImplementation(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    expect(checkSafeStorage(openShellPreferences(tempDir()))).toMatchObject({ ok: false, title: 'Secure storage is not working' });
  });
});

describe('deep links', () => {
  const LINK = 'crewship://oauth/callback?code=abc&state=xyz';
  const OTHER_LINK = 'crewship://oauth/callback?code=def&state=uvw';

  function routerThatRecords(): { router: DeepLinkRouter; received: Array<[string | null, DeepLinkSource]> } {
    const router = new DeepLinkRouter({ log: () => {} });
    const received: Array<[string | null, DeepLinkSource]> = [];
    router.register('oauth-callback', (link: OAuthCallbackLink, source) => {
      received.push([link.params.get('code'), source]);
    });
    return { router, received };
  }

  it('routes the cold start argv once the router starts, then open-url and second instances', () => {
    stubProcess('argv', ['/opt/crewship/crewship', '--no-sandbox', LINK]);
    const { router, received } = routerThatRecords();
    const showWindow = vi.fn();
    wireDeepLinks(router, showWindow);
    expect(received).toEqual([]);
    router.start();
    expect(received).toEqual([['abc', 'argv']]);

    const openUrl = { preventDefault: vi.fn() };
    app.emit('open-url', openUrl, OTHER_LINK);
    expect(openUrl.preventDefault).toHaveBeenCalled();

    const fromLockData: SingleInstanceData = { deepLink: LINK };
    app.emit('second-instance', {}, ['/opt/crewship/crewship', OTHER_LINK], '/home/op', fromLockData);
    app.emit('second-instance', {}, ['/opt/crewship/crewship', '--flag', OTHER_LINK], '/home/op', null);
    app.emit('second-instance', {}, ['/opt/crewship/crewship'], '/home/op', {});
    expect(showWindow).toHaveBeenCalledTimes(3);
    expect(received).toEqual([
      ['abc', 'argv'],
      ['def', 'open-url'],
      ['abc', 'second-instance'],
      ['def', 'second-instance'],
    ]);
  });

  it('registers as the crewship: handler: the app itself when packaged, the entry script in dev', () => {
    vi.stubEnv('CREWSHIP_SKIP_PROTOCOL_CLIENT', undefined);
    stubProcess('defaultApp', undefined);
    registerProtocolClient(() => {});
    stubProcess('defaultApp', true);
    stubProcess('argv', [process.execPath, '--inspect', 'out/main/index.js', LINK]);
    registerProtocolClient(() => {});
    expect(electronState.protocolClientRegistrations).toEqual([
      { protocol: 'crewship', path: undefined, args: undefined },
      { protocol: 'crewship', path: process.execPath, args: [resolve('out/main/index.js')] },
    ]);
  });

  it('logs when the OS refuses the registration, and skips it when tests ask to', () => {
    vi.stubEnv('CREWSHIP_SKIP_PROTOCOL_CLIENT', undefined);
    stubProcess('defaultApp', undefined);
    electronState.protocolClientResult = false;
    const log = vi.fn();
    registerProtocolClient(log);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('could not register'));

    vi.stubEnv('CREWSHIP_SKIP_PROTOCOL_CLIENT', '1');
    registerProtocolClient(log);
    expect(electronState.protocolClientRegistrations).toHaveLength(1);
  });
});
