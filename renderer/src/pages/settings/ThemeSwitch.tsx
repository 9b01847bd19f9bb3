import { setThemePreference, useThemePreference, type ThemePreference } from '../../theme/theme.ts';

const choices: { value: ThemePreference; label: string }[] = [
  { value: 'dark', label: 'Dark' },
  { value: 'light', label: 'Light' },
  { value: 'system', label: 'System' },
];

/** Radio buttons, so arrow keys move between the choices; remembered in localStorage. */
export function ThemeSwitch() {
  const preference = useThemePreference();
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
              onChange={() => setThemePreference(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
