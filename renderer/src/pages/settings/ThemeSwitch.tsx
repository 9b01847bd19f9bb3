import { useUpdatePreferences } from '../../api/preferences.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { setThemePreference, useThemePreference, type ThemePreference } from '../../theme/theme.ts';

const choices: { value: ThemePreference; label: string }[] = [
  { value: 'dark', label: 'Dark' },
  { value: 'light', label: 'Light' },
  { value: 'system', label: 'System' },
];

/** Radio buttons, so arrow keys move between the choices; remembered in the operator's preferences. */
export function ThemeSwitch() {
  const preference = useThemePreference();
  const updatePreferences = useUpdatePreferences();
  const choose = (theme: ThemePreference) => {
    setThemePreference(theme);
    updatePreferences.mutate({ theme });
  };
  return (
    <fieldset className="segmented">
      <legend className="field__label">Theme</legend>
      <div className="segmented__options">
        {choices.map((choice) => (
          <label key={choice.value} className="segmented__option">
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={preference === choice.value}
              onChange={() => choose(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      {updatePreferences.error ? <ErrorNotice error={updatePreferences.error} title="The theme was applied here but not saved" compact /> : null}
    </fieldset>
  );
}
