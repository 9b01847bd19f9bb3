import { dialog, safeStorage } from 'electron';
import { wrongKeyError, type KeyProvider } from '../main/vault/key-provider.ts';
import type { ShellPreferences } from './preferences.ts';

const FORMAT = Buffer.from('cwk:safe-storage:1:', 'ascii');
const DATA_KEY_BYTES = 32;

/**
 * Wraps the vault's data key with Electron's safeStorage (Keychain on macOS, DPAPI on Windows,
 * the Secret Service or KWallet on Linux). Only valid after app 'ready', and only after
 * checkSafeStorage() said yes.
 */
export class SafeStorageKeyProvider implements KeyProvider {
  readonly id = 'safe-storage';

  describe(): string {
    return `Electron safeStorage (${backendDescription()})`;
  }

  wrap(dataKey: Buffer): Buffer {
    return Buffer.concat([FORMAT, safeStorage.encryptString(dataKey.toString('base64'))]);
  }

  unwrap(wrapped: Buffer): Buffer {
    const hint =
      process.platform === 'linux'
        ? `The system key store may have changed (now: ${backendDescription()}), or this vault was created on another machine or account. Start the app under the desktop session that created it.`
        : 'This vault was created by another user account or machine, or the system key store was reset.';
    if (!wrapped.subarray(0, FORMAT.length).equals(FORMAT)) throw wrongKeyError(this.describe(), hint);
    let dataKey: Buffer;
    try {
      dataKey = Buffer.from(safeStorage.decryptString(wrapped.subarray(FORMAT.length)), 'base64');
    } catch {
      throw wrongKeyError(this.describe(), hint);
    }
    if (dataKey.length !== DATA_KEY_BYTES) throw wrongKeyError(this.describe(), hint);
    return dataKey;
  }
}

function backendDescription(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows DPAPI';
  const backend = safeStorage.getSelectedStorageBackend();
  return backend === 'basic_text' ? 'basic_text: hard-coded password, accepted by the operator' : backend;
}

export type SafeStorageCheck = { ok: true } | { ok: false; title: string; message: string };

/**
 * Whether safeStorage may protect the vault key. On Linux without a keyring, Chromium falls back to
 * 'basic_text' — encryption with a password compiled into Chromium, i.e. no protection. The app then
 * asks once, and refuses to start unless the operator accepts; the answer is kept in preferences.
 * Call after 'ready' (before it the backend reads 'unknown').
 */
export function checkSafeStorage(preferences: ShellPreferences): SafeStorageCheck {
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      ok: false,
      title: 'No secure storage',
      message:
        'Crewship Console keeps OAuth tokens and API keys encrypted with a key protected by the operating system, but this system offers no key store to protect it. ' +
        'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet) and start the app again.',
    };
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !preferences.acceptsBasicText()) {
    if (!askToAcceptBasicText()) {
      return {
        ok: false,
        title: 'Crewship Console did not start',
        message: 'You chose not to store secrets without a system keyring. Install and unlock GNOME Keyring or KWallet, then start the app again.',
      };
    }
    preferences.recordBasicTextAcceptance();
  }
  // Round trip once: on some sandboxes (Flatpak) encryption "works" but does not decrypt on the
  // next start; better to find out before the vault key depends on it.
  try {
    const probe = 'crewship-safe-storage-probe';
    if (safeStorage.decryptString(safeStorage.encryptString(probe)) !== probe) throw new Error('mismatch');
  } catch {
    return {
      ok: false,
      title: 'Secure storage is not working',
      message: 'The system key store accepted a secret but did not give it back. Check that your keyring is unlocked, then start the app again.',
    };
  }
  return { ok: true };
}

function askToAcceptBasicText(): boolean {
  const choice = dialog.showMessageBoxSync({
    type: 'warning',
    title: 'Crewship Console — no system keyring',
    message: 'Your secrets would be protected only by a hard-coded password.',
    detail:
      'No system keyring (GNOME Keyring, KWallet) was found for this desktop session, so Electron would fall back to its ' +
      '"basic_text" store: the key that encrypts your OAuth tokens, refresh tokens and API keys would itself be encrypted ' +
      'with a password built into Chromium. Anyone who can read your data directory could decrypt them.\n\n' +
      'Quit and set up a keyring (recommended), or continue with this weak protection. Your choice is remembered; ' +
      'remove "vault.acceptBasicText" from preferences.json in the data directory to be asked again.',
    buttons: ['Quit', 'Continue with weak protection'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return choice === 1;
}
