import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { parseJsonText, type TextPosition } from '../errors/json-text.ts';
import { envVarName, headerName, httpUrl, serverName } from './inputs.ts';
import type { McpCredentialBinding, McpServerConfig, McpTransportConfig } from './types.ts';

/**
 * The `.mcp.json` file shape (Claude Code's): `{ "mcpServers": { "<name>": entry } }`, where an
 * entry is `{command, args, env, cwd}` for stdio or `{type: "http" | "sse", url, headers}` for a
 * remote server. Keys this console does not use are accepted and ignored, as other clients add their own.
 */

const stdioEntry = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().trim().min(1, 'a command is required'),
  args: z.array(z.string()).default([]),
  env: z.record(envVarName, z.string()).default({}),
  cwd: z.string().trim().min(1).optional(),
});

const remoteEntry = z.object({
  type: z.enum(['http', 'streamable-http', 'sse']).optional(),
  url: httpUrl,
  headers: z.record(headerName, z.string()).default({}),
});

const fileShape = z.object({ mcpServers: z.record(z.string(), z.unknown()) });

export interface McpJsonEntry {
  name: string;
  transport: McpTransportConfig;
}

export function parseMcpJson(text: string, fileName = '.mcp.json'): McpJsonEntry[] {
  const located = parseJsonText(text);
  if (!located.ok) throw malformed(fileName, located.error, located.error.message);
  const shape = fileShape.safeParse(located.value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw malformed(fileName, located.positionOf(issue?.path as (string | number)[] ?? []), 'the file must be an object with an "mcpServers" object');
  }
  return Object.entries(shape.data.mcpServers).map(([name, raw]) => {
    const at = (path: readonly PropertyKey[]) => located.positionOf(['mcpServers', name, ...(path as (string | number)[])]);
    if (!serverName.safeParse(name).success) throw malformed(fileName, at([]), `"${name}" is not a usable server name (letters, digits, . _ -; at most 64)`);
    return { name, transport: toTransport(raw, (path, message) => malformed(fileName, at(path), `mcpServers.${name}: ${message}`)) };
  });
}

function toTransport(raw: unknown, fail: (path: readonly PropertyKey[], message: string) => AppError): McpTransportConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail([], 'an entry must be an object');
  const entry = raw as Record<string, unknown>;
  const type = entry['type'];
  const isRemote = type === 'http' || type === 'streamable-http' || type === 'sse' || (type === undefined && 'url' in entry && !('command' in entry));
  if (type !== undefined && type !== 'stdio' && !isRemote) throw fail(['type'], `the type "${String(type)}" is not one of stdio, http, streamable-http, sse`);
  const parsed = (isRemote ? remoteEntry : stdioEntry).safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    // A record's bad key is reported with the key's own rule (zod nests it).
    const message = (issue?.code === 'invalid_key' ? issue.issues[0]?.message : undefined) ?? issue?.message ?? 'invalid entry';
    throw fail(path, `${path.length ? `${path.join('.')}: ` : ''}${message}`);
  }
  if (isRemote) {
    const remote = parsed.data as z.output<typeof remoteEntry>;
    return { type: remote.type === 'sse' ? 'sse' : 'streamable-http', url: remote.url, headers: remote.headers };
  }
  const stdio = parsed.data as z.output<typeof stdioEntry>;
  return { type: 'stdio', command: stdio.command, args: stdio.args, env: stdio.env, cwd: stdio.cwd ?? null };
}

function malformed(fileName: string, position: TextPosition, problem: string): AppError {
  return new AppError(
    'mcp_json_malformed',
    `${fileName}:${position.line}:${position.column}: ${problem}.`,
    'Fix the file at that line and column and import it again; nothing was changed.',
  );
}

/**
 * One config as a `.mcp.json` entry. An injected credential appears as a placeholder for its
 * variable (for example `"Authorization": "Bearer ${GITHUB_TOKEN}"`), never as its value.
 */
export function toMcpJsonEntry(config: Pick<McpServerConfig, 'transport' | 'credential'> & Partial<Pick<McpServerConfig, 'managedBy'>>): Record<string, unknown> {
  const { transport, credential } = config;
  if (transport.type === 'stdio') {
    const env = { ...transport.env, ...(credential?.injection.kind === 'env' ? { [credential.injection.variable]: `\${${credential.variable}}` } : {}) };
    return {
      command: transport.command,
      ...(transport.args.length > 0 ? { args: transport.args } : {}),
      ...(Object.keys(env).length > 0 ? { env } : {}),
      ...(transport.cwd ? { cwd: transport.cwd } : {}),
    };
  }
  const headers = { ...transport.headers, ...injectedHeaderPlaceholder(credential), ...(config.managedBy === 'composio' ? { 'x-api-key': `\${COMPOSIO_API_KEY}` } : {}) };
  return {
    type: transport.type === 'sse' ? 'sse' : 'http',
    url: transport.url,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

function injectedHeaderPlaceholder(credential: McpCredentialBinding | null): Record<string, string> {
  if (!credential) return {};
  const placeholder = `\${${credential.variable}}`;
  switch (credential.injection.kind) {
    case 'bearer':
      return { Authorization: `Bearer ${placeholder}` };
    case 'basic':
      return { Authorization: `Basic ${placeholder}` };
    case 'api_key':
      return { [credential.injection.header]: placeholder };
    case 'env':
      return {};
  }
}

export function formatMcpJson(entries: ReadonlyArray<{ name: string; entry: Record<string, unknown> }>): string {
  const mcpServers = Object.fromEntries(entries.map(({ name, entry }) => [name, entry]));
  return `${JSON.stringify({ mcpServers }, null, 2)}\n`;
}
