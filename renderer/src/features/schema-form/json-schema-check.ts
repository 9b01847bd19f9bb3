/**
 * A JSON Schema validator that never compiles code. The console's CSP (`script-src 'self'`, no
 * 'unsafe-eval') forbids the `new Function` that Ajv is built on, so tool schemas are interpreted
 * here instead. It covers the keywords MCP servers put in input and output schemas (drafts 7 and
 * 2020-12 as zod and pydantic emit them); keywords it does not know are ignored, as annotations
 * are, and the server still validates every call itself.
 */

import { deepEquals } from '@rjsf/utils';

export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Shaped like Ajv's ErrorObject, so messages read the same as elsewhere in the JSON Schema world. */
export interface SchemaError {
  /** JSON Pointer into the data, e.g. `/items/0/name`; '' for the root. */
  instancePath: string;
  /** JSON Pointer into the schema, e.g. `#/properties/items/minItems`. */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

const MAX_REF_DEPTH = 64;

export function checkSchema(schema: JsonSchema, data: unknown, rootSchema: JsonSchema = schema): SchemaError[] {
  const errors: SchemaError[] = [];
  visit({ schema, data, root: rootSchema, instancePath: '', schemaPath: '#', errors, refDepth: 0 });
  return errors;
}

export function isValidAgainst(schema: JsonSchema, data: unknown, rootSchema: JsonSchema = schema): boolean {
  return checkSchema(schema, data, rootSchema).length === 0;
}

interface Visit {
  schema: JsonSchema;
  data: unknown;
  root: JsonSchema;
  instancePath: string;
  schemaPath: string;
  errors: SchemaError[];
  refDepth: number;
}

type SchemaObject = { [keyword: string]: unknown };

function visit(at: Visit): void {
  const { schema } = at;
  if (schema === true) return;
  if (schema === false) {
    fail(at, 'false schema', {}, 'boolean schema is false');
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  if (typeof schema.$ref === 'string') checkRef(at, schema.$ref);
  checkType(at, schema);
  checkEnumAndConst(at, schema);
  if (typeof at.data === 'string') checkString(at, schema, at.data);
  if (typeof at.data === 'number') checkNumber(at, schema, at.data);
  if (Array.isArray(at.data)) checkArray(at, schema, at.data);
  else if (isPlainObject(at.data)) checkObject(at, schema, at.data);
  checkCombinators(at, schema);
}

function checkRef(at: Visit, ref: string): void {
  if (at.refDepth >= MAX_REF_DEPTH) return;
  const target = resolvePointer(at.root, ref);
  if (target === undefined) return;
  visit({ ...at, schema: target, schemaPath: ref, refDepth: at.refDepth + 1 });
}

/** Local references only (`#/$defs/x`, `#/definitions/x`, or prefixed as rjsf writes them, `__rjsf_rootSchema#/…`). */
function resolvePointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  const hash = ref.indexOf('#');
  if (hash === -1) return undefined;
  const pointer = ref.slice(hash + 1);
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as SchemaObject)[key];
  }
  return typeof node === 'boolean' || (typeof node === 'object' && node !== null) ? (node as JsonSchema) : undefined;
}

function checkType(at: Visit, schema: SchemaObject): void {
  const declared = schema.type;
  if (declared === undefined) return;
  const types = Array.isArray(declared) ? declared : [declared];
  if (types.some((type) => matchesType(type, at.data))) return;
  fail(at, 'type', { type: types.join(',') }, `must be ${types.join(',')}`, 'type');
}

function matchesType(type: unknown, data: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof data === 'string';
    case 'number':
      return typeof data === 'number' && Number.isFinite(data);
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data);
    case 'boolean':
      return typeof data === 'boolean';
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isPlainObject(data);
    default:
      return false;
  }
}

