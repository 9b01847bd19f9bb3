import { useSyncExternalStore } from 'react';

export type ThemePreference = 'dark' | 'light' | 'system';
type ResolvedTheme = 'dark' | 'light';

/**
 * The preference itself is kept by the core (preferences.theme); this window caches it in
 * localStorage only so that the first paint, before the core answers, is already in the right theme.
 */
const STORAGE_KEY = 'crewship.theme';
const listeners = new Set<() => void>();
const darkQuery = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;

export function readThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'dark' || stored === 'light' || stored === 'system') return stored;
  } catch {
    // Storage may be disabled; fall back to the system's choice.
  }
  return 'system';
}

function resolveTheme(preference: ThemePreference): ResolvedTheme {
  if (preference !== 'system') return preference;
  return darkQuery?.matches === false ? 'light' : 'dark';
}

/** Puts the resolved theme on <html>, where the CSS variables of styles/tokens.css pick it up. */
export function applyTheme(preference: ThemePreference = readThemePreference()): void {
  const resolved = resolveTheme(preference);
  const root = document.documentElement;
  root.dataset.theme = resolved;
  root.style.colorScheme = resolved;
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Not remembered, but still applied for this window.
  }
  applyTheme(preference);
  for (const listener of [...listeners]) listener();
}

/** Follows the system's light/dark switch while the preference is "system". */
export function watchSystemTheme(): () => void {
  const onChange = () => {
    if (readThemePreference() === 'system') applyTheme('system');
  };
  darkQuery?.addEventListener('change', onChange);
  return () => darkQuery?.removeEventListener('change', onChange);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribe, readThemePreference);
}
