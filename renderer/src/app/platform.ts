/** Whether shortcuts are spelled with ⌘ (macOS, iOS) or Ctrl. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
