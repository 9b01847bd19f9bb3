import type { RJSFSchema, UiSchema } from '@rjsf/utils';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list of choices: `enum`, or `oneOf` / `anyOf` of `{ const, title }` (the MCP spec's titled enums). */
function isChoiceList(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (Array.isArray(schema.enum)) return true;
  const alternatives = schema.oneOf ?? schema.anyOf;
  return Array.isArray(alternatives) && alternatives.length > 0 && alternatives.every((alternative) => isObject(alternative) && 'const' in alternative);
}

/** One property rewritten into what the form library shows as a select or a checkbox group, and its ui options. */
function choiceField(property: Schema): { schema: Schema; ui: UiSchema | null } {
  // A multi-select (an array of choices): checkboxes, each value at most once.
  if (property.type === 'array' && isChoiceList(property.items)) {
    return { schema: { ...property, uniqueItems: true }, ui: { 'ui:widget': 'checkboxes' } };
  }
  // The legacy titled enum (`enumNames` beside `enum`): the form library reads the titles from ui options.
  if (Array.isArray(property.enum) && Array.isArray(property.enumNames)) {
    const { enumNames, ...rest } = property;
    return { schema: rest, ui: { 'ui:enumNames': enumNames as string[] } };
  }
  if (isObject(property.properties)) {
    const nested = withChoiceFields(property as RJSFSchema);
    return { schema: nested.schema as Schema, ui: Object.keys(nested.uiSchema).length > 0 ? nested.uiSchema : null };
  }
  return { schema: property, ui: null };
}

/**
 * A schema with its enum shapes in the form library's own: titled single selects (`oneOf` const /
 * title) it shows already; multi-selects (an array of `enum`, or of `anyOf` const / title) it shows
 * only with `uniqueItems` and the checkboxes widget, and legacy `enumNames` only as ui options —
 * without this, a titled multi-select showed "Unsupported field schema". What is sent is unchanged.
 */
export function withChoiceFields(schema: RJSFSchema): { schema: RJSFSchema; uiSchema: UiSchema } {
  if (!isObject(schema.properties)) return { schema, uiSchema: {} };
  const properties: Record<string, unknown> = {};
  const uiSchema: UiSchema = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!isObject(property)) {
      properties[name] = property;
      continue;
    }
    const field = choiceField(property);
    properties[name] = field.schema;
    if (field.ui) uiSchema[name] = field.ui;
  }
  return { schema: { ...schema, properties } as RJSFSchema, uiSchema };
}
