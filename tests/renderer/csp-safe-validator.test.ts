import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { checkSchema, cspSafeValidator } from '../../renderer/src/features/schema-form/csp-safe-validator.ts';

/** @cfworker/json-schema behind rjsf's validator slot: what the form relies on beyond the words. */

const messages = (schema: Record<string, unknown>, data: unknown, root?: Record<string, unknown>) => checkSchema(schema, data, root).map((error) => `${error.instancePath} ${error.message}`);

describe('the CSP-safe validator', () => {
  const root = {
    type: 'object',
    properties: { point: { $ref: '#/$defs/point' } },
    $defs: { point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
  };

  it('resolves a part’s local refs against the root, as rjsf checks options on their own', () => {
    const option = { $ref: '#/$defs/point' } as RJSFSchema;
    expect(cspSafeValidator.isValid(option, { x: 1 }, root as RJSFSchema)).toBe(true);
    expect(cspSafeValidator.isValid(option, { x: 'one' }, root as RJSFSchema)).toBe(false);
    expect(messages(option, { x: 'one' }, root)).toEqual(['/x must be number']);
  });

  it('treats a field left undefined as absent, as the JSON sent to the server will', () => {
    expect(messages({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }, { a: undefined })).toEqual([" must have required property 'a'"]);
  });

  it('reads draft 4’s boolean exclusive bounds when the schema says it is draft 4', () => {
    const schema = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', minimum: 1, exclusiveMinimum: true, maximum: 5 };
    expect(messages(schema, 1)).toEqual([' must be > 1']);
    expect(messages(schema, 3)).toEqual([]);
  });

  it('checks formats, and names the property that additionalProperties refuses', () => {
    expect(messages({ type: 'string', format: 'email' }, 'not an address')).toEqual([' must match format "email"']);
    const [extra] = checkSchema({ type: 'object', additionalProperties: false }, { 'a/b': 1 });
    expect(extra).toMatchObject({ instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'a/b' } });
    expect(messages({ type: 'object', additionalProperties: { type: 'number' } }, { 'a b/c': 'x' })).toEqual(['/a b~1c must be number']);
  });

  it('leaves a schema it cannot read to the server instead of blocking the call', () => {
    // JavaScript's `u` mode (cfworker's, and Ajv's) refuses this character class.
    expect(messages({ type: 'string', pattern: '[\\w-.]' }, 'x')).toEqual([]);
    expect(cspSafeValidator.isValid({ $ref: 'https://example.com/elsewhere.json' } as RJSFSchema, 1, {} as RJSFSchema)).toBe(true);
  });
});
