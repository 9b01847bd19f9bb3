import { toErrorSchema, type RJSFSchema, type RJSFValidationError, type ValidationData, type ValidatorType } from '@rjsf/utils';
import { checkSchema, isValidAgainst, type SchemaError } from './json-schema-check.ts';

/**
 * rjsf's validator slot, filled by the interpreting checker instead of Ajv (which needs
 * `new Function`, refused by the console's CSP). The tool tester passes rjsf neither
 * customValidate nor transformErrors, so those parameters are not taken.
 */
export const cspSafeValidator: ValidatorType<unknown, RJSFSchema> = {
  validateFormData(formData: unknown, schema: RJSFSchema): ValidationData<unknown> {
    const errors = checkSchema(schema, formData).map(toRjsfError);
    return { errors, errorSchema: toErrorSchema(errors) };
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return isValidAgainst(schema, formData, rootSchema);
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
    return { errors: checkSchema(schema, formData) as Result[] };
  },
};

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
