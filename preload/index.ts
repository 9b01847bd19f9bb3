/**
 * Sandboxed preload: bundled to one CommonJS file (out/preload/index.cjs) whose only require is
 * 'electron'. It exposes exactly `window.crewship = { invoke, on }` and nothing of ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type CrewshipBridge } from '../main/rpc/bridge.ts';
import type { AppEvent } from '../main/rpc/events.ts';

const bridge: CrewshipBridge = {
  invoke: (method, input, workspace) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input, workspace),
  on(listener) {
    if (typeof listener !== 'function') throw new TypeError('crewship.on expects a function');
    // The page gets the event only, never the IpcRendererEvent (which carries `sender`).
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent): void => listener(appEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('crewship', bridge);
