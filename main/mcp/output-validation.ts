import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { Sdk } from './sdk.ts';
import type { ServerLog } from './server-log.ts';
import type { McpContent, McpOutputValidation, McpTool, McpToolResult } from './types.ts';

/**
 * A tool's `structuredContent` checked against its `outputSchema`, with one compiled validator per
 * tool as the server listed it (a list fetched again brings new tool objects, so new validators).
 * One per connection: the schema compiler caches schemas by `$id`, which is only unique per server.
 */
export class OutputValidation {
  private readonly log: ServerLog;
  private readonly validators = new WeakMap<McpTool, JsonSchemaValidator<unknown> | null>();
  private compiler: jsonSchemaValidator | undefined;

  constructor(log: ServerLog) {
    this.log = log;
  }

  /** The connection's schema compiler; the schemas of servers' requests for input are compiled with it too. */
  schemas(sdk: Sdk): jsonSchemaValidator {
    this.compiler ??= new sdk.AjvJsonSchemaValidator();
    return this.compiler;
  }

  /** A tool's answer as the contract has it, with the verdict on its structured output. */
  toolResult(sdk: Sdk, tool: McpTool | undefined, raw: CallToolResult): McpToolResult {
    const isError = raw.isError === true;
    const structuredContent = (raw.structuredContent as Record<string, unknown> | undefined) ?? null;
    return {
      content: raw.content as McpContent[],
      structuredContent,
      isError,
      meta: (raw._meta as Record<string, unknown> | undefined) ?? null,
      outputValidation: this.verdict(sdk, tool, structuredContent, isError),
    };
  }

  /** Reported with the result instead of thrown (as the SDK's callTool does), so the tester can show both. */
  private verdict(sdk: Sdk, tool: McpTool | undefined, structured: Record<string, unknown> | null, isError: boolean): McpOutputValidation {
    const validator = tool ? this.validatorFor(sdk, tool) : null;
    if (!validator || isError) return { checked: false, valid: null, errors: [] };
    if (structured === null) {
      return { checked: true, valid: false, errors: ['the tool declares an outputSchema but returned no structuredContent'] };
    }
    const result = validator(structured);
    return result.valid ? { checked: true, valid: true, errors: [] } : { checked: true, valid: false, errors: [result.errorMessage] };
  }

  private validatorFor(sdk: Sdk, tool: McpTool): JsonSchemaValidator<unknown> | null {
    if (!this.validators.has(tool)) {
      let validator: JsonSchemaValidator<unknown> | null = null;
      try {
        validator = tool.outputSchema ? this.schemas(sdk).getValidator(tool.outputSchema as JsonSchemaType) : null;
      } catch (error) {
        this.log.add('lifecycle', `the outputSchema of ${tool.name} does not compile: ${error instanceof Error ? error.message : String(error)}`, 'warning');
      }
      this.validators.set(tool, validator);
    }
    return this.validators.get(tool) ?? null;
  }
}
