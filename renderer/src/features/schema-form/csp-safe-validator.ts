import { dereference, initialBaseURI, validate, type OutputUnit, type Schema, type SchemaDraft, type ValidationResult } from '@cfworker/json-schema';
import { plainMessage } from './plain-errors.ts';
import { toErrorSchema, type RJSFSchema, type RJSFValidationError, type ValidationData, type ValidatorType } from '@rjsf/utils';

/**
 * JSON Schema checks for the generated forms and the raw JSON view, by @cfworker/json-schema. Ajv,
 * rjsf's own validator, compiles each schema with `new Function`, which the console's CSP
 * (`script-src 'self'`, no 'unsafe-eval') refuses; cfworker interprets the schema instead (drafts
 * 4 to 2020-12). Its findings are reported in Ajv's ErrorObject shape and words, because rjsf
 * places errors on fields from that shape, and the words read as they do elsewhere in the JSON
 * Schema world.
 */

type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaError {
  /** JSON Pointer into the data, e.g. `/items/0/name`; '' for the root. */
  instancePath: string;
  /** Where in the schema, as the validator walked it, e.g. `#/properties/items/minItems`. */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * rjsf's validator slot. The tool tester passes rjsf neither customValidate nor transformErrors,
 * so those parameters are not taken.
 */
export const cspSafeValidator: ValidatorType<unknown, RJSFSchema> = {
  validateFormData(formData: unknown, schema: RJSFSchema): ValidationData<unknown> {
    // Shown beside the fields: in plain words, not Ajv's.
    const errors = checkSchema(schema, formData).map((error) => toRjsfError({ ...error, message: plainMessage(error, schema) }));
    return { errors, errorSchema: toErrorSchema(errors) };
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return run(schema, formData, rootSchema)?.result.valid ?? true;
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
    return { errors: checkSchema(schema, formData) as Result[] };
  },
};

export function checkSchema(schema: JsonSchema, data: unknown, rootSchema: JsonSchema = schema): SchemaError[] {
  const checked = run(schema, data, rootSchema);
  return checked ? toAjvErrors(checked.result.errors, (location) => keywordOwner(schema, location, checked.lookup)) : [];
}

type Lookup = Record<string, Schema | boolean>;

/**
 * undefined when cfworker cannot read the schema (a `$ref` outside it, a pattern that JavaScript's
 * `u` mode refuses, as Ajv's does): the form then lets the value through and the server, which
 * validates every call and answer itself, has the last word.
 */
function run(schema: JsonSchema, data: unknown, rootSchema: JsonSchema): { result: ValidationResult; lookup: Lookup } | undefined {
  try {
    const lookup = lookupFor(schema as Schema | boolean, rootSchema as Schema | boolean);
    return { result: validate(asSent(data), schema as Schema | boolean, draftOf(rootSchema), lookup, false), lookup };
  } catch {
    return undefined;
  }
}

/** Arguments and answers go out as JSON: an undefined field is absent (as Ajv treats it), and cfworker never meets `undefined`, which it refuses. */
function asSent(data: unknown): unknown {
  const text = JSON.stringify(data);
  return text === undefined ? null : JSON.parse(text);
}

function draftOf(schema: JsonSchema): SchemaDraft {
  const declared = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-06') || declared.includes('draft-07')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

const rootLookups = new WeakMap<object, Lookup>();

/** cfworker resolves `$ref`s through a lookup built by walking the schema once; each root's is kept. */
function lookupFor(schema: Schema | boolean, root: Schema | boolean): Lookup {
  let rootLookup = typeof root === 'object' ? rootLookups.get(root) : undefined;
  if (!rootLookup) {
    rootLookup = dereference(root);
    if (typeof root === 'object') rootLookups.set(root, rootLookup);
  }
  if (schema === root) return rootLookup;
  // rjsf checks a part of the root on its own (an anyOf option, an if): its `#/…` refs still mean the root's.
  return dereference(schema, Object.create(rootLookup) as Lookup, initialBaseURI, '/__part');
}

/** cfworker reports a failing `properties`, `items`, `$ref`… and then, after it, what failed inside; Ajv reports only the latter. */
const wrapperKeywords = new Set([
  '$ref',
  '$recursiveRef',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'allOf',
  'if',
  'dependentSchemas',
]);

function toAjvErrors(units: OutputUnit[], ownerAt: (keywordLocation: string) => Record<string, unknown>): SchemaError[] {
  const errors: SchemaError[] = [];
  for (let index = 0; index < units.length; index++) {
    const unit = units[index]!;
    const next = units[index + 1];
    if ((unit.keyword === 'additionalProperties' || unit.keyword === 'unevaluatedProperties') && next?.keyword === 'false') {
      // `additionalProperties: false`: cfworker fails the property against the false schema; Ajv blames the object.
      const property = pointerToPath(next.instanceLocation).at(-1) ?? '';
      const word = unit.keyword === 'additionalProperties' ? 'additional' : 'unevaluated';
      errors.push(ajvError(unit, `must NOT have ${word} properties`, { [`${word}Property`]: property }));
      index++;
      continue;
    }
    const isWrapper = wrapperKeywords.has(unit.keyword) || (unit.keyword === 'dependencies' && next?.keywordLocation.startsWith(`${unit.keywordLocation}/`));
    if (!isWrapper) errors.push(inAjvWords(unit, ownerAt(unit.keywordLocation)));
  }
  return errors;
}

function inAjvWords(unit: OutputUnit, owner: Record<string, unknown>): SchemaError {
  const value = owner[unit.keyword];
  const say = (message: string, params: Record<string, unknown> = {}) => ajvError(unit, message, params);
  switch (unit.keyword) {
    case 'false':
      return { ...say('boolean schema is false'), keyword: 'false schema' };
    case 'type': {
      const type = [value].flat().join(',');
      return say(`must be ${type}`, { type });
    }
    case 'enum':
      return say('must be equal to one of the allowed values', { allowedValues: value });
    case 'const':
      return say('must be equal to constant', { allowedValue: value });
    case 'minLength':
    case 'maxLength':
      return say(`must NOT have ${unit.keyword === 'minLength' ? 'fewer' : 'more'} than ${String(value)} characters`, { limit: value });
    case 'pattern':
      return say(`must match pattern "${String(value)}"`, { pattern: value });
    case 'format':
      return say(`must match format "${String(value)}"`, { format: value });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const comparison = comparisonOf(unit.keyword, owner);
      return say(`must be ${comparison} ${String(value)}`, { comparison, limit: value });
    }
    case 'multipleOf':
      return say(`must be multiple of ${String(value)}`, { multipleOf: value });
    case 'minItems':
    case 'maxItems':
      return say(`must NOT have ${unit.keyword === 'minItems' ? 'fewer' : 'more'} than ${String(value)} items`, { limit: value });
    case 'minProperties':
    case 'maxProperties':
      return say(`must NOT have ${unit.keyword === 'minProperties' ? 'fewer' : 'more'} than ${String(value)} properties`, { limit: value });
    case 'uniqueItems': {
      const [first, second] = numbersIn(unit.error);
      return say(`must NOT have duplicate items (items ## ${second} and ${first} are identical)`, { i: first, j: second });
    }
    case 'required': {
      const missingProperty = /property "(.*)"\.$/s.exec(unit.error)?.[1] ?? '';
      return say(`must have required property '${missingProperty}'`, { missingProperty });
    }
    case 'dependentRequired':
    case 'dependencies': {
      const [, property = '', missingProperty = ''] = /^Instance has "(.*)" but does not have "(.*)"\.$/s.exec(unit.error) ?? [];
      return say(`must have property ${missingProperty} when property ${property} is present`, { property, missingProperty });
    }
    case 'contains':
      return say('must contain at least 1 valid item(s)', { minContains: 1 });
    case 'minContains':
    case 'maxContains':
      return say(`must contain at ${unit.keyword === 'minContains' ? 'least' : 'most'} ${String(value)} valid item(s)`, { [unit.keyword]: value });
    case 'anyOf':
      return say('must match a schema in anyOf');
    case 'oneOf':
      return say('must match exactly one schema in oneOf', { passingSchemas: numbersIn(unit.error)[0] });
    case 'not':
      return say('must NOT be valid');
    default:
      return say(unit.error);
  }
}

/** Draft 4 wrote exclusive bounds as booleans beside minimum and maximum; later drafts as numbers of their own. */
function comparisonOf(keyword: string, owner: Record<string, unknown>): string {
  if (keyword === 'exclusiveMinimum') return '>';
  if (keyword === 'exclusiveMaximum') return '<';
  const exclusive = owner[keyword === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'] === true;
  return keyword === 'minimum' ? (exclusive ? '>' : '>=') : exclusive ? '<' : '<=';
}

function ajvError(unit: OutputUnit, message: string, params: Record<string, unknown>): SchemaError {
  return { instancePath: pointerToPath(unit.instanceLocation).map(escapePointer).map((part) => `/${part}`).join(''), schemaPath: unit.keywordLocation, keyword: unit.keyword, params, message };
}

function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));
}

