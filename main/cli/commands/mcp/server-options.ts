import type { Command } from 'commander';
import type { McpServerConfig } from '../../../mcp/types.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { BadOption, collect, positiveInt } from '../../kit.ts';
import type { ScopeOptions } from './scope.ts';

export type ServerOptions = ScopeOptions & {
  command?: string;
  arg?: string[];
  env?: string[];
  cwd?: string;
  url?: string;
  transport?: string;
  header?: string[];
  allowEnv?: string[];
  credential?: string;
  inject?: string;
  provider?: string;
  timeout?: string;
  disabled?: boolean;
  json?: boolean;
};

type Transport = MethodInput<'mcp.servers.create'>['transport'];
type Injection = NonNullable<MethodInput<'mcp.servers.bindCredential'>['injection']>;

/** The options `mcp add` and `mcp edit` share: the transport, the credential and its injection, the provider, the timeout. */
export function serverOptions(command: Command): Command {
  return command
    .option('--command <cmd>', 'stdio: the program to run')
    .option('--arg <arg>', 'stdio: an argument (repeat for more)', collect)
    .option('--env <K=V>', 'stdio: an environment variable (repeat; values may hold ${VAR})', collect)
    .option('--cwd <dir>', 'stdio: the working directory')
    .option('--url <url>', 'remote: the server URL')
    .option('--transport <type>', 'remote: streamable-http or sse')
    .option('--header <"K: V">', 'remote: a header (repeat; values may hold ${VAR})', collect)
    .option('--allow-env <VAR>', 'let ${VAR} placeholders read VAR from the console environment (repeat; CREWSHIP_* never)', collect)
    .option('--credential <id>', 'a credential to inject at connect time')
    .option('--inject <how>', 'bearer | api_key:<Header> | basic | env:<VAR>')
    .option('--provider <provider>', 'the OAuth provider this server uses (auto-bind)')
    .option('--timeout <ms>', 'connect timeout in milliseconds')
    .option('--json', 'print JSON');
}

export function newTransport(options: ServerOptions): Transport {
  if (options.command && options.url) throw new BadOption('give --command (stdio) or --url (remote), not both');
  if (options.command) {
    if (options.header || options.transport) throw new BadOption('--header and --transport are for remote servers');
    return { type: 'stdio', command: options.command, args: options.arg ?? [], env: pairs(options.env ?? [], '=', '--env'), cwd: options.cwd ?? null };
  }
  if (options.url) {
    if (options.arg || options.env || options.cwd) throw new BadOption('--arg, --env and --cwd are for stdio servers');
    return { type: remoteType(options.transport ?? 'streamable-http'), url: options.url, headers: pairs(options.header ?? [], ':', '--header') };
  }
  throw new BadOption('give --command <cmd> for a stdio server or --url <url> for a remote one');
}

export function editedTransport(current: McpServerConfig, options: Omit<ServerOptions, 'credential' | 'allowEnv'>): Transport | undefined {
  const touched = [options.command, options.arg, options.env, options.cwd, options.url, options.transport, options.header].some((value) => value !== undefined);
  if (!touched) return undefined;
  if (options.command || (current.transport.type === 'stdio' && !options.url)) {
    const base = current.transport.type === 'stdio' ? current.transport : undefined;
    const command = options.command ?? base?.command;
    if (!command) throw new BadOption('a stdio server needs --command');
    return {
      type: 'stdio',
      command,
      args: options.arg ?? base?.args ?? [],
      env: options.env ? pairs(options.env, '=', '--env') : (base?.env ?? {}),
      cwd: options.cwd ?? base?.cwd ?? null,
    };
  }
  const base = current.transport.type !== 'stdio' ? current.transport : undefined;
  const url = options.url ?? base?.url;
  if (!url) throw new BadOption('a remote server needs --url');
  return {
    type: remoteType(options.transport ?? base?.type ?? 'streamable-http'),
    url,
    headers: options.header ? pairs(options.header, ':', '--header') : (base?.headers ?? {}),
  };
}

export function credentialOf(
  options: { credential?: string; inject?: string },
  transportType: string,
  current?: McpServerConfig,
): { credentialId: string; injection: Injection } | undefined {
  if (!options.credential && !options.inject) return undefined;
  const credentialId = options.credential ?? current?.credential?.credentialId;
  if (!credentialId) throw new BadOption('--inject needs --credential');
  const injection = options.inject ? parseInjection(options.inject) : (current?.credential?.injection ?? defaultInjection(transportType));
  return { credentialId, injection };
}

export function timeoutOf(options: { timeout?: string }): number | null {
  return options.timeout === undefined ? null : positiveInt(options.timeout, '--timeout');
}

export function injectionLabel(injection: Injection): string {
  return injection.kind === 'api_key' ? `api_key:${injection.header}` : injection.kind === 'env' ? `env:${injection.variable}` : injection.kind;
}

function defaultInjection(transportType: string): Injection {
  if (transportType === 'stdio') throw new BadOption('a stdio server needs --inject env:<VAR>');
  return { kind: 'bearer' };
}

function parseInjection(spec: string): Injection {
  if (spec === 'bearer' || spec === 'basic') return { kind: spec };
  const [kind, value] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  if (kind === 'api_key' && value) return { kind: 'api_key', header: value };
  if (kind === 'env' && value) return { kind: 'env', variable: value };
  throw new BadOption(`--inject "${spec}" is not bearer, basic, api_key:<Header> or env:<VAR>`);
}

function remoteType(value: string): 'streamable-http' | 'sse' {
  if (value === 'streamable-http' || value === 'http') return 'streamable-http';
  if (value === 'sse') return 'sse';
  throw new BadOption(`--transport "${value}" is not streamable-http or sse`);
}

function pairs(values: string[], separator: string, option: string): Record<string, string> {
  return Object.fromEntries(
    values.map((value) => {
      const at = value.indexOf(separator);
      if (at <= 0) throw new BadOption(`${option} "${value}" is not of the form K${separator === '=' ? '=V' : ': V'}`);
      return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
    }),
  );
}
