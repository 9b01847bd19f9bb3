/**
 * The Electron end-to-end test: the built app (out/, from `npm run build`) launched in the real
 * Electron binary through Playwright's _electron.
 *
 * It runs only where the binary is on disk (findElectronBinary(), or CREWSHIP_ELECTRON_BINARY),
 * and is otherwise skipped with the reason printed. It never probes with require('electron'):
 * since Electron 42 that starts a download.
 *
 * What the test does to the key store, on purpose and in the open:
 * - No CREWSHIP_MASTER_KEY or key file: the app always uses safeStorage.
 * - It passes `--password-store=basic`, so that on Linux Chromium picks the 'basic_text' backend
 *   deterministically instead of a desktop keyring that may be locked (or prompt) on a CI runner.
 * - basic_text makes the app ask the operator before it starts (a modal dialog would block the
 *   test), so the test records that acceptance beforehand, exactly as the dialog would:
 *   `{"vault":{"acceptBasicText":true}}` in preferences.json of a throw-away CREWSHIP_HOME.
 *   The dialog itself is not exercised here.
 * - On macOS and Windows the switch is ignored and the Keychain / DPAPI are used (an unsigned
 *   Electron may make the macOS Keychain ask once).
 * CREWSHIP_HOME also moves Chromium's profile and the single-instance lock into that directory,
 * and CREWSHIP_SKIP_PROTOCOL_CLIENT=1 keeps the test from re-registering crewship:// on the desktop.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CrewshipBridge } from '../../main/rpc/bridge.ts';
import { findElectronBinary } from '../../main/system/electron-binary.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainEntry = join(repoRoot, 'out', 'main', 'index.js');
const binary = findElectronBinary();

if (!binary.found) {
  console.warn(
    `[electron e2e] skipped: ${binary.reason}. ` +
      'To run it, install the Electron 45 binary (or point CREWSHIP_ELECTRON_BINARY at one) and run `npm run build` first.',
  );
}

describe.skipIf(!binary.found)('Electron app (Playwright _electron)', () => {
  it('opens one sandboxed window titled "Crewship Console" that reaches the core only through window.crewship', { timeout: 90_000 }, async () => {
    if (!binary.found) return;
    expect(existsSync(mainEntry), `${mainEntry} is missing: run \`npm run build\` before this test`).toBe(true);

    const home = mkdtempSync(join(tmpdir(), 'crewship-electron-e2e-'));
    // The operator's recorded acceptance of basic_text (see the header comment).
    writeFileSync(join(home, 'preferences.json'), JSON.stringify({ vault: { acceptBasicText: true } }), { mode: 0o600 });
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && !name.startsWith('CREWSHIP_') && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
    }
    env.CREWSHIP_HOME = home;
    env.CREWSHIP_SKIP_PROTOCOL_CLIENT = '1';

    let app: ElectronApplication | undefined;
    try {
      app = await _electron.launch({
        executablePath: binary.path,
        args: [mainEntry, '--password-store=basic'],
        cwd: repoRoot,
        env,
        timeout: 60_000,
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');

      // The native window title is fixed by the shell, whatever <title> the renderer carries.
      const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
      expect(title).toBe('Crewship Console');
      expect(page.url()).toMatch(/^app:\/\/bundle\//);

      const surface = await page.evaluate(() => ({
        bridgeKeys: Object.keys((globalThis as unknown as { crewship: object }).crewship).sort(),
        require: typeof (globalThis as Record<string, unknown>).require,
        process: typeof (globalThis as Record<string, unknown>).process,
      }));
      expect(surface).toEqual({ bridgeKeys: ['invoke', 'on'], require: 'undefined', process: 'undefined' });

      const info = await page.evaluate(() =>
        (globalThis as unknown as { crewship: CrewshipBridge }).crewship.invoke('system.info', {}),
      );
      expect(info.ok).toBe(true);

      const windowCount = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
      expect(windowCount).toBe(1);
    } finally {
      await app?.close().catch(() => {});
      rmSync(home, { recursive: true, force: true });
    }
  });
});
