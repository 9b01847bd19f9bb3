import { Validator, type Schema } from '@cfworker/json-schema';
import { AppError } from '../errors/app-error.ts';

/** The keywords whose failure only says that something inside failed (the inner failure is reported itself). */
const WRAPPERS: ReadonlySet<string> = new Set(['properties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', '$ref', 'additionalProperties', 'dependentSchemas', 'unevaluatedProperties']);

/** The keys of a JSON Pointer as the validator writes it (`#/properties/channel/pattern`). */
function pointerKeys(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** What a pointer names in a schema or a value. */
function valueAt(root: unknown, pointer: string): unknown {
  return pointerKeys(pointer).reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return Number.isInteger(value) ? 'integer' : typeof value;
}

/** "a string", "an integer", "a string or null". */
function article(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map(String);
  return names.map((name) => (name === 'null' ? 'null' : `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`)).join(' or ');
}

/** One phrase per problem, each naming its field: `repo: is required`, `interval: 0 is less than 1`. */
function problemsOf(schema: Record<string, unknown>, config: Record<string, unknown>): string[] {
  let result;
  try {
    result = new Validator(schema as Schema, '2020-12', false).validate(config);
  } catch {
    // A schema the validator cannot read: Composio, which checks every config itself, has the last word.
    return [];
  }
  const problems = result.errors
    .filter((error) => !WRAPPERS.has(error.keyword))
    .map((error) => {
      const field = pointerKeys(error.instanceLocation).join('.') || '(config)';
      const required = /required property "([^"]+)"/.exec(error.error)?.[1];
      if (error.keyword === 'required' && required) return `${field === '(config)' ? '' : `${field}.`}${required}: is required`;
      if (error.keyword === 'pattern') return `${field}: does not match the pattern ${String(valueAt(schema, error.keywordLocation))}`;
      if (error.keyword === 'type') return `${field}: must be ${article(valueAt(schema, error.keywordLocation))} (it is ${article(kindOf(valueAt(config, error.instanceLocation)))})`;
      return `${field}: ${error.error.replace(/^Instance /, '').replace(/\.+$/, '')}`;
    });
  const properties = schema.properties;
  if (properties && typeof properties === 'object' && schema.additionalProperties !== true) {
    const known = Object.keys(properties);
    for (const name of Object.keys(config)) if (!known.includes(name)) problems.push(`${name}: is not a field of this trigger (its fields: ${known.join(', ') || 'none'})`);
  }
  return [...new Set(problems)];
}

/** Refuses a config its trigger type's schema does not accept, naming every problem; nothing is sent to Composio. */
export function checkTriggerConfig(slug: string, schema: Record<string, unknown>, config: Record<string, unknown>): void {
  const problems = problemsOf(schema, config);
  if (problems.length === 0) return;
  throw new AppError(
    'composio_trigger_config_invalid',
    `The config does not fit ${slug}: ${problems.join('; ')}.`,
    '`crewship integration composio triggers types <app>` shows each trigger’s fields; fix the ones named and create it again.',
  );
}
