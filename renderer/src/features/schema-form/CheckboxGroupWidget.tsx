import { ariaDescribedByIds, descriptionId, enumOptionsDeselectValue, enumOptionsIsSelected, enumOptionsSelectValue, type WidgetProps } from '@rjsf/utils';

/**
 * A multi-select (an array of `enum`, or of `anyOf` const / title) as a group of checkboxes: a
 * fieldset named by the field's title, one box per choice, its title as the label. The array is
 * a container to the field template, which draws no label for it, so the legend is drawn here.
 */
export function CheckboxGroupWidget({ id, value, disabled, readonly, label, hideLabel, required, options, schema, onChange, htmlName }: WidgetProps) {
  const { enumOptions = [], enumDisabled } = options;
  const chosen: unknown[] = Array.isArray(value) ? value : [];
  const description = options.description ?? schema.description;
  return (
    <fieldset className="schema-form__checkbox-group" id={id} aria-describedby={ariaDescribedByIds(id)}>
      {hideLabel ? null : (
        <legend className="field__label">
          {label}
          {required ? null : <span className="field__optional"> optional</span>}
        </legend>
      )}
      {description ? (
        <p id={descriptionId(id)} className="schema-form__help">
          {description}
        </p>
      ) : null}
      {enumOptions.map((option, index) => (
        <label key={String(option.value)} className="schema-form__check-label">
          <input
            type="checkbox"
            id={`${id}-${index}`}
            name={htmlName || id}
            checked={enumOptionsIsSelected(option.value, chosen)}
            disabled={disabled || readonly || enumDisabled?.includes(option.value)}
            // Kept in the order of the choices, whatever order they were ticked in.
            onChange={(event) =>
              onChange(event.target.checked ? enumOptionsSelectValue(index, chosen, enumOptions) : enumOptionsDeselectValue(index, chosen, enumOptions))
            }
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
