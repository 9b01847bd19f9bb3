import type { CrewshipBridge } from '../../../main/rpc/bridge.ts';
import { createAuthStateStore } from './auth-state.ts';
import type { Transport } from './transport.ts';

/** Inside Electron, preload's `window.crewship` carries calls and events over IPC; it is always live. */
export function createElectronTransport(bridge: CrewshipBridge): Transport {
  return {
    kind: 'electron',
    invoke: (method, input, workspace) => bridge.invoke(method, input, workspace),
    onEvent: (listener) => bridge.on(listener),
    streamStatus: () => 'live',
    onStreamStatus: () => () => {},
    auth: createAuthStateStore('ok'),
  };
}
