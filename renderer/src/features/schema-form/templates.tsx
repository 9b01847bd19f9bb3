import {
  ADDITIONAL_PROPERTY_FLAG,
  ariaDescribedByIds,
  buttonId,
  canExpand,
  descriptionId,
  enumOptionSelectedValue,
  enumOptionValueDecoder,
  enumOptionValueEncoder,
  errorId,
  getInputProps,
  getOptionValueFormat,
  getTemplate,
  getUiOptions,
  titleId,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type BaseInputTemplateProps,
  type DescriptionFieldProps,
  type FieldErrorProps,
  type FieldHelpProps,
  type FieldTemplateProps,
  type IconButtonProps,
  type MultiSchemaFieldTemplateProps,
  type ObjectFieldTemplateProps,
  type OptionalDataControlsTemplateProps,
  type RegistryWidgetsType,
  type TemplatesType,
  type TitleFieldProps,
  type WidgetProps,
  type WrapIfAdditionalTemplateProps,
} from '@rjsf/utils';
import type { ChangeEvent } from 'react';
import { CheckboxGroupWidget } from './CheckboxGroupWidget.tsx';

/**
 * rjsf's templates and widgets, drawn with the console's own classes (`.input`, `.button`,
 * `.field__label`) instead of rjsf's Bootstrap 3 markup, so a generated form looks like every
 * other form here. Descriptions become help text tied to their control with aria-describedby.
 */

function FieldTemplate({ id, label, children, errors, help, description, hidden, required, displayLabel, rawErrors, hideError, schema, classNames }: FieldTemplateProps) {
  if (hidden) return <div hidden>{children}</div>;
  const invalid = !hideError && (rawErrors?.length ?? 0) > 0;
  const isContainer = schema.type === 'object' || schema.type === 'array';
  return (
    <div className={['schema-form__field', invalid ? 'schema-form__field--invalid' : '', classNames ?? ''].join(' ').trim()}>
      {displayLabel && !isContainer && label ? (
        <label className="field__label" htmlFor={id}>
          {label}
          {required ? <RequiredMark /> : <span className="field__optional"> optional</span>}
        </label>
      ) : null}
      {displayLabel && !isContainer ? description : null}
      {children}
      {errors}
      {help}
    </div>
  );
}

/** The asterisk is for the eye; the control itself carries `required` for assistive technology. */
function RequiredMark() {
  return (
    <span className="schema-form__required" title="Required" aria-hidden="true">
      {' '}*
    </span>
  );
}

function WrapIfAdditionalTemplate(props: WrapIfAdditionalTemplateProps) {
  const { id, label, onKeyRenameBlur, onRemoveProperty, disabled, readonly, schema, children, registry, uiSchema } = props;
  if (!(ADDITIONAL_PROPERTY_FLAG in schema)) return <>{children}</>;
  const { RemoveButton } = registry.templates.ButtonTemplates;
  return (
    <div className="schema-form__additional">
      <div className="schema-form__field">
        <label className="field__label" htmlFor={`${id}-key`}>
          Key
        </label>
        <input key={label} id={`${id}-key`} className="input input--mono" type="text" defaultValue={label} onBlur={onKeyRenameBlur} disabled={disabled || readonly} />
      </div>
      <div className="schema-form__additional-value">{children}</div>
      <RemoveButton
        id={buttonId(id, 'remove')}
        className="schema-form__additional-remove"
        aria-label={`Remove ${label}`}
        disabled={disabled || readonly}
        onClick={onRemoveProperty}
        uiSchema={uiSchema}
        registry={registry}
      />
    </div>
  );
}

function ObjectFieldTemplate({ title, description, properties, schema, uiSchema, registry, fieldPathId, required, disabled, readonly, formData, onAddProperty, optionalDataControl }: ObjectFieldTemplateProps) {
  const isRoot = fieldPathId.path.length === 0;
  const options = getUiOptions(uiSchema);
  const TitleFieldTemplate = getTemplate('TitleFieldTemplate', registry, options);
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', registry, options);
  const { AddButton } = registry.templates.ButtonTemplates;
  const expandable = canExpand(schema, uiSchema, formData);
  const content = (
    <>
      {properties.filter((property) => !property.hidden).map((property) => property.content)}
      {expandable ? (
        <AddButton id={buttonId(fieldPathId, 'add')} className="schema-form__add" onClick={onAddProperty} disabled={disabled || readonly} uiSchema={uiSchema} registry={registry} />
      ) : null}
    </>
  );
  // The root object is the form itself: no frame, no legend (the tool's name is the heading).
  if (isRoot) return <div className="schema-form__root">{content}</div>;
  return (
    <fieldset className="schema-form__group" id={fieldPathId.$id}>
      {title ? <TitleFieldTemplate id={titleId(fieldPathId)} title={title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} optionalDataControl={optionalDataControl} /> : null}
      {description ? <DescriptionFieldTemplate id={descriptionId(fieldPathId)} description={description} schema={schema} uiSchema={uiSchema} registry={registry} /> : null}
      {formData === undefined && optionalDataControl && !title ? optionalDataControl : null}
      {content}
    </fieldset>
  );
}

