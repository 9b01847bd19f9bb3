import type { CrewshipBridge } from '../../../main/rpc/bridge.ts';
import { createElectronTransport } from './electron-transport.ts';
import { createHttpTransport } from './http-transport.ts';
import { reloadOnNewToken, takeSessionToken } from './session-token.ts';
import type { Transport } from './transport.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent when the UI runs in a browser against `crewship serve`. */
    crewship?: CrewshipBridge;
  }
}

/** Picked once at start: the Electron bridge when preload exposed it, else the host that served this page. */
export function selectTransport(): Transport {
  if (window.crewship) return createElectronTransport(window.crewship);
  reloadOnNewToken();
  return createHttpTransport(window.location.origin, takeSessionToken());
}
