import { useEffect } from 'react';
import { usePreferences } from '../api/preferences.ts';
import { readThemePreference, setThemePreference } from './theme.ts';

/** Applies the theme the core has stored (set in another window, or by the CLI) once it is known. */
export function useStoredTheme(): void {
  const { data } = usePreferences();
  useEffect(() => {
    if (data && data.theme !== readThemePreference()) setThemePreference(data.theme);
  }, [data]);
}
