import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Core } from '../main/app/core.ts';
import { AppError, toErrorBody, type Envelope } from '../main/errors/app-error.ts';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../main/rpc/bridge.ts';
import { isAppUrl } from './bundle-path.ts';

/**
 * The one IPC door: `crewship:invoke` → core.router.call(…, { actor: 'ui' }). Nothing else is
 * registered on ipcMain. A call is refused with `ipc_sender_rejected` unless it comes from the top
 * frame of one of our windows, showing our own origin (app://bundle).
 */
export function registerInvokeHandler(core: Core, isOurWebContents: (contents: WebContents) => boolean): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown, workspace: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, isOurWebContents)) return senderRejected();
    try {
      // A non-string method becomes the router's own unknown_method error; a workspace that is
      // not a string is none (the core's own), one that does not exist its workspace_not_found.
      return await core.router.call(typeof method === 'string' ? method : '', input, {
        actor: 'ui',
        workspace: typeof workspace === 'string' && workspace !== '' ? workspace : undefined,
      });
    } catch (error) {
      // router.call never throws; this only guards the envelope contract.
      return { ok: false, error: toErrorBody(error) };
    }
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

function isTrustedSender(event: IpcMainInvokeEvent, isOurWebContents: (contents: WebContents) => boolean): boolean {
  try {
    // null: the frame navigated away or was destroyed since it sent the message.
    const frame = event.senderFrame;
    if (frame === null) return false;
    if (frame.parent !== null) return false;
    if (!isOurWebContents(event.sender)) return false;
    return isAppUrl(frame.url);
  } catch {
    // Reading a disposed frame can throw; a frame we cannot inspect is not trusted.
    return false;
  }
}

function senderRejected(): Envelope<never> {
  return {
    ok: false,
    error: new AppError(
      'ipc_sender_rejected',
      'This call did not come from the Crewship Console window, so it was refused.',
      'Only the app’s own top-level page may call the console; reload the window if this happened there.',
    ).toBody(),
  };
}

/** Forwards every core event to the window for as long as it lives and shows our own page. */
export function forwardEvents(core: Core, window: BrowserWindow): void {
  const unsubscribe = core.bus.subscribe((event) => {
    if (window.isDestroyed()) return;
    const contents = window.webContents;
    if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(IPC_EVENT_CHANNEL, event);
  });
  window.once('closed', unsubscribe);
}
