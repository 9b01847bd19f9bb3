/** Opens the system browser (the app: shell.openExternal); absent where the door has none. */
export type OpenExternal = ((url: string) => Promise<void>) | undefined;

/** Whether the system browser was opened on the URL (false where there is none to open, or it failed: the page shows the link). */
export async function openedIn(openExternal: OpenExternal, url: string): Promise<boolean> {
  if (!openExternal || !/^https?:\/\//.test(url)) return false;
  try {
    await openExternal(url);
    return true;
  } catch {
    return false;
  }
}
