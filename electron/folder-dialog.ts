import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

/** The core's pickDirectory in the app: the system's folder dialog, over the focused window; null when the operator cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow();
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
  const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}
