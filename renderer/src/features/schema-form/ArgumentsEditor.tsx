import Form from '@rjsf/core';
import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import { useId, useImperativeHandle, useMemo, useRef, useState, type Dispatch, type Ref } from 'react';
import { withChoiceFields } from './choice-fields.ts';
import { checkSchema, cspSafeValidator, type SchemaError } from './csp-safe-validator.ts';
import type { ArgumentsAction, ArgumentsState } from './arguments-sync.ts';
import { plainMessage } from './plain-errors.ts';
import { schemaFormTemplates, schemaFormWidgets } from './templates.tsx';

export type ArgumentsMode = 'form' | 'json';

export interface ArgumentsEditorHandle {
  /** Validates what is shown and, when it is valid, hands the arguments to onRun. */
  run(): void;
}

interface ArgumentsEditorProps {
  ref?: Ref<ArgumentsEditorHandle>;
  /** A stable prefix for the generated fields' ids (one per tool, so labels stay unique on the page). */
  idPrefix: string;
  schema: RJSFSchema;
  state: ArgumentsState;
  dispatch: Dispatch<ArgumentsAction>;
  mode: ArgumentsMode;
  onModeChange: (mode: ArgumentsMode) => void;
  onRun: (value: Record<string, unknown>) => void;
  disabled?: boolean;
}

const submitHidden = { 'ui:submitButtonOptions': { norender: true } };

/** The arguments a schema's defaults give, so the form and the JSON start from the same value. */
export function defaultArguments(schema: RJSFSchema): Record<string, unknown> {
  const value = getDefaultFormState(cspSafeValidator, schema, {}, schema);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function hasNoArguments(schema: RJSFSchema): boolean {
  const properties = schema.properties;
  return (properties === undefined || Object.keys(properties).length === 0) && !schema.additionalProperties && !schema.anyOf && !schema.oneOf;
}

/**
 * A form generated from a JSON Schema, with a raw JSON view of the same value. Enter in a field
 * runs (a form submit); the caller adds Ctrl/Cmd+Enter and Escape around it.
 */
export function ArgumentsEditor({ ref, idPrefix, schema, state, dispatch, mode, onModeChange, onRun, disabled = false }: ArgumentsEditorProps) {
  const formRef = useRef<Form>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [jsonErrors, setJsonErrors] = useState<SchemaError[]>([]);
  const textId = useId();
  const textHelpId = useId();
  const shown = useMemo(() => {
    const choices = withChoiceFields(schema);
    return { schema: choices.schema, uiSchema: { ...choices.uiSchema, ...submitHidden } };
  }, [schema]);

  useImperativeHandle(ref, () => ({
    run() {
      if (mode === 'form') {
        if (hasNoArguments(schema)) onRun({});
        else formRef.current?.submit();
        return;
      }
      if (state.textError) {
        textRef.current?.focus();
        return;
      }
      const errors = checkSchema(schema, state.value);
      setJsonErrors(errors);
      if (errors.length === 0) onRun(state.value);
      else textRef.current?.focus();
    },
  }));

  return (
    <div className="arguments-editor">
      <div className="segmented__options arguments-editor__modes" role="radiogroup" aria-label="Edit arguments as">
        {(['form', 'json'] as const).map((option) => (
          <label key={option} className="segmented__option">
            <input type="radio" name={`${idPrefix}-mode`} checked={mode === option} onChange={() => onModeChange(option)} />
            <span>{option === 'form' ? 'Form' : 'JSON'}</span>
          </label>
        ))}
      </div>
      {mode === 'form' ? (
        <>
          {state.textError ? (
            <p className="arguments-editor__note" role="status">
              The JSON view has an error, so the form shows the last valid arguments.
            </p>
          ) : null}
          {hasNoArguments(schema) ? (
            <p className="muted">This takes no arguments.</p>
          ) : (
            <Form
              ref={formRef}
              className="schema-form"
              idPrefix={idPrefix}
              schema={shown.schema}
              uiSchema={shown.uiSchema}
              formData={state.value}
              validator={cspSafeValidator}
              templates={schemaFormTemplates}
              widgets={schemaFormWidgets}
              disabled={disabled}
              noHtml5Validate
              showErrorList={false}
              focusOnFirstError
              // The errors show beside their fields; without a handler rjsf would also log them as console errors.
              onError={() => undefined}
              onChange={(event) => dispatch({ type: 'formChanged', value: (event.formData ?? {}) as Record<string, unknown> })}
              onSubmit={(event) => onRun((event.formData ?? {}) as Record<string, unknown>)}
            />
          )}
        </>
      ) : (
        <div className="arguments-editor__json">
          <label className="field__label" htmlFor={textId}>
            Arguments as JSON
          </label>
          <textarea
            ref={textRef}
            id={textId}
            className="input input--mono arguments-editor__text"
            value={state.text}
            spellCheck={false}
            disabled={disabled}
            aria-invalid={state.textError !== undefined || jsonErrors.length > 0}
            aria-describedby={textHelpId}
            onChange={(event) => {
              setJsonErrors([]);
              dispatch({ type: 'textChanged', text: event.target.value });
            }}
          />
          <div id={textHelpId}>
            {state.textError ? (
              <p className="schema-form__errors" role="alert">
                {state.textError}
              </p>
            ) : jsonErrors.length > 0 ? (
              <ul className="schema-form__errors" role="alert">
                {jsonErrors.map((error, index) => (
                  <li key={index}>
                    {plainMessage(error, schema)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="schema-form__help">Edits here update the form, and the form's edits show here.</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