/**
 * The schema object that holds the failing keyword: cfworker's keywordLocation is the path it
 * walked, through `$ref`s, so each `$ref` step is followed through its lookup.
 */
function keywordOwner(schema: JsonSchema, keywordLocation: string, lookup: Lookup): Record<string, unknown> {
  let node: unknown = schema;
  for (const step of pointerToPath(keywordLocation).slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return {};
    const here = node as Schema;
    node = step === '$ref' && typeof here.$ref === 'string' ? lookup[here.__absolute_ref__ ?? here.$ref] : here[step];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
}

/** cfworker's locations are URI fragments (`#/a%20b/0`) of JSON Pointers. */
function pointerToPath(location: string): string[] {
  return location
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Errors on a missing property belong to that property's field, as rjsf's Ajv adapter places them. */
function toRjsfError(error: SchemaError): RJSFValidationError {
  const parent = error.instancePath.replace(/\//g, '.');
  const missing = typeof error.params.missingProperty === 'string' ? error.params.missingProperty : undefined;
  const property = missing === undefined ? parent : parent ? `${parent}.${missing}` : missing;
  return {
    name: error.keyword,
    property,
    message: error.message,
    params: error.params,
    schemaPath: error.schemaPath,
    stack: `${property} ${error.message}`.trim(),
  };
}