function ArrayFieldTemplate({ title, schema, uiSchema, registry, fieldPathId, required, items, canAdd, onAddClick, disabled, readonly, optionalDataControl }: ArrayFieldTemplateProps) {
  const options = getUiOptions(uiSchema);
  const TitleFieldTemplate = getTemplate('TitleFieldTemplate', registry, options);
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', registry, options);
  const { AddButton } = registry.templates.ButtonTemplates;
  const shownTitle = options.title ?? title;
  return (
    <fieldset className="schema-form__group schema-form__group--array" id={fieldPathId.$id}>
      {shownTitle ? <TitleFieldTemplate id={titleId(fieldPathId)} title={shownTitle} required={required} schema={schema} uiSchema={uiSchema} registry={registry} optionalDataControl={optionalDataControl} /> : null}
      {schema.description ? <DescriptionFieldTemplate id={descriptionId(fieldPathId)} description={schema.description} schema={schema} uiSchema={uiSchema} registry={registry} /> : null}
      {items.length === 0 ? <p className="schema-form__empty">No items.</p> : <div className="schema-form__items">{items}</div>}
      {canAdd ? (
        <AddButton id={buttonId(fieldPathId, 'add')} className="schema-form__add" onClick={onAddClick} disabled={disabled || readonly} uiSchema={uiSchema} registry={registry} />
      ) : null}
    </fieldset>
  );
}

function ArrayFieldItemTemplate({ children, buttonsProps, hasToolbar, registry, uiSchema, index }: ArrayFieldItemTemplateProps) {
  const ArrayFieldItemButtonsTemplate = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  return (
    <div className="schema-form__item" role="group" aria-label={`Item ${index + 1}`}>
      <div className="schema-form__item-value">{children}</div>
      {hasToolbar ? (
        <div className="schema-form__item-tools">
          <ArrayFieldItemButtonsTemplate {...buttonsProps} />
        </div>
      ) : null}
    </div>
  );
}

function TitleFieldTemplate({ id, title, required, optionalDataControl }: TitleFieldProps) {
  return (
    <legend id={id} className="schema-form__legend">
      {title}
      {required ? <RequiredMark /> : null}
      {optionalDataControl ? <span className="schema-form__legend-control">{optionalDataControl}</span> : null}
    </legend>
  );
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <p id={id} className="schema-form__help">
      {description}
    </p>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const shown = errors.filter(Boolean);
  if (shown.length === 0) return null;
  return (
    <ul id={errorId(fieldPathId)} className="schema-form__errors">
      {shown.map((error, index) => (
        <li key={index}>{error}</li>
      ))}
    </ul>
  );
}

function FieldHelpTemplate({ help }: FieldHelpProps) {
  return help ? <p className="schema-form__help">{help}</p> : null;
}

/** Shown where a schema offers a choice (anyOf/oneOf): the picker, then the chosen branch's fields. */
function MultiSchemaFieldTemplate({ selector, optionSchemaField }: MultiSchemaFieldTemplateProps) {
  return (
    <div className="schema-form__choice">
      <div className="schema-form__choice-picker">{selector}</div>
      {optionSchemaField}
    </div>
  );
}

function OptionalDataControlsTemplate({ id, label, onAddClick, onRemoveClick }: OptionalDataControlsTemplateProps) {
  if (onAddClick || onRemoveClick) {
    return (
      <button id={id} type="button" className="button button--ghost button--small" onClick={onAddClick ?? onRemoveClick}>
        {label}
      </button>
    );
  }
  return (
    <em id={id} className="schema-form__empty">
      {label}
    </em>
  );
}

function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, onChangeOverride, options, schema, type, placeholder, required } = props;
  const inputProps = getInputProps(schema, type, options);
  const numeric = inputProps.type === 'number' || inputProps.type === 'integer';
  const shown = numeric ? (value || value === 0 ? value : '') : (value ?? '');
  const handleChange = (event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value === '' ? options.emptyValue : event.target.value);
  return (
    <input
      id={id}
      name={htmlName || id}
      className={numeric ? 'input input--mono schema-form__input schema-form__input--number' : 'input schema-form__input'}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      placeholder={placeholder}
      required={required}
      value={shown}
      {...inputProps}
      onChange={onChangeOverride ?? handleChange}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}

