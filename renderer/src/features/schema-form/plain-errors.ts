import type { SchemaError } from './csp-safe-validator.ts';

type SchemaNode = Record<string, unknown>;

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  null: 'empty',
};

/**
 * A schema error in words a person acts on, naming the field by its title ("City is required",
 * "Count must be at most 100") — never Ajv's wording (`must have required property 'city'`).
 * The validator keeps Ajv's shape, which rjsf needs to place each error on its field.
 */
export function plainMessage(error: SchemaError, rootSchema: unknown): string {
  const missing = typeof error.params.missingProperty === 'string' ? error.params.missingProperty : undefined;
  const path = pathOf(error.instancePath);
  const field = fieldName(rootSchema, missing === undefined ? path : [...path, missing]);
  const limit = String(error.params.limit);
  switch (error.keyword) {
    case 'required':
      return `${field} is required`;
    case 'type':
      return `${field} must be ${String(error.params.type).split(',').map((type) => typeWords[type] ?? type).join(' or ')}`;
    case 'enum':
      return `${field} must be one of: ${listOf(error.params.allowedValues)}`;
    case 'const':
      return `${field} must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'minLength':
      return `${field} needs at least ${limit} character${limit === '1' ? '' : 's'}`;
    case 'maxLength':
      return `${field} takes at most ${limit} characters`;
    case 'pattern':
      return `${field} must match the pattern ${String(error.params.pattern)}`;
    case 'format':
      return `${field} must be a valid ${String(error.params.format)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} must be ${comparisonWords[String(error.params.comparison)] ?? String(error.params.comparison)} ${limit}`;
    case 'multipleOf':
      return `${field} must be a multiple of ${String(error.params.multipleOf)}`;
    case 'minItems':
      return `${field} needs at least ${limit} item${limit === '1' ? '' : 's'}`;
    case 'maxItems':
      return `${field} takes at most ${limit} items`;
    case 'uniqueItems':
      return `${field} has the same item twice`;
    case 'additionalProperties':
      return `${String(error.params.additionalProperty)} is not a field here: remove it`;
    default:
      return `${field}: ${error.message}`;
  }
}

const comparisonWords: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ') : '';
}

function pathOf(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The field's title where its schema has one, else its property name; the whole input at the root. */
function fieldName(rootSchema: unknown, path: string[]): string {
  let node: unknown = rootSchema;
  for (const step of path) {
    const here = (typeof node === 'object' && node !== null ? node : {}) as SchemaNode;
    const properties = (here.properties ?? {}) as SchemaNode;
    node = /^\d+$/.test(step) && here.items ? here.items : properties[step];
  }
  const title = typeof node === 'object' && node !== null ? (node as SchemaNode).title : undefined;
  const name = typeof title === 'string' && title.trim() ? title.trim() : path.at(-1);
  if (name === undefined) return 'The input';
  return name.charAt(0).toUpperCase() + name.slice(1);
}