function checkEnumAndConst(at: Visit, schema: SchemaObject): void {
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => deepEquals(allowed, at.data))) {
    fail(at, 'enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values', 'enum');
  }
  if ('const' in schema && !deepEquals(schema.const, at.data)) {
    fail(at, 'const', { allowedValue: schema.const }, 'must be equal to constant', 'const');
  }
}

function checkString(at: Visit, schema: SchemaObject, data: string): void {
  const length = [...data].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    fail(at, 'minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`, 'minLength');
  }
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    fail(at, 'maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`, 'maxLength');
  }
  if (typeof schema.pattern === 'string') {
    const pattern = compilePattern(schema.pattern);
    if (pattern && !pattern.test(data)) fail(at, 'pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`, 'pattern');
  }
}

/** A pattern this engine cannot parse is skipped rather than blamed on the operator's input. */
function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    try {
      return new RegExp(source);
    } catch {
      return undefined;
    }
  }
}

function checkNumber(at: Visit, schema: SchemaObject, data: number): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  // Draft 4 wrote exclusive bounds as booleans beside minimum/maximum; later drafts as numbers.
  if (typeof minimum === 'number') {
    if (exclusiveMinimum === true ? data <= minimum : data < minimum) {
      const comparison = exclusiveMinimum === true ? '>' : '>=';
      fail(at, 'minimum', { comparison, limit: minimum }, `must be ${comparison} ${minimum}`, 'minimum');
    }
  }
  if (typeof maximum === 'number') {
    if (exclusiveMaximum === true ? data >= maximum : data > maximum) {
      const comparison = exclusiveMaximum === true ? '<' : '<=';
      fail(at, 'maximum', { comparison, limit: maximum }, `must be ${comparison} ${maximum}`, 'maximum');
    }
  }
  if (typeof exclusiveMinimum === 'number' && data <= exclusiveMinimum) {
    fail(at, 'exclusiveMinimum', { comparison: '>', limit: exclusiveMinimum }, `must be > ${exclusiveMinimum}`, 'exclusiveMinimum');
  }
  if (typeof exclusiveMaximum === 'number' && data >= exclusiveMaximum) {
    fail(at, 'exclusiveMaximum', { comparison: '<', limit: exclusiveMaximum }, `must be < ${exclusiveMaximum}`, 'exclusiveMaximum');
  }
  if (typeof multipleOf === 'number' && multipleOf > 0) {
    const quotient = data / multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
      fail(at, 'multipleOf', { multipleOf }, `must be multiple of ${multipleOf}`, 'multipleOf');
    }
  }
}

