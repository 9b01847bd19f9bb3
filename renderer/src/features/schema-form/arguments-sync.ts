import { describeJsonError, parseJsonText } from '../../../../main/rpc/json-text.ts';

/**
 * One set of arguments shown two ways, a generated form and raw JSON text, kept in step: a form
 * edit rewrites the text; a text edit that parses to an object updates the form; text that does
 * not parse keeps its error beside it and leaves the form as it was, so nothing typed is lost.
 */
export interface ArgumentsState {
  value: Record<string, unknown>;
  text: string;
  /** Why the text is not used (bad syntax with line and column, or not an object); undefined when it is. */
  textError: string | undefined;
}

export type ArgumentsAction =
  | { type: 'reset'; value: Record<string, unknown> }
  | { type: 'formChanged'; value: Record<string, unknown> }
  | { type: 'textChanged'; text: string };

export function initialArguments(value: Record<string, unknown> = {}): ArgumentsState {
  return { value, text: formatJson(value), textError: undefined };
}

export function argumentsReducer(state: ArgumentsState, action: ArgumentsAction): ArgumentsState {
  switch (action.type) {
    case 'reset':
    case 'formChanged':
      return initialArguments(action.value);
    case 'textChanged': {
      const parsed = parseJsonText(action.text);
      if (!parsed.ok) return { ...state, text: action.text, textError: describeJsonError(parsed.error) };
      if (!isArgumentsObject(parsed.value)) {
        return { ...state, text: action.text, textError: 'Tool arguments are a JSON object: wrap them in { }.' };
      }
      return { value: parsed.value, text: action.text, textError: undefined };
    }
  }
}

function formatJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

function isArgumentsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
