import { existsSync, statSync } from 'node:fs';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AppError } from '../errors/app-error.ts';
import type { CredentialSecret, CredentialSecretSource } from './credential-secrets.ts';
import { allowEnvHint, isReservedVariable, mayReadEnvironment, placeholderPolicyOf, requireAllowedPlaceholders, resolvePlaceholders } from './placeholders.ts';
import { Redactor } from './redact.ts';
import type { McpCredentialBinding, McpServerConfig, McpTransportConfig } from './types.ts';

/**
 * What one connection is opened with: the config with its placeholders resolved and its credential
 * injected. It holds secrets, so it lives only as long as the connect attempt and the connection,
 * and never leaves the gateway; `redactor` removes those secrets from whatever the connection emits.
 */
export interface ConnectionPlan {
  transport: McpTransportConfig;
  redactor: Redactor;
  /**
   * For a remote server with a bound credential: the fetch its transport uses, which sets the
   * credential's current header on every request (a token refreshed meanwhile is used at once) and,
   * when the server answers 401, renews the token and sends the request once more.
   */
  fetch: FetchLike | null;
  /** The credential token a stdio child is started with: its environment cannot change while it runs. */
  childToken: string | null;
  /** For a remote server without a bound credential: its OAuth sign-in (the MCP authorization spec), from the mcp-auth domain. */
  auth: RemoteAuth | null;
}

/** The SDK's auth provider for one server's transport, and the fetch it sends through. */
export interface RemoteAuth {
  provider: OAuthClientProvider;
  fetch: FetchLike;
}

export interface PlanSources {
  secrets: CredentialSecretSource;
  /** The console's own environment, which placeholders read only for the variables their server allows. */
  env: Readonly<Record<string, string | undefined>>;
  /** The server's sealed values, opened from the vault (its `${NAME}` placeholders read them). */
  sealed: (serverId: string) => Record<string, string>;
  /** The sign-in a remote server without a credential authorizes with, if any. */
  auth?: ((config: McpServerConfig) => RemoteAuth | null) | undefined;
  /**
   * The headers of a managed server (`managedBy`) that its keeper injects at connect time — the
   * Composio project key as `x-api-key` — never stored with the config.
   */
  managedHeaders?: ((config: McpServerConfig) => Record<string, string>) | undefined;
}

export async function planConnection(config: McpServerConfig, sources: PlanSources): Promise<ConnectionPlan> {
  const policy = placeholderPolicyOf(config);
  // Stored configs were checked when written; a row written otherwise is refused before anything runs.
  requireAllowedPlaceholders(config.transport, policy, allowEnvHint(config.name));
  const secrets: string[] = [];
  const binding = config.credential;
  const credential = binding ? injectedValue(binding, await currentSecret(config, sources)) : undefined;
  if (credential) secrets.push(credential.token, credential.variableValue);
  const sealed = config.sealedVariables.length > 0 ? sources.sealed(config.id) : {};
  secrets.push(...Object.values(sealed));
  const lookup = (name: string) => {
    if (isReservedVariable(name)) return undefined;
    if (Object.hasOwn(sealed, name)) return sealed[name];
    if (credential && name === binding?.variable) return credential.variableValue;
    return mayReadEnvironment(name, policy) ? sources.env[name] : undefined;
  };
  const resolve = (text: string, field: string) => {
    const resolved = resolvePlaceholders(text, lookup, `${field} of MCP server "${config.name}"`);
    secrets.push(...resolved.values);
    return resolved.text;
  };

  const source = config.transport;
  if (source.type === 'stdio') {
    const env = Object.fromEntries(Object.entries(source.env).map(([key, value]) => [key, resolve(value, `env.${key}`)]));
    if (credential && binding?.injection.kind === 'env') env[binding.injection.variable] = credential.token;
    const cwd = source.cwd === null ? null : resolve(source.cwd, 'cwd');
    if (cwd !== null) requireDirectory(cwd, config.name);
    const transport: McpTransportConfig = {
      type: 'stdio',
      command: resolve(source.command, 'command'),
      args: source.args.map((arg, i) => resolve(arg, `args[${i}]`)),
      env,
      cwd,
    };
    return { transport, redactor: new Redactor(secrets), fetch: null, childToken: credential?.token ?? null, auth: null };
  }
  const managed = config.managedBy && sources.managedHeaders ? sources.managedHeaders(config) : {};
  secrets.push(...Object.values(managed));
  const headers = { ...Object.fromEntries(Object.entries(source.headers).map(([key, value]) => [key, resolve(value, `headers.${key}`)])), ...managed };
  const transport: McpTransportConfig = { type: source.type, url: resolve(source.url, 'url'), headers };
  const redactor = new Redactor(secrets);
  if (!credential || !binding) {
    const auth = sources.auth?.(config) ?? null;
    return { transport, redactor, fetch: auth?.fetch ?? null, childToken: null, auth };
  }
  return { transport, redactor, fetch: credentialFetch(binding, sources.secrets, redactor), childToken: null, auth: null };
}

/** The secret for connecting, its errors told as this server's. */
async function currentSecret(config: McpServerConfig, sources: PlanSources): Promise<CredentialSecret> {
  try {
    return await sources.secrets.current(config.credential!.credentialId);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError(error.code, `MCP server "${config.name}": ${error.message}`, error.hint, { cause: error });
    }
    throw error;
  }
}

/**
 * Headers are case-insensitive: the injected header replaces any of that name the config had.
 * A request body the SDK sends is a string, so the one retry after a 401 can send it again.
 */
function credentialFetch(binding: McpCredentialBinding, secrets: CredentialSecretSource, redactor: Redactor): FetchLike {
  const send = (url: string | URL, init: RequestInit | undefined, secret: CredentialSecret) => {
    const injected = injectedValue(binding, secret);
    redactor.add(injected.token, injected.variableValue);
    const headers = new Headers(init?.headers);
    headers.set(injected.header, injected.headerValue);
    return fetch(url, { ...init, headers });
  };
  return async (url, init) => {
    const secret = await secrets.current(binding.credentialId);
    const response = await send(url, init, secret);
    if (response.status !== 401) return response;
    const renewed = await secrets.renew(binding.credentialId, secret.token);
    if (!renewed) return response;
    await response.body?.cancel();
    return send(url, init, renewed);
  };
}

interface InjectedValue {
  token: string;
  /** What `${<variable>}` resolves to: the token, or for basic the base64 `user:password`. */
  variableValue: string;
  header: string;
  headerValue: string;
}

function injectedValue(binding: McpCredentialBinding, secret: CredentialSecret): InjectedValue {
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

function requireDirectory(cwd: string, serverName: string): void {
  if (existsSync(cwd) && statSync(cwd).isDirectory()) return;
  throw new AppError(
    'mcp_cwd_missing',
    `The working directory ${cwd} of MCP server "${serverName}" does not exist.`,
    'Create the directory, or edit the server’s cwd.',
  );
}

/** Whether a connection opened from `a` must be opened again for `b`. */
export function connectionInputsDiffer(a: McpServerConfig, b: McpServerConfig): boolean {
  return (
    JSON.stringify(a.transport) !== JSON.stringify(b.transport) ||
    a.credential?.credentialId !== b.credential?.credentialId ||
    JSON.stringify(a.credential?.injection) !== JSON.stringify(b.credential?.injection) ||
    a.connectTimeoutMs !== b.connectTimeoutMs ||
    a.sealedVariables.join() !== b.sealedVariables.join() ||
    a.name !== b.name
  );
}