function checkArray(at: Visit, schema: SchemaObject, data: unknown[]): void {
  if (typeof schema.minItems === 'number' && data.length < schema.minItems) {
    fail(at, 'minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`, 'minItems');
  }
  if (typeof schema.maxItems === 'number' && data.length > schema.maxItems) {
    fail(at, 'maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`, 'maxItems');
  }
  if (schema.uniqueItems === true) checkUnique(at, data);

  // A tuple is `prefixItems` (2020-12) or an array-valued `items` (draft 7); the rest follow `items` or `additionalItems`.
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const tupleKeyword = Array.isArray(schema.prefixItems) ? 'prefixItems' : 'items';
  const restKeyword = Array.isArray(schema.prefixItems) || !Array.isArray(schema.items) ? 'items' : 'additionalItems';
  const rest = schema[restKeyword];
  data.forEach((item, index) => {
    const itemSchema = index < tuple.length ? tuple[index] : rest;
    if (!isSchema(itemSchema)) return;
    const schemaPath = index < tuple.length ? `${at.schemaPath}/${tupleKeyword}/${index}` : `${at.schemaPath}/${restKeyword}`;
    visit({ ...at, schema: itemSchema, data: item, instancePath: `${at.instancePath}/${index}`, schemaPath });
  });

  if (isSchema(schema.contains) && !data.some((item) => isValidAgainst(schema.contains as JsonSchema, item, at.root))) {
    fail(at, 'contains', {}, 'must contain at least 1 valid item(s)', 'contains');
  }
}

function checkUnique(at: Visit, data: unknown[]): void {
  for (let j = 1; j < data.length; j++) {
    for (let i = 0; i < j; i++) {
      if (deepEquals(data[i], data[j])) {
        fail(at, 'uniqueItems', { i, j }, `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, 'uniqueItems');
        return;
      }
    }
  }
}

function checkObject(at: Visit, schema: SchemaObject, data: Record<string, unknown>): void {
  const keys = Object.keys(data);
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(data, name)) {
        fail(at, 'required', { missingProperty: name }, `must have required property '${name}'`, 'required');
      }
    }
  }
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) {
    fail(at, 'minProperties', { limit: schema.minProperties }, `must NOT have fewer than ${schema.minProperties} properties`, 'minProperties');
  }
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
    fail(at, 'maxProperties', { limit: schema.maxProperties }, `must NOT have more than ${schema.maxProperties} properties`, 'maxProperties');
  }

  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const patterns = isPlainObject(schema.patternProperties)
    ? Object.entries(schema.patternProperties).flatMap(([source, patternSchema]) => {
        const pattern = compilePattern(source);
        return pattern && isSchema(patternSchema) ? [{ source, pattern, schema: patternSchema }] : [];
      })
    : [];

  for (const key of keys) {
    const value = data[key];
    const instancePath = `${at.instancePath}/${escapePointer(key)}`;
    let matched = false;
    if (Object.hasOwn(properties, key) && isSchema(properties[key])) {
      matched = true;
      visit({ ...at, schema: properties[key] as JsonSchema, data: value, instancePath, schemaPath: `${at.schemaPath}/properties/${escapePointer(key)}` });
    }
    for (const entry of patterns) {
      if (!entry.pattern.test(key)) continue;
      matched = true;
      visit({ ...at, schema: entry.schema, data: value, instancePath, schemaPath: `${at.schemaPath}/patternProperties/${escapePointer(entry.source)}` });
    }
    if (matched) continue;
    if (schema.additionalProperties === false) {
      fail(at, 'additionalProperties', { additionalProperty: key }, 'must NOT have additional properties', 'additionalProperties');
    } else if (isPlainObject(schema.additionalProperties)) {
      visit({ ...at, schema: schema.additionalProperties, data: value, instancePath, schemaPath: `${at.schemaPath}/additionalProperties` });
    }
  }
}

function checkCombinators(at: Visit, schema: SchemaObject): void {
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((part, index) => {
      if (isSchema(part)) visit({ ...at, schema: part, schemaPath: `${at.schemaPath}/allOf/${index}` });
    });
  }
  if (Array.isArray(schema.anyOf)) {
    const parts = schema.anyOf.filter(isSchema);
    if (!parts.some((part) => isValidAgainst(part, at.data, at.root))) fail(at, 'anyOf', {}, 'must match a schema in anyOf', 'anyOf');
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = schema.oneOf.filter(isSchema).filter((part) => isValidAgainst(part, at.data, at.root)).length;
    if (passing !== 1) fail(at, 'oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf', 'oneOf');
  }
  if (isSchema(schema.not) && isValidAgainst(schema.not, at.data, at.root)) fail(at, 'not', {}, 'must NOT be valid', 'not');
  if (isSchema(schema.if)) {
    const branch = isValidAgainst(schema.if, at.data, at.root) ? 'then' : 'else';
    const next = schema[branch];
    if (isSchema(next)) visit({ ...at, schema: next, schemaPath: `${at.schemaPath}/${branch}` });
  }
}

function fail(at: Visit, keyword: string, params: Record<string, unknown>, message: string, schemaKeyword?: string): void {
  const schemaPath = schemaKeyword ? `${at.schemaPath}/${schemaKeyword}` : at.schemaPath;
  at.errors.push({ instancePath: at.instancePath, schemaPath, keyword, params, message });
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
