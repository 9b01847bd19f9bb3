import { existsSync, statSync } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { resolvePlaceholders } from './placeholders.ts';
import { Redactor } from './redact.ts';
import type { McpServerConfig, McpTransportConfig } from './types.ts';

/**
 * What one connection is opened with: the config with its placeholders resolved and its credential
 * injected. It holds secrets, so it lives only as long as the connect attempt and the connection,
 * and never leaves the gateway; `redactor` removes those secrets from whatever the connection emits.
 */
export interface ConnectionPlan {
  transport: McpTransportConfig;
  redactor: Redactor;
}

/** What a bound credential gives one connection: its token, and (for basic) the user name. */
export interface CredentialSecret {
  token: string;
  username: string | null;
}

export interface PlanSources {
  readSecret(credentialId: string): CredentialSecret;
  /** The console's own environment, where placeholders not bound to a credential come from. */
  env: Readonly<Record<string, string | undefined>>;
}

export function planConnection(config: McpServerConfig, sources: PlanSources): ConnectionPlan {
  const secrets: string[] = [];
  const credential = config.credential ? injectedValue(config, sources) : undefined;
  if (credential) secrets.push(credential.token, credential.variableValue);
  const lookup = (name: string) => (credential && name === config.credential?.variable ? credential.variableValue : sources.env[name]);
  const resolve = (text: string, field: string) => {
    const resolved = resolvePlaceholders(text, lookup, `${field} of MCP server "${config.name}"`);
    secrets.push(...resolved.values);
    return resolved.text;
  };

  const source = config.transport;
  let transport: McpTransportConfig;
  if (source.type === 'stdio') {
    const env = Object.fromEntries(Object.entries(source.env).map(([key, value]) => [key, resolve(value, `env.${key}`)]));
    if (credential && config.credential?.injection.kind === 'env') env[config.credential.injection.variable] = credential.token;
    const cwd = source.cwd === null ? null : resolve(source.cwd, 'cwd');
    if (cwd !== null) requireDirectory(cwd, config.name);
    transport = {
      type: 'stdio',
      command: resolve(source.command, 'command'),
      args: source.args.map((arg, i) => resolve(arg, `args[${i}]`)),
      env,
      cwd,
    };
  } else {
    const headers = Object.fromEntries(Object.entries(source.headers).map(([key, value]) => [key, resolve(value, `headers.${key}`)]));
    if (credential && config.credential) Object.assign(withoutHeader(headers, credential.header), { [credential.header]: credential.headerValue });
    transport = { type: source.type, url: resolve(source.url, 'url'), headers };
  }
  return { transport, redactor: new Redactor(secrets) };
}

interface InjectedValue {
  token: string;
  /** What `${<variable>}` resolves to: the token, or for basic the base64 `user:password`. */
  variableValue: string;
  header: string;
  headerValue: string;
}

function injectedValue(config: McpServerConfig, sources: PlanSources): InjectedValue {
  const binding = config.credential!;
  let secret: CredentialSecret;
  try {
    secret = sources.readSecret(binding.credentialId);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError(error.code, `MCP server "${config.name}": ${error.message}`, error.hint, error.kind, { cause: error });
    }
    throw error;
  }
  const { token } = secret;
  switch (binding.injection.kind) {
    case 'bearer':
      return { token, variableValue: token, header: 'Authorization', headerValue: `Bearer ${token}` };
    case 'api_key':
      return { token, variableValue: token, header: binding.injection.header, headerValue: token };
    case 'basic': {
      // A token already in `user:password` form is used as it is; otherwise the client id is the user.
      const pair = secret.username && !token.includes(':') ? `${secret.username}:${token}` : token;
      const encoded = Buffer.from(pair, 'utf8').toString('base64');
      return { token, variableValue: encoded, header: 'Authorization', headerValue: `Basic ${encoded}` };
    }
    case 'env':
      return { token, variableValue: token, header: '', headerValue: '' };
  }
}

/** Headers are case-insensitive: an injected Authorization replaces any `authorization` the config had. */
function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  return headers;
}

function requireDirectory(cwd: string, serverName: string): void {
  if (existsSync(cwd) && statSync(cwd).isDirectory()) return;
  throw new AppError(
    'mcp_cwd_missing',
    `The working directory ${cwd} of MCP server "${serverName}" does not exist.`,
    'Create the directory, or edit the server’s cwd.',
    'bad_input',
  );
}
