import { z } from 'zod';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './server-name-rule.ts';

/**
 * The zod schemas for MCP inputs that more than one door builds (the contract, the CLI, the
 * `.mcp.json` importer): a server config's transport, its credential injection, and its scope.
 */

export const serverName = z
  .string({ error: 'a server name is required' })
  .trim()
  .regex(SERVER_NAME_PATTERN, SERVER_NAME_RULE);

export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name is letters, digits and underscores, not starting with a digit');

export const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'a header name is letters, digits and - (no spaces or colons)');

/** An http(s) URL, possibly with `${VAR}` placeholders (checked as if each were a plain word). */
export const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    const plain = value.replace(/\$\{[^}]*\}/g, 'x');
    return /^https?:\/\//i.test(plain) && URL.canParse(plain);
  }, 'a URL starts with http:// or https://');

const stdioTransportInput = z
  .object({
    type: z.literal('stdio'),
    command: z.string().trim().min(1, 'a command is required').max(4096),
    args: z.array(z.string().max(8192)).max(256).default([]),
    env: z.record(envVarName, z.string().max(32_768)).default({}),
    cwd: z.string().trim().min(1).max(4096).nullable().default(null),
  })
  .strict();

const remoteTransportInput = z
  .object({
    type: z.enum(['streamable-http', 'sse']),
    url: httpUrl,
    headers: z.record(headerName, z.string().max(8192)).default({}),
  })
  .strict();

export const transportInput = z.discriminatedUnion('type', [stdioTransportInput, remoteTransportInput]);

export const injectionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bearer') }).strict(),
  z.object({ kind: z.literal('api_key'), header: headerName }).strict(),
  z.object({ kind: z.literal('basic') }).strict(),
  z.object({ kind: z.literal('env'), variable: envVarName }).strict(),
]);

export const credentialId = z.string().trim().min(1, 'a credential id is required').max(200);

export const credentialBindingInput = z.object({ credentialId, injection: injectionInput }).strict();

const scopeReference = z.string().trim().min(1).max(200);

/** Where a config lives: the whole workspace, one crew, or one agent (agent beats crew beats workspace). */
export const scopeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workspace') }).strict(),
  z.object({ kind: z.literal('crew'), crew: scopeReference }).strict(),
  z.object({ kind: z.literal('agent'), agent: scopeReference }).strict(),
]);

/** The console environment variables one server's placeholders may read. */
export const allowedEnvInput = z.array(envVarName).max(64, 'at most 64 allowed variables');

export const connectTimeoutMs = z.number().int().min(100).max(600_000);

export const providerName = z.string().trim().min(1).max(80);

export type TransportInput = z.output<typeof transportInput>;
export type InjectionInput = z.output<typeof injectionInput>;
export type ScopeInput = z.output<typeof scopeInput>;
export type CredentialBindingInput = z.output<typeof credentialBindingInput>;
