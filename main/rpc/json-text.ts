/**
 * How the doors locate a JSON syntax error (line, column, what to fix) and how deep JSON may nest:
 * the renderer's raw-JSON views and import panel use the same rule as the core (main/errors).
 */
export { describeJsonError, MAX_JSON_DEPTH, parseJsonText } from '../errors/json-text.ts';