function IconTextButton({ label, className, icon, registry: _registry, uiSchema: _uiSchema, iconType: _iconType, ...rest }: IconButtonProps & { label: string }) {
  return (
    <button type="button" className={`button button--ghost button--small ${className ?? ''}`} aria-label={rest['aria-label'] ?? label} title={label} {...rest}>
      <span aria-hidden="true">{icon}</span>
    </button>
  );
}

const ButtonTemplates: Partial<TemplatesType['ButtonTemplates']> = {
  AddButton: ({ className, registry: _registry, uiSchema: _uiSchema, iconType: _iconType, icon: _icon, ...rest }: IconButtonProps) => (
    <button type="button" className={`button button--secondary button--small ${className ?? ''}`} {...rest}>
      + Add
    </button>
  ),
  RemoveButton: (props: IconButtonProps) => <IconTextButton {...props} label="Remove" icon="✕" className={`${props.className ?? ''} button--ghost-danger`} />,
  MoveUpButton: (props: IconButtonProps) => <IconTextButton {...props} label="Move up" icon="↑" />,
  MoveDownButton: (props: IconButtonProps) => <IconTextButton {...props} label="Move down" icon="↓" />,
  CopyButton: (props: IconButtonProps) => <IconTextButton {...props} label="Duplicate" icon="⧉" />,
  ClearButton: (props: IconButtonProps) => <IconTextButton {...props} label="Clear" icon="✕" />,
  // The tester draws its own Run button beside Cancel; rjsf's submit button never shows.
  SubmitButton: () => null,
};

export const schemaFormTemplates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> & { ButtonTemplates: Partial<TemplatesType['ButtonTemplates']> } = {
  FieldTemplate,
  WrapIfAdditionalTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  TitleFieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  FieldHelpTemplate,
  MultiSchemaFieldTemplate,
  OptionalDataControlsTemplate,
  BaseInputTemplate,
  ButtonTemplates,
};

// ------------------------------------------------------------------ widgets

function CheckboxWidget({ id, value, disabled, readonly, label, hideLabel, autofocus, onBlur, onFocus, onChange, schema, options, required, htmlName }: WidgetProps) {
  const description = options.description ?? schema.description;
  return (
    <div className="schema-form__check">
      <label className="schema-form__check-label">
        <input
          type="checkbox"
          id={id}
          name={htmlName || id}
          checked={value === true}
          disabled={disabled || readonly}
          autoFocus={autofocus}
          onChange={(event) => onChange(event.target.checked)}
          onBlur={(event) => onBlur(id, event.target.checked)}
          onFocus={(event) => onFocus(id, event.target.checked)}
          aria-describedby={ariaDescribedByIds(id)}
        />
        {hideLabel ? null : (
          <span>
            {label}
            {required ? null : <span className="field__optional"> optional</span>}
          </span>
        )}
      </label>
      {description && !hideLabel ? (
        <p id={descriptionId(id)} className="schema-form__help">
          {description}
        </p>
      ) : null}
    </div>
  );
}

function SelectWidget({ id, options, value, required, disabled, readonly, multiple = false, autofocus, onChange, onBlur, onFocus, placeholder, htmlName, schema }: WidgetProps) {
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const decode = (element: HTMLSelectElement) =>
    enumOptionValueDecoder(multiple ? [...element.selectedOptions].map((option) => option.value) : element.value, enumOptions, format, emptyValue);
  const selected = enumOptionSelectedValue(value, enumOptions, multiple, format, multiple ? [] : '');
  return (
    <select
      id={id}
      name={htmlName || id}
      multiple={multiple}
      className={multiple ? 'input schema-form__select schema-form__select--multiple' : 'input schema-form__select'}
      value={selected}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      onChange={(event) => onChange(decode(event.target))}
      onBlur={(event) => onBlur(id, decode(event.target))}
      onFocus={(event) => onFocus(id, decode(event.target))}
      aria-describedby={ariaDescribedByIds(id)}
    >
      {!multiple && schema.default === undefined ? <option value="">{placeholder || (required ? 'Choose…' : '(none)')}</option> : null}
      {enumOptions.map(({ value: optionValue, label }, index) => (
        <option key={String(optionValue)} value={enumOptionValueEncoder(optionValue, index, format)} disabled={enumDisabled?.includes(optionValue)}>
          {label}
        </option>
      ))}
    </select>
  );
}

function TextareaWidget({ id, options, placeholder, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, htmlName }: WidgetProps) {
  return (
    <textarea
      id={id}
      name={htmlName || id}
      className="input schema-form__textarea"
      value={typeof value === 'string' ? value : ''}
      placeholder={placeholder}
      required={required}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      rows={options.rows ?? 4}
      onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}

export const schemaFormWidgets: RegistryWidgetsType = {
  CheckboxWidget,
  CheckboxesWidget: CheckboxGroupWidget,
  SelectWidget,
  TextareaWidget,
};
